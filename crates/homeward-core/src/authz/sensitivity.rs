//! How sensitive each field is, and who reads each class, as data. A record leaves a service only through
//! [`redact`], which clears every field of a class the actor does not read ([`FIELDS`] names them, [`READERS`] says
//! who reads what) and answers the classes withheld, so the API, the pages and every export get the same record.
//! Fields not named in [`FIELDS`] are ordinary case data.

use crate::domain::code_enum;
use crate::domain::profile::Profile;
use crate::domain::return_interview::{InterviewRecord, ReturnInterview, SafeAndWellCheck};
use crate::domain::risk::{RiskAssessment, RiskSide};
use crate::domain::user::Role;

use super::permission::{CASE_STAFF, CHILDS_ACCOUNT_READERS, POLICE_AND_COUNCIL};
use super::{Actor, Identity};

code_enum! {
    /// The sensitivity classes of a record's fields.
    pub enum Sensitivity {
        CaseData => "case_data",
        Health => "health",
        PoliceIntelligence => "police_intelligence",
        ChildsAccount => "childs_account",
    }
}

impl Sensitivity {
    /// The class in words, for people reading the table.
    pub fn describe(self) -> &'static str {
        match self {
            Sensitivity::CaseData => "ordinary case data",
            Sensitivity::Health => "health: medical needs, medication, vulnerabilities",
            Sensitivity::PoliceIntelligence => "police disclosures and intelligence",
            Sensitivity::ChildsAccount => {
                "the child's own account: the words of the interview's record (its codes stay), of support sessions, and \
                 what a helpline contact asked"
            }
        }
    }
}

/// The roles that read a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readers {
    pub class: Sensitivity,
    pub roles: &'static [Role],
}

/// Who reads each class; analysts (figures only) and admins (users only) read no case record at all. Operators
/// read every class. Councils read police intelligence (they grade risk jointly with the police); nothing in
/// Homeward is marked police-only.
pub const READERS: &[Readers] = &[
    Readers { class: Sensitivity::CaseData, roles: CASE_STAFF },
    Readers { class: Sensitivity::Health, roles: CASE_STAFF },
    Readers { class: Sensitivity::PoliceIntelligence, roles: POLICE_AND_COUNCIL },
    Readers { class: Sensitivity::ChildsAccount, roles: CHILDS_ACCOUNT_READERS },
];

/// A field of a record that is not ordinary case data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The record, as the API names it.
    pub record: &'static str,
    /// The field, as the API names it.
    pub name: &'static str,
    pub class: Sensitivity,
}

const fn field(record: &'static str, name: &'static str, class: Sensitivity) -> Field {
    Field { record, name, class }
}

/// Every field that is not ordinary case data, with its class.
pub const FIELDS: &[Field] = &[
    field("safe_and_well", "disclosures", Sensitivity::PoliceIntelligence),
    // The police's assessments whole (rationale, answers, override reason); their grade stays in the episode's `risk`.
    field("assessments", "police", Sensitivity::PoliceIntelligence),
    // The record keeps its codes (harm, factors, indicators) for everyone; its words are the child's account.
    field("return_interview", "record", Sensitivity::ChildsAccount),
    // What was said in support sessions is the person's own account; the safety plan stays case data, as the carers
    // keeping the child safe need it.
    field("support_plan", "session_notes", Sensitivity::ChildsAccount),
    // What someone asked a helpline is their own account too; when, how and who called, and the sharing basis, are
    // what the council acts on.
    field("helpline_contact", "asked", Sensitivity::ChildsAccount),
    field("profile", "vulnerabilities", Sensitivity::Health),
    field("profile", "medical_needs", Sensitivity::Health),
    field("profile", "medication", Sensitivity::Health),
    field("profile", "gp", Sensitivity::Health),
    field("profile", "mobility_communication_aids", Sensitivity::Health),
];

/// The class of a record's field: ordinary case data unless [`FIELDS`] names it.
pub fn class_of(record: &str, name: &str) -> Sensitivity {
    FIELDS.iter().find(|f| f.record == record && f.name == name).map_or(Sensitivity::CaseData, |f| f.class)
}

/// Whether the actor reads fields of this class.
pub fn reads(actor: &Actor, class: Sensitivity) -> bool {
    match actor.identity {
        Identity::Operator { .. } => true,
        Identity::User { role, agency_kind, .. } => {
            role.fits(agency_kind) && READERS.iter().any(|r| r.class == class && r.roles.contains(&role))
        }
    }
}

/// A record whose fields [`FIELDS`] classes.
pub trait Classified {
    /// The record's name in [`FIELDS`].
    const RECORD: &'static str;
    /// Clears one of the record's fields named in [`FIELDS`].
    fn withhold(&mut self, field: &str);
}

/// Clears every field of the record the actor may not read, and answers the classes withheld, in order.
pub fn redact<T: Classified>(actor: &Actor, record: &mut T) -> Vec<Sensitivity> {
    let mut withheld = Vec::new();
    for field in FIELDS.iter().filter(|f| f.record == T::RECORD && !reads(actor, f.class)) {
        record.withhold(field.name);
        if !withheld.contains(&field.class) {
            withheld.push(field.class);
        }
    }
    withheld.sort_unstable();
    withheld
}

impl Classified for SafeAndWellCheck {
    const RECORD: &'static str = "safe_and_well";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "disclosures", "the safe and well check classes only its disclosures");
        self.disclosures = None;
    }
}

impl Classified for ReturnInterview {
    const RECORD: &'static str = "return_interview";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "record", "an interview classes only its record's words");
        self.record = self.record.as_ref().map(InterviewRecord::codes_only);
    }
}

impl Classified for crate::domain::support::SupportPlan {
    const RECORD: &'static str = "support_plan";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "session_notes", "a support plan classes only its sessions' notes");
        for session in &mut self.sessions {
            session.note = None;
        }
    }
}

impl Classified for crate::domain::helpline::HelplineContact {
    const RECORD: &'static str = "helpline_contact";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "asked", "a helpline contact classes only what was asked");
        self.asked = None;
    }
}

impl Classified for Profile {
    const RECORD: &'static str = "profile";
    fn withhold(&mut self, field: &str) {
        self.fields.remove(field);
    }
}

impl<T: Classified> Classified for Option<T> {
    const RECORD: &'static str = T::RECORD;
    fn withhold(&mut self, field: &str) {
        if let Some(record) = self {
            record.withhold(field);
        }
    }
}

impl Classified for Vec<ReturnInterview> {
    const RECORD: &'static str = ReturnInterview::RECORD;
    fn withhold(&mut self, field: &str) {
        for interview in self {
            interview.withhold(field);
        }
    }
}

/// An episode's risk assessments: the police's own (their rationale, answers and any override reason) are police
/// intelligence; the grades stay on the episode's risk picture for everyone.
impl Classified for Vec<RiskAssessment> {
    const RECORD: &'static str = "assessments";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "police", "the assessments class only the police's own");
        self.retain(|a| a.side != RiskSide::Police);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agency::AgencyKind;
    use crate::domain::ids::{AgencyId, EpisodeId, UserId};
    use crate::domain::text::FreeText;
    use crate::domain::time::Timestamp;

    fn check() -> SafeAndWellCheck {
        let at = Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("valid");
        SafeAndWellCheck {
            episode_id: EpisodeId::random(),
            checked_at: at,
            face_to_face: true,
            disclosures: Some(FreeText::parse("Synthetic disclosure").expect("valid")),
            actions: Some(FreeText::parse("Referred to the council").expect("valid")),
            recorded_by: UserId::random(),
            recorded_at: at,
        }
    }

    #[test]
    fn care_staff_lose_the_disclosures_and_keep_the_actions_and_police_keep_both() {
        let carer = Actor::user(UserId::random(), AgencyId::random(), AgencyKind::CareProvider, Role::CareStaff);
        let mut seen = Some(check());
        assert_eq!(redact(&carer, &mut seen), [Sensitivity::PoliceIntelligence]);
        let seen = seen.expect("still there");
        assert_eq!((seen.disclosures, seen.actions.is_some()), (None, true));
        let officer = Actor::user(UserId::random(), AgencyId::random(), AgencyKind::Police, Role::PoliceOfficer);
        let mut seen = check();
        assert!(redact(&officer, &mut seen).is_empty());
        assert!(seen.disclosures.is_some());
    }

    #[test]
    fn every_classed_field_is_a_field_its_record_can_clear() {
        let mut profile = Profile {
            person_id: crate::domain::ids::PersonId::random(),
            version: 1,
            kind: crate::domain::profile::ProfileKind::Herbert,
            fields: FIELDS
                .iter()
                .filter(|f| f.record == Profile::RECORD)
                .map(|f| (f.name.to_owned(), FreeText::parse("Synthetic").expect("valid")))
                .collect(),
            saved_by: UserId::random(),
            saved_at: Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("valid"),
        };
        let analyst = Actor::user(UserId::random(), AgencyId::random(), AgencyKind::Police, Role::Analyst);
        assert_eq!(redact(&analyst, &mut profile), [Sensitivity::Health]);
        assert!(profile.fields.is_empty());
        let known = [
            SafeAndWellCheck::RECORD,
            ReturnInterview::RECORD,
            Profile::RECORD,
            "assessments",
            "support_plan",
            "helpline_contact",
        ];
        assert!(FIELDS.iter().all(|f| known.contains(&f.record)), "a class for a record nothing redacts");
    }
}
