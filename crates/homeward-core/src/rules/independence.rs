//! Who may hold a return interview: someone independent of the case (statutory guidance, DOMAIN.md "Return home
//! interview"), who can see it once it is theirs. Not the child's allocated social worker, not staff of their
//! placement, not the police, not anyone who has worked the episode (assessed its risk, recorded its return, its
//! safe and well check or its council category); and not someone whose scope would hide the interview from them
//! (another council's social worker). Pure: the service gathers the facts, and both the assignment and the list of
//! people offered to hold it ask this one rule.

use crate::domain::agency::AgencyKind;
use crate::domain::ids::UserId;
use crate::domain::person::Person;
use crate::domain::user::{Role, User};
use crate::error::CoreError;

/// The roles whose holders conduct return interviews: interview practitioners, and council coordinators and
/// social workers. Everyone offered to hold one is of these roles, then checked against the case.
pub const INTERVIEWERS: [Role; 3] = [Role::RhiPractitioner, Role::SocialWorker, Role::LaCoordinator];

/// Someone who might hold the interview, with what the rule weighs about them.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub user: &'a User,
    pub agency_kind: AgencyKind,
    /// Whether the interview would be within their scope once assigned to them, as the store applies scope.
    pub would_see: bool,
}

/// The case the interview belongs to: its person, and everyone who has worked the episode.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    pub person: &'a Person,
    pub worked_by: &'a [UserId],
}

/// Why someone may not hold the interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    AllocatedWorker,
    Placement,
    Police,
    WorkedTheCase,
    NotAnInterviewer,
    WouldNotSeeIt,
}

impl Refusal {
    /// The stable code a caller sees: `not_independent` for anyone involved in the case, `not_an_interviewer` for
    /// a role that holds no interviews, `would_not_see_it` for someone outside the case's scope.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::AllocatedWorker | Refusal::Placement | Refusal::Police | Refusal::WorkedTheCase => {
                "not_independent"
            }
            Refusal::NotAnInterviewer => "not_an_interviewer",
            Refusal::WouldNotSeeIt => "would_not_see_it",
        }
    }

    /// The reason, in words for the person assigning the interview.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::AllocatedWorker => "they are the child's allocated social worker",
            Refusal::Placement => "they work for the person's placement",
            Refusal::Police => "police officers work the missing investigation and are not independent of it",
            Refusal::WorkedTheCase => {
                "they have worked this episode (assessed its risk, recorded its return, its safe and well check or \
                 its category)"
            }
            Refusal::NotAnInterviewer => {
                "only return interview practitioners and council staff conduct return interviews"
            }
            Refusal::WouldNotSeeIt => "the case is not shared with their agency, so they could not see the interview",
        }
    }

    /// The 422 answer, naming the field that chose them.
    pub fn error(self) -> CoreError {
        CoreError::Rule {
            code: self.code(),
            message: format!("This person cannot hold the interview: {}.", self.reason()),
            field: Some("practitioner_id"),
        }
    }
}

/// Why the candidate may not hold the interview of this case; `None` when they may.
pub fn refusal(candidate: &Candidate<'_>, case: &Case<'_>) -> Option<Refusal> {
    let (user, person) = (candidate.user, case.person);
    if person.allocated_worker_id == Some(user.id) {
        Some(Refusal::AllocatedWorker)
    } else if candidate.agency_kind == AgencyKind::CareProvider && person.placement_provider_id == Some(user.agency_id)
    {
        Some(Refusal::Placement)
    } else if candidate.agency_kind == AgencyKind::Police {
        Some(Refusal::Police)
    } else if case.worked_by.contains(&user.id) {
        Some(Refusal::WorkedTheCase)
    } else if !INTERVIEWERS.contains(&user.role) {
        Some(Refusal::NotAnInterviewer)
    } else if !candidate.would_see {
        Some(Refusal::WouldNotSeeIt)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::credentials::PasswordHash;
    use crate::domain::ids::{AgencyId, PersonId};
    use crate::domain::person::Sex;
    use crate::domain::text::{DisplayName, PersonName};
    use crate::domain::time::Timestamp;
    use crate::domain::user::Email;

    fn user(role: Role, agency_id: AgencyId) -> User {
        User {
            id: UserId::random(),
            email: Email::parse("someone@test.example").expect("valid"),
            name: DisplayName::parse("Test User").expect("valid"),
            agency_id,
            role,
            active: true,
            password_hash: PasswordHash::from_stored(String::new()),
            created_at: Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").expect("valid"),
        }
    }

    fn child(worker: UserId, provider: AgencyId) -> Person {
        Person {
            id: PersonId::random(),
            given_name: PersonName::parse("Synthetic").expect("valid"),
            family_name: PersonName::parse("Child").expect("valid"),
            date_of_birth: time::macros::date!(2012 - 03 - 04),
            sex: Sex::Female,
            looked_after: true,
            responsible_la_id: Some(AgencyId::random()),
            host_la_id: None,
            placement_provider_id: Some(provider),
            allocated_worker_id: Some(worker),
            recorded_by_agency_id: None,
            created_at: Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").expect("valid"),
        }
    }

    fn judge(user: &User, kind: AgencyKind, would_see: bool, person: &Person, worked_by: &[UserId]) -> Option<Refusal> {
        refusal(&Candidate { user, agency_kind: kind, would_see }, &Case { person, worked_by })
    }

    #[test]
    fn an_independent_practitioner_who_would_see_it_may_hold_it() {
        let council = AgencyId::random();
        let worker = user(Role::SocialWorker, council);
        let person = child(worker.id, AgencyId::random());
        let practitioner = user(Role::RhiPractitioner, AgencyId::random());
        assert_eq!(judge(&practitioner, AgencyKind::RhiProvider, true, &person, &[]), None);
        let colleague = user(Role::SocialWorker, council);
        assert_eq!(judge(&colleague, AgencyKind::LocalAuthority, true, &person, &[worker.id]), None);
    }

    #[test]
    fn those_caring_for_the_child_or_working_the_case_are_not_independent() {
        let council = AgencyId::random();
        let provider = AgencyId::random();
        let worker = user(Role::SocialWorker, council);
        let person = child(worker.id, provider);
        let kind = AgencyKind::LocalAuthority;
        assert_eq!(judge(&worker, kind, true, &person, &[]), Some(Refusal::AllocatedWorker));
        let carer = user(Role::CareStaff, provider);
        assert_eq!(judge(&carer, AgencyKind::CareProvider, true, &person, &[]), Some(Refusal::Placement));
        let officer = user(Role::PoliceOfficer, AgencyId::random());
        assert_eq!(judge(&officer, AgencyKind::Police, true, &person, &[]), Some(Refusal::Police));
        let assessor = user(Role::LaCoordinator, council);
        assert_eq!(judge(&assessor, kind, true, &person, &[assessor.id]), Some(Refusal::WorkedTheCase));
        for refused in [Refusal::AllocatedWorker, Refusal::Placement, Refusal::Police, Refusal::WorkedTheCase] {
            assert_eq!(refused.code(), "not_independent");
        }
    }

    #[test]
    fn roles_that_hold_no_interviews_and_those_who_could_not_see_it_are_refused() {
        let person = child(UserId::random(), AgencyId::random());
        let manager = user(Role::LaSeniorManager, AgencyId::random());
        let refused = judge(&manager, AgencyKind::LocalAuthority, true, &person, &[]);
        assert_eq!(refused.map(Refusal::code), Some("not_an_interviewer"));
        let elsewhere = user(Role::SocialWorker, AgencyId::random());
        let refused = judge(&elsewhere, AgencyKind::LocalAuthority, false, &person, &[]);
        assert_eq!(refused, Some(Refusal::WouldNotSeeIt));
        let error = Refusal::WouldNotSeeIt.error();
        assert!(
            matches!(error, CoreError::Rule { code: "would_not_see_it", field: Some("practitioner_id"), .. }),
            "{error:?}"
        );
    }
}
