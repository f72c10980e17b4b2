//! Who writes which return (docs/RETURNS.md): a council's coordinator or senior manager their own council's
//! statutory returns; its analysts only the return interview figures, since Annex A and the SSD table name each
//! child by council id and date of birth and analysts get figures and pseudonymised extracts only (CONTRACT.md);
//! analysts the research extract over what their agency counts; operators any of them. Case workers, providers and
//! admins write none: a return is the council's account of all its children, and the research extract is for
//! analysis, not casework.

use crate::domain::agency::{Agency, AgencyKind};
use crate::domain::returns::ReturnKind;
use crate::domain::user::Role;
use crate::error::CoreError;

use super::{Actor, Identity, Scope};

/// Returns that list each child, identified.
const CHILD_LISTS: &[Role] = &[Role::LaCoordinator, Role::LaSeniorManager];
/// Returns of counts only.
const COUNCIL_FIGURES: &[Role] = &[Role::LaCoordinator, Role::LaSeniorManager, Role::Analyst];

/// The roles that write each kind, besides the service's operators, who write every kind.
pub const RETURN_WRITERS: &[(ReturnKind, &[Role])] = &[
    (ReturnKind::AnnexA, CHILD_LISTS),
    (ReturnKind::Ssd, CHILD_LISTS),
    (ReturnKind::RhiFigures, COUNCIL_FIGURES),
    (ReturnKind::Research, &[Role::Analyst]),
];

/// Whether someone in this role, in an agency of this kind, writes this kind of return (of their own agency).
pub fn writes_return(role: Role, agency: AgencyKind, kind: ReturnKind) -> bool {
    let listed = RETURN_WRITERS.iter().any(|(k, roles)| *k == kind && roles.contains(&role));
    // A council's return is written inside the council; an analyst elsewhere has no council of their own.
    listed && role.fits(agency) && (!kind.is_councils() || agency == AgencyKind::LocalAuthority)
}

impl Actor {
    /// Whether the actor writes this kind of return at all: what the pages offer.
    pub fn may_write_return(&self, kind: ReturnKind) -> bool {
        match self.identity {
            Identity::Operator { .. } => true,
            Identity::User { role, agency_kind, .. } => writes_return(role, agency_kind, kind),
        }
    }

    /// Refuses a kind of return the actor never writes, before anything is looked up.
    pub fn require_return(&self, kind: ReturnKind) -> Result<(), CoreError> {
        if self.may_write_return(kind) {
            Ok(())
        } else {
            Err(CoreError::Forbidden("your role does not write this return"))
        }
    }

    /// The episodes a council's return is read from: what the council's staff see between them. Any council's
    /// for an operator; only their own council's for a user who writes the kind.
    pub fn council_return_scope(&self, kind: ReturnKind, council: &Agency) -> Result<Scope, CoreError> {
        self.require_return(kind)?;
        match self.identity {
            Identity::User { agency_id, .. } if agency_id != council.id => {
                Err(CoreError::Forbidden("only your own council's returns are yours to write"))
            }
            Identity::User { .. } | Identity::Operator { .. } => {
                Ok(Scope::of_agency(AgencyKind::LocalAuthority, council.id))
            }
        }
    }

    /// The episodes the research extract is read from: the analyst's agency's figures scope, or every episode for
    /// an operator.
    pub fn research_scope(&self) -> Result<Scope, CoreError> {
        self.require_return(ReturnKind::Research)?;
        match self.identity {
            Identity::Operator { .. } => Ok(Scope::All),
            Identity::User { .. } => self.figures_scope(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AgencyId, UserId};

    fn council(id: AgencyId) -> Agency {
        Agency {
            id,
            code: crate::domain::agency::AgencyCode::parse("E10000023").expect("valid"),
            name: crate::domain::text::DisplayName::parse("A County Council").expect("valid"),
            kind: AgencyKind::LocalAuthority,
            police_force_id: None,
        }
    }

    #[test]
    fn council_returns_are_the_councils_own_and_research_is_for_analysts() {
        let own = AgencyId::random();
        let user = |kind, role| Actor::user(UserId::random(), own, kind, role);
        let coordinator = user(AgencyKind::LocalAuthority, Role::LaCoordinator);
        assert!(coordinator.council_return_scope(ReturnKind::AnnexA, &council(own)).is_ok());
        assert!(coordinator.council_return_scope(ReturnKind::Ssd, &council(AgencyId::random())).is_err());
        assert!(!coordinator.may_write_return(ReturnKind::Research));
        assert!(!user(AgencyKind::LocalAuthority, Role::SocialWorker).may_write_return(ReturnKind::AnnexA));
        assert!(!user(AgencyKind::Police, Role::Analyst).may_write_return(ReturnKind::RhiFigures));
        let analyst = user(AgencyKind::LocalAuthority, Role::Analyst);
        assert!(analyst.council_return_scope(ReturnKind::RhiFigures, &council(own)).is_ok());
        assert!(!analyst.may_write_return(ReturnKind::AnnexA) && !analyst.may_write_return(ReturnKind::Ssd));
        assert_eq!(analyst.research_scope().ok(), Some(Scope::LocalAuthority(own)));
        assert!(user(AgencyKind::Police, Role::Admin).research_scope().is_err());
        assert_eq!(Actor::operator("export research").research_scope().ok(), Some(Scope::All));
    }
}
