//! A council's returns on a store: every episode of the children it answers for, in order, with its own reference
//! for each child and the provider holding each interview; no one else's; and only for its own staff.

use homeward_core::domain::episode::ReturnOutcome;
use homeward_core::domain::person::Sex;
use homeward_core::domain::return_interview::{InterviewStatus, ReturnInterview};
use homeward_core::domain::returns::{CouncilReturnRequest, ReturnKind};
use homeward_core::ports::BulkData;
use homeward_core::{Actor, CoreError};
use homeward_testkit::world::{World, at};
use homeward_testkit::{TestDatabase, example};
use time::Duration;
use time::macros::date;

pub async fn a_councils_returns_hold_every_episode_of_its_children_with_its_own_reference(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (force_a, council_x, council_y) = (world.force_a.id, world.council_x.id, world.council_y.id);
    let practitioner = world.user("practitioner@test.example").id;
    let now = at("2026-01-01T00:00:00Z");
    // B: council X's child, with X's own reference; back after five hours, interviewed by the provider.
    let child_b = example::person(now).born(date!(2011 - 02 - 03)).sex(Sex::Female).of_council(council_x).build();
    let b_back = example::episode(&child_b, force_a, at("2026-06-10T12:00:00Z")).in_area(council_x);
    let b_back = b_back.returned(Duration::hours(5), ReturnOutcome::ReturnedSelf).build();
    let returned_at = b_back.returned_at.expect("returned");
    let mut interview = ReturnInterview::after_return(b_back.id, true, returned_at, returned_at);
    interview.status = InterviewStatus::Completed;
    interview.offered_at = Some(returned_at.plus(Duration::hours(10)));
    interview.completed_at = Some(returned_at.plus(Duration::hours(20)));
    interview.practitioner_id = Some(practitioner);
    // C: council Y's child, missing in X's area: Y's to return. N: nobody's child, missing in X's area: X's.
    let child_c = example::person(now).born(date!(2012 - 01 - 01)).of_council(council_y).build();
    let c_missing = example::episode(&child_c, force_a, at("2026-06-12T12:00:00Z")).in_area(council_x).build();
    let child_n = example::person(now).born(date!(2013 - 01 - 01)).build();
    let n_missing = example::episode(&child_n, force_a, at("2026-06-15T12:00:00Z")).in_area(council_x).build();
    let mut tx = core.store().begin().await.expect("tx");
    for person in [&child_b, &child_c, &child_n] {
        tx.insert_person(person).await.expect("person");
    }
    for episode in [&b_back, &c_missing, &n_missing] {
        tx.insert_episode(episode).await.expect("episode");
    }
    tx.insert_return_interview(&interview).await.expect("interview");
    let refs = BulkData { person_refs: vec![(council_x, "=B1".to_owned(), child_b.id)], ..BulkData::default() };
    tx.bulk_insert(&refs).await.expect("references");
    tx.commit().await.expect("commit");

    let june = CouncilReturnRequest::parse(Some("2026-06-01"), Some("2026-06-30"), Some("E0000000X")).expect("valid");
    let operator = Actor::operator("export ssd");
    let ssd = core.council_return(&operator, ReturnKind::Ssd, &june).await.expect("written");
    let rows: Vec<Vec<&str>> = ssd.rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let (a, b, n) = (world.episode.to_string(), b_back.id.to_string(), n_missing.id.to_string());
    let (child_a, child_n) = (world.child.to_string(), child_n.id.to_string());
    assert_eq!(
        rows,
        [
            vec![a.as_str(), child_a.as_str(), "2026-06-01", "Missing", "", "NA", "NA"],
            vec![b.as_str(), "=B1", "2026-06-10", "Missing", "2026-06-10", "Y", "Y"],
            vec![n.as_str(), child_n.as_str(), "2026-06-15", "Missing", "", "NA", "NA"],
        ]
    );
    assert!(ssd.csv().contains(",'=B1,"), "spreadsheet-safe");

    let figures = core.council_return(&operator, ReturnKind::RhiFigures, &june).await.expect("written");
    let row = |key: &str, description: &str| {
        figures
            .rows
            .iter()
            .find(|r| r[0] == key && (description.is_empty() || r[1] == description))
            .map(|r| r[2].clone())
    };
    assert_eq!(row("children", ""), Some("3".to_owned()));
    assert_eq!(row("interviews_completed_within_72h", ""), Some("1".to_owned()));
    assert_eq!(row("provider_completed", "Agency RHI (RHI)"), Some("1".to_owned()));
    assert_eq!(row("unassigned_interviews", ""), Some("0".to_owned()));

    let y = CouncilReturnRequest::parse(Some("2026-06-01"), Some("2026-06-30"), Some("E0000000Y")).expect("valid");
    let annex = core.council_return(&operator, ReturnKind::AnnexA, &y).await.expect("written");
    assert_eq!(annex.rows.len(), 1, "C is Y's child, wherever C went missing");
    let coordinator_y = world.actor("coordinator.y@test.example");
    let refused = core.council_return(&coordinator_y, ReturnKind::AnnexA, &june).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "another council's return");
    assert_eq!(core.council_return(&coordinator_y, ReturnKind::AnnexA, &y).await.expect("its own").rows.len(), 1);
}
