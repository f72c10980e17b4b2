//! Where a person lives and who must know: every episode's police force, and looked-after children's placements.

use homeward_core::CoreError;
use homeward_core::authz::Scope;
use homeward_core::domain::alert::{AlertFilter, AlertKind};
use homeward_core::services::{NewEpisode, NewPerson, NewPlacement};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;

pub async fn every_episode_gets_the_force_covering_where_the_person_went_missing_from(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let carer = world.actor("carer@test.example");
    let went = core.now().to_rfc3339();
    // A resident the carer records, with no council: nothing says which force, so the carer must name one.
    let resident = NewPerson::parse("Synthetic", "Resident", "1950-02-03", "F", false, None, None).expect("valid");
    let resident = core.create_person(&carer, resident).await.expect("recorded");
    let report = |force: Option<&str>| {
        NewEpisode::parse(&resident.id.to_string(), &went, "care_home", None, None, None, None, None, None)
            .expect("valid")
            .naming_force(force)
    };
    let refused = core.report_episode(&carer, report(None)).await;
    assert!(matches!(refused, Err(CoreError::Invalid(f)) if f.get("police_force").is_some()));
    let refused = core.report_episode(&carer, report(Some("E0000000Y"))).await;
    assert!(matches!(refused, Err(CoreError::Invalid(f)) if f.get("police_force").is_some()), "not a force");
    let episode = core.report_episode(&carer, report(Some("FB"))).await.expect("a named force");
    assert_eq!(episode.police_force_id, Some(world.force_b.id));

    // A council's report of its own child: its force, told at once.
    let worker = world.actor("worker.x@test.example");
    let child =
        NewPerson::parse("Synthetic", "Child", "2012-01-02", "M", false, Some("E0000000X"), None).expect("valid");
    let child = core.create_person(&worker, child).await.expect("recorded");
    let new = NewEpisode::parse(&child.id.to_string(), &went, "home", None, None, None, None, None, None);
    let episode = core.report_episode(&worker, new.expect("valid")).await.expect("reported");
    assert_eq!(episode.police_force_id, Some(world.force_a.id));
    let mut tx = db.store.begin().await.expect("tx");
    let told = tx.open_alerts(world.force_a.id, &AlertFilter::default()).await.expect("alerts");
    assert!(told.iter().any(|a| a.kind == AlertKind::ReportedToForce && a.episode_id == Some(episode.id)));
}

pub async fn placements_are_recorded_and_ended_and_the_person_keeps_the_current_one(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let worker = world.actor("worker.x@test.example");
    let host_z = world.actor("coordinator.z@test.example");
    let placement =
        |host: Option<&str>, postcode: &str, on: &str| NewPlacement::parse("CARER", host, postcode, on).expect("valid");
    assert!(matches!(
        NewPlacement::parse("", Some("x"), "nowhere", "soon"),
        Err(CoreError::Invalid(f)) if f.iter().count() == 4
    ));
    let officer = world.actor("officer.a@test.example");
    let refused = core.record_placement(&officer, world.child, placement(Some("E0000000Z"), "DL1 1AA", "2026-03-02"));
    assert!(matches!(refused.await, Err(CoreError::Forbidden(_))));
    let first = core
        .record_placement(&worker, world.child, placement(Some("E0000000Z"), "DL1 1AA", "2026-03-02"))
        .await
        .expect("recorded");
    let mut tx = db.store.begin().await.expect("tx");
    let person = tx.person(world.child, Scope::All).await.expect("read").expect("there");
    assert_eq!((person.host_la_id, person.placement_provider_id), (Some(world.council_z.id), Some(world.carer.id)));
    assert_eq!(tx.placement(first.id).await.expect("read"), Some(first.clone()), "round-trips");
    let told = tx.open_alerts(world.council_z.id, &AlertFilter::default()).await.expect("alerts");
    let told: Vec<_> = told.iter().map(|a| (a.kind, a.placement_id, a.episode_id, a.occasion.as_str())).collect();
    // An emergency placement (recorded on 1 June, started in March): the host is told at once, due 5 working days on.
    assert_eq!(told, [(AlertKind::ChildPlacedInArea, Some(first.id), None, "2026-03-09")]);
    drop(tx);
    assert!(core.episode(&host_z, world.episode).await.is_ok(), "the host council sees the child's episode");

    let earlier = core.record_placement(&worker, world.child, placement(Some("E0000000Y"), "LS1 4DY", "2026-03-01"));
    assert!(matches!(earlier.await, Err(CoreError::Invalid(f)) if f.get("started_on").is_some()));
    let second = core
        .record_placement(&worker, world.child, placement(Some("E0000000Y"), "LS1 4DY", "2026-05-04"))
        .await
        .expect("moved");
    let record = core.person(&worker, world.child).await.expect("read");
    let ids: Vec<_> = record.placements.iter().map(|p| (p.id, p.ended_on)).collect();
    assert_eq!(ids, [(second.id, None), (first.id, Some(time::macros::date!(2026 - 05 - 04)))]);
    assert!(core.episode(&host_z, world.episode).await.is_err(), "no longer placed in Z's area");

    let carer = world.actor("carer@test.example");
    let ended = core.end_placement(&carer, second.id, "2026-06-01").await.expect("the provider ends it");
    assert_eq!(ended.ended_on, Some(time::macros::date!(2026 - 06 - 01)));
    let again = core.end_placement(&worker, second.id, "2026-06-02").await;
    assert!(matches!(again, Err(CoreError::Rule { code: "no_current_placement", .. })));
    let mut tx = db.store.begin().await.expect("tx");
    let person = tx.person(world.child, Scope::All).await.expect("read").expect("there");
    assert_eq!((person.host_la_id, person.placement_provider_id), (None, None));
}

pub async fn found_out_of_area_compares_with_the_placements_and_the_responsible_councils_areas(db: TestDatabase) {
    use homeward_core::Actor;
    use homeward_core::rules::risk::AgencyRules;
    use homeward_core::services::{NewReturn, ReturnInput};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let operator = Actor::operator("test");
    for (council, area) in [(&world.council_x, "DH"), (&world.council_y, "LS")] {
        let rules = AgencyRules { postcode_areas: Some(vec![area.into()]), ..AgencyRules::default() };
        core.set_agency_rules(&operator, &council.code, rules).await.expect("set");
    }
    // Council X's child, placed in Leeds (council Y) since May, went missing there and was found in Leeds.
    let placed = NewPlacement::parse("CARER", Some("E0000000Y"), "LS6 1AA", "2026-05-04").expect("valid");
    core.record_placement(&world.actor("worker.x@test.example"), world.child, placed).await.expect("placed");
    let returned_at = core.now().to_rfc3339();
    let input = ReturnInput {
        returned_at: &returned_at,
        outcome: "found_by_police",
        found_place: None,
        found_postcode: Some("LS1 4DY"),
        found_by: None,
        found_out_of_area: None,
    };
    let officer = world.actor("officer.a@test.example");
    let new = NewReturn::parse(&input).expect("valid");
    let (episode, _) = core.record_return(&officer, world.episode, new).await.expect("recorded");
    assert_eq!(episode.found.out_of_area, Some(false), "found in the placement's area");
    // Another of council X's children, not placed, found in Manchester: out of both councils' areas.
    let other = world.add_missing_child(time::macros::date!(2011 - 05 - 05)).await;
    let new = NewReturn::parse(&ReturnInput { found_postcode: Some("M1 1AA"), ..input }).expect("valid");
    let (episode, _) = core.record_return(&officer, other, new).await.expect("recorded");
    assert_eq!(episode.found.out_of_area, Some(true));
}
