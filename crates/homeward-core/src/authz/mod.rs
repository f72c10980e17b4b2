//! Who is acting, and what they may see and do. Every service takes an [`Actor`]; the store narrows every query to
//! the actor's [`Scope`], so a record outside it is simply not found. What the actor may then do to a record it sees
//! is the permission table ([`GRANTS`]), asked through [`check`] by every service and through [`actions`] for the
//! records handed to the pages and the API.

mod permission;
mod reach;
mod returns;
mod sensitivity;
mod subject;
pub mod table;

pub use permission::{
    Action, GRANTS, Grant, OPERATOR_GRANTS, RecordKind, Relationship, check_at_all, may, may_at_all,
    may_receive_digest, permits,
};
pub use reach::{Ages, Reach, SIGHTS, ScopeKind, Sight};
pub use returns::{RETURN_WRITERS, writes_return};
pub use sensitivity::{Classified, FIELDS, Field, READERS, Readers, Sensitivity, class_of, reads, redact};
pub use subject::{Actions, EpisodeFacts, Subject, actions, check, helpline_standing, relationships};

use crate::domain::agency::{Agency, AgencyKind};
use crate::domain::ids::{AgencyId, UserId};
use crate::domain::risk::RiskSide;
use crate::domain::user::Role;
use crate::error::CoreError;

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A signed-in user, acting for their agency in their role.
    User { user_id: UserId, agency_id: AgencyId, agency_kind: AgencyKind, role: Role },
    /// Someone with shell access to the server running a `homeward` command (migrate, demo, import, user add).
    Operator { command: &'static str },
}

/// An identity plus the request it acts in, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub identity: Identity,
    pub request_id: Option<String>,
}

/// The case records an actor may see. Stores turn this into the condition of every case query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every record: operators running server commands.
    All,
    /// Episodes the force investigates, recorded, or that started in a council area it covers.
    PoliceForce(AgencyId),
    /// Children the council is responsible for or hosts (or, with no responsible council, who went missing from its
    /// area), what it recorded, and adults only where it has been asked to act. [`SIGHTS`] says exactly.
    LocalAuthority(AgencyId),
    /// People placed with the provider, and their episodes.
    CareProvider(AgencyId),
    /// Only what is assigned to this interview practitioner.
    Practitioner(UserId),
    /// Episodes whose interviews are held by this provider's practitioners: the provider's figures, never a case
    /// list (no role's case scope is this).
    InterviewProvider(AgencyId),
    /// No case records at all: analysts (figures only) and admins (users only).
    Nothing,
}

impl Scope {
    /// What an agency's staff see between them: its figures are counted over this.
    pub fn of_agency(kind: AgencyKind, agency: AgencyId) -> Self {
        match kind {
            AgencyKind::Police => Scope::PoliceForce(agency),
            AgencyKind::LocalAuthority => Scope::LocalAuthority(agency),
            AgencyKind::CareProvider => Scope::CareProvider(agency),
            AgencyKind::RhiProvider => Scope::InterviewProvider(agency),
        }
    }
}

impl Actor {
    pub fn user(user_id: UserId, agency_id: AgencyId, agency_kind: AgencyKind, role: Role) -> Self {
        Self { identity: Identity::User { user_id, agency_id, agency_kind, role }, request_id: None }
    }

    pub fn operator(command: &'static str) -> Self {
        Self { identity: Identity::Operator { command }, request_id: None }
    }

    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    pub fn user_id(&self) -> Option<UserId> {
        match self.identity {
            Identity::User { user_id, .. } => Some(user_id),
            Identity::Operator { .. } => None,
        }
    }

    pub fn agency_id(&self) -> Option<AgencyId> {
        match self.identity {
            Identity::User { agency_id, .. } => Some(agency_id),
            Identity::Operator { .. } => None,
        }
    }

    /// Whether the actor's role may have the daily digest of their agency's alerts: the one answer pages, the API
    /// and the service all give.
    pub fn may_receive_digest(&self) -> bool {
        self.role().is_some_and(may_receive_digest)
    }

    pub fn role(&self) -> Option<Role> {
        match self.identity {
            Identity::User { role, .. } => Some(role),
            Identity::Operator { .. } => None,
        }
    }

    /// How the actor is named in the audit log: the role, or `operator:COMMAND`.
    pub fn audit_role(&self) -> String {
        match &self.identity {
            Identity::User { role, .. } => role.as_str().to_owned(),
            Identity::Operator { command } => format!("operator:{command}"),
        }
    }

    /// The case records this actor may see.
    pub fn case_scope(&self) -> Scope {
        match self.identity {
            Identity::Operator { .. } => Scope::All,
            Identity::User { user_id, agency_id, role, .. } => match role {
                Role::PoliceOfficer | Role::PoliceSupervisor => Scope::PoliceForce(agency_id),
                Role::LaCoordinator | Role::SocialWorker | Role::LaSeniorManager => Scope::LocalAuthority(agency_id),
                Role::CareStaff => Scope::CareProvider(agency_id),
                Role::RhiPractitioner => Scope::Practitioner(user_id),
                Role::Analyst | Role::Admin => Scope::Nothing,
            },
        }
    }

    /// The case records this actor may list and work: their case scope, refused outright for roles that see
    /// figures or users only (analysts, admins), whose lists would otherwise come back empty without a word.
    pub fn case_records(&self) -> Result<Scope, CoreError> {
        match self.case_scope() {
            Scope::Nothing => Err(CoreError::Forbidden("this role sees figures or users only, never case records")),
            scope => Ok(scope),
        }
    }

    /// The side whose view of risk the actor gives, decided by their role: the police's, or children's services'.
    pub fn risk_side(&self) -> Option<RiskSide> {
        match self.role()? {
            Role::PoliceOfficer | Role::PoliceSupervisor => Some(RiskSide::Police),
            Role::LaCoordinator | Role::SocialWorker | Role::LaSeniorManager => Some(RiskSide::ChildrensServices),
            Role::RhiPractitioner | Role::CareStaff | Role::Analyst | Role::Admin => None,
        }
    }

    /// The episodes whose key figures the actor may see: their case scope for those who work cases, their agency's
    /// for analysts (who see figures, never records), every episode for operators. Admins see none.
    pub fn figures_scope(&self) -> Result<Scope, CoreError> {
        match self.identity {
            Identity::User { agency_id, agency_kind, role: Role::Analyst, .. } => {
                Ok(Scope::of_agency(agency_kind, agency_id))
            }
            Identity::User { role: Role::Admin, .. } => {
                Err(CoreError::Forbidden("administrators manage users and see no figures"))
            }
            Identity::User { .. } | Identity::Operator { .. } => Ok(self.case_scope()),
        }
    }

    /// The episodes counted when the actor names an agency: for an operator, what that agency's staff see between
    /// them; a user may name only their own agency, which changes nothing.
    pub fn figures_scope_naming(&self, agency: &Agency) -> Result<Scope, CoreError> {
        match self.identity {
            Identity::Operator { .. } => Ok(Scope::of_agency(agency.kind, agency.id)),
            Identity::User { agency_id, .. } if agency_id == agency.id => self.figures_scope(),
            Identity::User { .. } => Err(CoreError::Forbidden("only your own agency's figures are yours to see")),
        }
    }

    /// Whose episodes the actor's hotspots count, and whether they may see named places (not only postcode sectors
    /// and districts): those who may read intelligence count their case scope, place by place; analysts their
    /// agency's figures scope, by sector and district only; operators everything.
    pub fn hotspot_scope(&self) -> Result<(Scope, bool), CoreError> {
        match self.identity {
            Identity::Operator { .. } => Ok((Scope::All, true)),
            Identity::User { role: Role::Analyst, .. } => Ok((self.figures_scope()?, false)),
            Identity::User { .. } => {
                check_at_all(self, Action::ReadIntelligence)?;
                Ok((self.case_scope(), true))
            }
        }
    }

    /// Registering agencies is for the service's operators only.
    pub fn require_operator(&self, action: &'static str) -> Result<(), CoreError> {
        match self.identity {
            Identity::Operator { .. } => Ok(()),
            Identity::User { .. } => Err(CoreError::Forbidden(action)),
        }
    }

    /// Users of an agency are managed by that agency's admins, or by operators.
    pub fn require_user_manager_of(&self, agency: AgencyId) -> Result<(), CoreError> {
        match self.identity {
            Identity::Operator { .. } => Ok(()),
            Identity::User { agency_id, role: Role::Admin, .. } if agency_id == agency => Ok(()),
            Identity::User { .. } => Err(CoreError::Forbidden("only an admin of that agency may manage its users")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_only_its_own_scope() {
        let agency = AgencyId::random();
        let user = UserId::random();
        let scope = |kind, role| Actor::user(user, agency, kind, role).case_scope();
        assert_eq!(scope(AgencyKind::Police, Role::PoliceOfficer), Scope::PoliceForce(agency));
        assert_eq!(scope(AgencyKind::LocalAuthority, Role::SocialWorker), Scope::LocalAuthority(agency));
        assert_eq!(scope(AgencyKind::RhiProvider, Role::RhiPractitioner), Scope::Practitioner(user));
        assert_eq!(scope(AgencyKind::CareProvider, Role::CareStaff), Scope::CareProvider(agency));
        assert_eq!(scope(AgencyKind::Police, Role::Analyst), Scope::Nothing);
        assert_eq!(scope(AgencyKind::LocalAuthority, Role::Admin), Scope::Nothing);
        assert_eq!(Actor::operator("demo").case_scope(), Scope::All);
    }

    #[test]
    fn analysts_count_what_their_agency_sees_and_admins_nothing() {
        let agency = AgencyId::random();
        let user = UserId::random();
        let figures = |kind, role| Actor::user(user, agency, kind, role).figures_scope().ok();
        assert_eq!(figures(AgencyKind::Police, Role::Analyst), Some(Scope::PoliceForce(agency)));
        assert_eq!(figures(AgencyKind::LocalAuthority, Role::Analyst), Some(Scope::LocalAuthority(agency)));
        assert_eq!(figures(AgencyKind::CareProvider, Role::Analyst), Some(Scope::CareProvider(agency)));
        assert_eq!(figures(AgencyKind::RhiProvider, Role::Analyst), Some(Scope::InterviewProvider(agency)));
        assert_eq!(figures(AgencyKind::RhiProvider, Role::RhiPractitioner), Some(Scope::Practitioner(user)));
        assert_eq!(figures(AgencyKind::LocalAuthority, Role::LaCoordinator), Some(Scope::LocalAuthority(agency)));
        assert_eq!(figures(AgencyKind::Police, Role::Admin), None);
        assert_eq!(Actor::operator("stats").figures_scope().ok(), Some(Scope::All));
    }

    #[test]
    fn admins_manage_only_their_own_agency() {
        let agency = AgencyId::random();
        let admin = Actor::user(UserId::random(), agency, AgencyKind::Police, Role::Admin);
        assert!(admin.require_user_manager_of(agency).is_ok());
        assert!(admin.require_user_manager_of(AgencyId::random()).is_err());
        let officer = Actor::user(UserId::random(), agency, AgencyKind::Police, Role::PoliceSupervisor);
        assert!(officer.require_user_manager_of(agency).is_err());
        assert!(officer.require_operator("register agencies").is_err());
    }
}
