//! Reporting people and episodes, and the council's own category for a looked-after child's absence.

use homeward_core::CoreError;
use homeward_core::domain::paging::Paging;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::{Access, access};

pub async fn reporting_a_child_shares_the_episode_and_raises_the_right_alerts(db: TestDatabase) {
    use homeward_core::domain::alert::AlertKind;
    use homeward_core::services::{NewEpisode, NewPerson};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let council = world.actor("worker.x@test.example");
    let new_person =
        || NewPerson::parse("Synthetic", "Reported", "2014-02-03", "F", true, Some("E0000000X"), None).expect("valid");
    let person = core.create_person(&officer, new_person()).await.expect("recorded");
    assert_eq!(person.recorded_by_agency_id, Some(world.force_a.id));
    assert_eq!(
        access(core.person(&officer, person.id).await),
        Access::Granted,
        "the recording force sees them at once"
    );
    let other_force = core.person(&world.actor("officer.b@test.example"), person.id).await;
    assert_eq!(access(other_force), Access::NotFound);
    let report = |hours_ago: i64, category: Option<&'static str>| {
        let went = core.now().plus(Duration::hours(-hours_ago)).to_rfc3339();
        NewEpisode::parse(
            &person.id.to_string(),
            &went,
            "foster_care",
            None,
            Some("Bus station"),
            None,
            None,
            None,
            category,
        )
    };
    let first = core.report_episode(&officer, report(300, Some("missing")).expect("valid")).await.expect("reported");
    assert_eq!(first.status, homeward_core::domain::episode::EpisodeStatus::Missing);
    assert_eq!(first.police_force_id, Some(world.force_a.id));
    assert_eq!(access(core.episode(&council, first.id).await), Access::Granted, "the responsible council sees it");
    let kinds =
        |alerts: Vec<homeward_core::domain::alert::Alert>| alerts.into_iter().map(|a| a.kind).collect::<Vec<_>>();
    let alerts = kinds(core.alerts(&council, &Paging::default()).await.expect("alerts").items);
    assert_eq!(alerts.iter().filter(|k| **k == AlertKind::IroToBeTold).count(), 1);
    assert!(!alerts.contains(&AlertKind::StrategyMeeting));
    // Each absence ends before the next begins: a second open episode would be the same absence counted twice.
    let back =
        |hours_ago: i64| super::new_return(&core.now().plus(Duration::hours(-hours_ago)).to_rfc3339(), "returned_self");
    core.record_return(&officer, first.id, back(250).expect("valid")).await.expect("returned");
    let second = core.report_episode(&officer, report(200, None).expect("valid")).await.expect("reported");
    core.record_return(&officer, second.id, back(100).expect("valid")).await.expect("returned");
    core.report_episode(&officer, report(1, Some("away")).expect("valid")).await.expect("reported");
    let alerts = kinds(core.alerts(&council, &Paging::default()).await.expect("alerts").items);
    assert_eq!(alerts.iter().filter(|k| **k == AlertKind::StrategyMeeting).count(), 1, "three in 30 days");

    // Bad reports change nothing.
    let head = db.store.audit_head().await.expect("head");
    let adult = core
        .create_person(&officer, NewPerson::parse("Grown", "Up", "1980-01-01", "M", false, None, None).expect("valid"))
        .await
        .expect("recorded");
    let head_after_adult = db.store.audit_head().await.expect("head");
    assert_ne!(head, head_after_adult);
    let with_category = NewEpisode::parse(
        &adult.id.to_string(),
        "2026-05-01T10:00:00Z",
        "home",
        None,
        None,
        None,
        None,
        None,
        Some("away"),
    );
    let refused = core.report_episode(&officer, with_category.expect("parses")).await;
    assert!(matches!(refused, Err(CoreError::Invalid(f)) if f.get("la_category").is_some()));
    let future =
        NewEpisode::parse(&adult.id.to_string(), "2030-01-01T00:00:00Z", "home", None, None, None, None, None, None);
    assert!(matches!(core.report_episode(&officer, future.expect("parses")).await, Err(CoreError::Invalid(_))));
    let unseen =
        NewEpisode::parse(&adult.id.to_string(), "2026-05-01T10:00:00Z", "home", None, None, None, None, None, None);
    let other_force = core.report_episode(&world.actor("officer.b@test.example"), unseen.expect("parses")).await;
    assert!(matches!(other_force, Err(CoreError::Invalid(f)) if f.get("person_id").is_some()));
    assert!(matches!(
        core.create_person(&world.actor("analyst@test.example"), new_person()).await,
        Err(CoreError::Forbidden(_))
    ));
    assert!(
        NewEpisode::parse(
            "nope",
            "yesterday",
            "moon",
            Some("2026-01-01T00:00:00Z"),
            None,
            None,
            None,
            None,
            Some("gone")
        )
        .is_err()
    );
    // Refused reports wrote nothing; the analyst's forbidden attempt is audited as such.
    let after = head_after_adult.expect("events").0;
    let written: Vec<String> =
        db.store.audit_events_after(after, 10).await.expect("events").into_iter().map(|e| e.action).collect();
    assert_eq!(written, ["access.refused"], "refused reports wrote nothing but the forbidden attempt");
}

pub async fn the_council_category_changes_with_its_history_kept(db: TestDatabase) {
    use homeward_core::domain::episode::LaCategory;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let council = world.actor("worker.x@test.example");
    let changed = core.change_la_category(&council, world.episode, LaCategory::Away).await.expect("changed");
    assert_eq!(changed.la_category, Some(LaCategory::Away));
    world.clock.set(core.now().plus(Duration::hours(2)));
    let host = world.actor("coordinator.y@test.example");
    core.change_la_category(&host, world.episode, LaCategory::Missing).await.expect("the host council may too");
    let record = core.episode(&council, world.episode).await.expect("read");
    let history: Vec<LaCategory> = record.categories.iter().map(|c| c.category).collect();
    assert_eq!(history, [LaCategory::Away, LaCategory::Missing]);
    assert_eq!(record.episode.la_category, Some(LaCategory::Missing));

    let officer =
        core.change_la_category(&world.actor("officer.a@test.example"), world.episode, LaCategory::Away).await;
    assert!(matches!(officer, Err(CoreError::Forbidden(_))), "the police do not set the council's category");
    let other =
        core.change_la_category(&world.actor("coordinator.z@test.example"), world.episode, LaCategory::Away).await;
    assert!(matches!(other, Err(CoreError::NotFound)));
    let not_looked_after = world.add_missing_child(time::macros::date!(2012 - 01 - 01)).await;
    let refused = core.change_la_category(&council, not_looked_after, LaCategory::Away).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))));
}
