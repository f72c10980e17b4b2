//! Placements' rules (DOMAIN.md, Placements and Deadlines): who is told of a placement and by when.

use time::{Date, Duration, Weekday};

use crate::domain::alert::AlertKind;
use crate::domain::ids::AgencyId;
use crate::domain::placement::Placement;
use crate::domain::text::Postcode;
use crate::rules::alerts::Due;

/// An emergency placement's host council is told within this many working days of its start.
pub const EMERGENCY_NOTICE_WORKING_DAYS: u8 = 5;

/// Whether a placement's host council must be told of it: it is not the council responsible for the child.
pub fn host_is_told(host_la: AgencyId, responsible_la: Option<AgencyId>) -> bool {
    responsible_la != Some(host_la)
}

/// The alert telling the host council of a placement in its area, if another council placed the child there. Its
/// occasion is the date by which the host must be told ([`host_told_by`]); it is raised when the placement is
/// recorded, so Homeward tells the host in time unless the placement itself was recorded late.
pub fn host_alert(placement: &Placement, responsible_la: Option<AgencyId>, recorded_on: Date) -> Option<Due> {
    host_is_told(placement.host_la_id, responsible_la).then(|| Due {
        kind: AlertKind::ChildPlacedInArea,
        agency: placement.host_la_id,
        occasion: crate::domain::time::format_date(host_told_by(placement.started_on, recorded_on)),
    })
}

/// When the host council must have been told: before the placement starts, or for an emergency placement (one
/// recorded on or after its start) within five working days of the start. Working days skip weekends; bank
/// holidays are not known to Homeward, so this errs early.
pub fn host_told_by(started_on: Date, recorded_on: Date) -> Date {
    if recorded_on < started_on {
        return started_on;
    }
    let mut due = started_on;
    let mut left = EMERGENCY_NOTICE_WORKING_DAYS;
    while left > 0 {
        due += Duration::days(1);
        if !matches!(due.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    due
}

/// Whether a person found at a postcode was found out of area (DOMAIN.md, Placements): outside every one of the
/// councils' postcode areas given (the placement's host council, the responsible council, the council of the area
/// they went missing from). `None` when none of those councils has its areas set: nobody can tell.
pub fn found_out_of_area(found: &Postcode, councils_areas: &[Option<Vec<String>>]) -> Option<bool> {
    let mut known = councils_areas.iter().flatten().peekable();
    known.peek()?;
    Some(!known.any(|areas| found.within(areas)))
}

/// The placement the person was in on a day, if any.
pub fn placement_on(placements: &[Placement], day: Date) -> Option<&Placement> {
    placements.iter().find(|p| p.started_on <= day && p.ended_on.is_none_or(|end| day < end))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_planned_placement_is_told_before_it_starts_an_emergency_one_within_five_working_days() {
        // Recorded the week before a Monday start: due by the start.
        assert_eq!(host_told_by(date!(2026 - 06 - 08), date!(2026 - 06 - 01)), date!(2026 - 06 - 08));
        // Recorded on a Friday start: Mon to Fri of the next week.
        assert_eq!(host_told_by(date!(2026 - 06 - 05), date!(2026 - 06 - 05)), date!(2026 - 06 - 12));
        // A Wednesday emergency recorded the day after: the following Wednesday.
        assert_eq!(host_told_by(date!(2026 - 06 - 03), date!(2026 - 06 - 04)), date!(2026 - 06 - 10));
        // A Saturday start: the next Friday.
        assert_eq!(host_told_by(date!(2026 - 06 - 06), date!(2026 - 06 - 06)), date!(2026 - 06 - 12));
    }

    #[test]
    fn found_out_of_area_means_outside_the_placements_and_the_responsible_councils_areas() {
        let found = Postcode::parse("LS1 4DY").expect("valid");
        let durham = Some(vec!["DH".to_owned(), "DL1".to_owned()]);
        let leeds = Some(vec!["LS".to_owned()]);
        assert_eq!(found_out_of_area(&found, &[durham.clone(), None]), Some(true));
        assert_eq!(found_out_of_area(&found, &[leeds, durham]), Some(false), "placed in Leeds, found there");
        assert_eq!(found_out_of_area(&found, &[None, None]), None);
    }

    #[test]
    fn the_host_council_is_alerted_with_the_date_it_must_be_told_by() {
        let (x, y) = (AgencyId::random(), AgencyId::random());
        let placement = Placement {
            id: crate::domain::ids::PlacementId::random(),
            person_id: crate::domain::ids::PersonId::random(),
            provider_id: AgencyId::random(),
            host_la_id: y,
            postcode: Postcode::parse("LS1 4DY").expect("valid"),
            started_on: date!(2026 - 06 - 08),
            ended_on: None,
            recorded_by: Some(crate::domain::ids::UserId::random()),
            recorded_at: crate::domain::time::Timestamp::parse_rfc3339("2026-06-01T09:00:00Z").expect("valid"),
        };
        let due = host_alert(&placement, Some(x), date!(2026 - 06 - 01)).expect("another council hosts");
        assert_eq!((due.kind, due.agency, due.occasion.as_str()), (AlertKind::ChildPlacedInArea, y, "2026-06-08"));
        assert!(host_alert(&placement, Some(y), date!(2026 - 06 - 01)).is_none(), "placed in its own area");
    }

    #[test]
    fn only_another_council_is_told() {
        let (x, y) = (AgencyId::random(), AgencyId::random());
        assert!(host_is_told(y, Some(x)));
        assert!(host_is_told(y, None));
        assert!(!host_is_told(x, Some(x)));
    }
}
