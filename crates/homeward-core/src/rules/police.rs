//! Which police force an episode belongs to (DOMAIN.md, Who may see what: "Every episode has a police force,
//! whoever reports it"): the force covering the place the person went missing from.

use crate::domain::agency::{Agency, AgencyKind};
use crate::domain::ids::AgencyId;

/// What is known, when an episode is reported, about where the person went missing from.
#[derive(Debug, Clone, Copy)]
pub struct ReportPlace<'a> {
    /// The agency reporting.
    pub reporter: &'a Agency,
    /// A force the reporter names in the report, already checked to be a police force.
    pub named_force: Option<&'a Agency>,
    /// The council hosting the person's current placement.
    pub host_council: Option<&'a Agency>,
    /// The council whose area the episode belongs to (the responsible council, or the reporting council).
    pub area_council: Option<&'a Agency>,
}

/// The force an episode gets: the one the reporter names; else the reporting force itself; else the force of the
/// placement's host council (the child lives there); else the force of the area's council; else, for a care
/// provider registered with a force, that force. `None` means nobody can tell, and the reporter must name one.
pub fn covering_force(place: &ReportPlace<'_>) -> Option<AgencyId> {
    if let Some(named) = place.named_force {
        return Some(named.id);
    }
    if place.reporter.kind == AgencyKind::Police {
        return Some(place.reporter.id);
    }
    let council_force = |council: Option<&Agency>| council.and_then(|c| c.police_force_id);
    council_force(place.host_council).or_else(|| council_force(place.area_council)).or(place.reporter.police_force_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agency::AgencyCode;
    use crate::domain::text::DisplayName;

    fn agency(code: &str, kind: AgencyKind, force: Option<&Agency>) -> Agency {
        Agency {
            id: AgencyId::random(),
            code: AgencyCode::parse(code).expect("valid"),
            name: DisplayName::parse(code).expect("valid"),
            kind,
            police_force_id: force.map(|f| f.id),
        }
    }

    #[test]
    fn the_force_covers_where_the_person_went_missing_from() {
        let force_a = agency("FA", AgencyKind::Police, None);
        let force_b = agency("FB", AgencyKind::Police, None);
        let council_x = agency("E0000000X", AgencyKind::LocalAuthority, Some(&force_a));
        let council_y = agency("E0000000Y", AgencyKind::LocalAuthority, Some(&force_b));
        let carer = agency("CARER", AgencyKind::CareProvider, None);
        let place = |reporter, named_force, host_council, area_council| ReportPlace {
            reporter,
            named_force,
            host_council,
            area_council,
        };
        // A care provider's report of a child placed in council Y's area: force B, not the placing council's.
        assert_eq!(covering_force(&place(&carer, None, Some(&council_y), Some(&council_x))), Some(force_b.id));
        // Not placed out of area: the area council's force.
        assert_eq!(covering_force(&place(&carer, None, None, Some(&council_x))), Some(force_a.id));
        // A council reporting one of its own children: its force.
        assert_eq!(covering_force(&place(&council_x, None, None, Some(&council_x))), Some(force_a.id));
        // A force reports: itself; a named force wins over everything.
        assert_eq!(covering_force(&place(&force_b, None, None, Some(&council_x))), Some(force_b.id));
        assert_eq!(covering_force(&place(&carer, Some(&force_a), Some(&council_y), None)), Some(force_a.id));
        // Nothing to go on: the reporter must name one.
        assert_eq!(covering_force(&place(&carer, None, None, None)), None);
        let unlinked = agency("E0000000U", AgencyKind::LocalAuthority, None);
        assert_eq!(covering_force(&place(&unlinked, None, None, Some(&unlinked))), None);
        // A care provider registered with a force falls back to it.
        let linked_carer = agency("CARER2", AgencyKind::CareProvider, Some(&force_b));
        assert_eq!(covering_force(&place(&linked_carer, None, None, None)), Some(force_b.id));
    }
}
