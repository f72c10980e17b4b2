//! Who may hold a return home interview: someone independent of the child (statutory guidance, DOMAIN.md): not
//! their allocated social worker, not a carer or care staff of their placement, not a police officer on the case.

use crate::domain::agency::AgencyKind;
use crate::domain::person::Person;
use crate::domain::user::{Role, User};

/// The roles whose holders conduct return interviews: interview practitioners, and council coordinators and
/// social workers. Everyone offered to hold one is of these roles, then checked for independence of the child.
pub const INTERVIEWERS: [Role; 3] = [Role::RhiPractitioner, Role::SocialWorker, Role::LaCoordinator];

/// Why a person may not hold the interview, in words for the person assigning it; `None` when they may.
pub fn not_independent(candidate: &User, candidate_agency: AgencyKind, child: &Person) -> Option<&'static str> {
    if child.allocated_worker_id == Some(candidate.id) {
        return Some("they are the child's allocated social worker");
    }
    if candidate_agency == AgencyKind::CareProvider && child.placement_provider_id == Some(candidate.agency_id) {
        return Some("they work for the child's placement");
    }
    if candidate_agency == AgencyKind::Police {
        return Some("police officers work the missing investigation and are not independent of it");
    }
    if !INTERVIEWERS.contains(&candidate.role) {
        return Some("only return interview practitioners and council staff conduct return interviews");
    }
    None
}
