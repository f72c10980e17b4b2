//! Risk assessments from both sides, the joint grade with its floors, and the alerts they raise.

use homeward_core::CoreError;
use homeward_core::domain::paging::Paging;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::assessment;

pub async fn the_joint_grade_follows_both_views_and_the_floors(db: TestDatabase) {
    use homeward_core::domain::risk::RiskGrade::{High, Low, Medium};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let later = || world.clock.set(core.now().plus(Duration::minutes(10)));
    let twelve = world.add_missing_child(time::macros::date!(2014 - 01 - 01)).await;
    let officer = world.actor("officer.a@test.example");

    // A 12-year-old graded low by police: the police view stays low, the joint grade is at least medium.
    let recorded = core.record_assessment(&officer, twelve, assessment("low", false, None)).await.expect("recorded");
    assert_eq!((recorded.risk.police, recorded.risk.joint), (Some(Low), Some(Medium)));
    assert!(recorded.raised_by.is_some());
    let due = recorded.risk.review_due_at.expect("a review time");
    assert_eq!(due, core.now().plus(Duration::hours(4)), "reviewed on the medium interval");

    later();
    // The council grades high: the higher view stands and the disagreement is visible.
    let council = world.actor("worker.x@test.example");
    let recorded = core.record_assessment(&council, twelve, assessment("high", false, None)).await.expect("recorded");
    assert_eq!(recorded.risk.children_services, Some(High));
    assert_eq!(recorded.risk.joint, Some(High));
    assert!(recorded.risk.disagreement);
    let stored = core.episode(&council, twelve).await.expect("read back");
    assert_eq!(stored.episode.risk, recorded.risk, "the episode keeps the picture");
    assert_eq!(stored.assessments.len(), 2, "every assessment is kept");

    later();
    // A sexual exploitation concern: a 15-year-old cannot end up graded low.
    let episode = world.episode;
    let recorded = core.record_assessment(&officer, episode, assessment("low", true, None)).await.expect("recorded");
    assert_eq!(recorded.risk.joint, Some(High));
    later();
    let refused = core.record_assessment(&officer, episode, assessment("low", true, Some("seen safe"))).await;
    assert!(matches!(refused, Err(CoreError::Rule { code: "override_not_permitted", .. })), "{refused:?}");
    later();
    let supervisor = world.actor("supervisor.a@test.example");
    let lowered = core
        .record_assessment(&supervisor, episode, assessment("medium", true, Some("Located with family; seen safe.")))
        .await
        .expect("a supervisor may lower it with a reason");
    assert_eq!(lowered.risk.joint, Some(Medium));
    later();
    let again = core.record_assessment(&officer, episode, assessment("low", true, None)).await.expect("recorded");
    assert_eq!(again.risk.joint, Some(High), "a later view without a reason brings the rule back");

    // Who may assess: other forces and analysts cannot see it; care staff see it but do not grade.
    for email in ["officer.b@test.example", "analyst@test.example"] {
        let result = core.record_assessment(&world.actor(email), episode, assessment("high", false, None)).await;
        assert!(matches!(result, Err(CoreError::NotFound)), "{email}");
    }
    let carer =
        core.record_assessment(&world.actor("carer@test.example"), episode, assessment("high", false, None)).await;
    assert!(matches!(carer, Err(CoreError::Forbidden(_))));
    assert!(
        homeward_core::services::NewAssessment::parse(
            "absent",
            "x",
            std::collections::BTreeMap::new(),
            false,
            false,
            None
        )
        .is_err()
    );
    assert_eq!(
        core.verify_audit(|_| {}).await.expect("verified"),
        homeward_core::services::AuditReport::Intact {
            events: db.store.audit_head().await.expect("head").expect("events").0
        }
    );
}

pub async fn alerts_reach_the_right_agency_and_are_acknowledged_with_a_note(db: TestDatabase) {
    use homeward_core::domain::alert::AlertKind;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let kinds =
        |alerts: Vec<homeward_core::domain::alert::Alert>| alerts.into_iter().map(|a| a.kind).collect::<Vec<_>>();
    let council = world.actor("worker.x@test.example");
    let host = world.actor("coordinator.y@test.example");
    let officer = world.actor("officer.a@test.example");
    assert!(kinds(core.alerts(&council, &Paging::default()).await.expect("alerts").items).is_empty());

    // The council grades its child high: both its councils are told; the police see the disagreement.
    core.record_assessment(&officer, world.episode, assessment("medium", false, None)).await.expect("recorded");
    world.clock.set(core.now().plus(Duration::minutes(5)));
    core.record_assessment(&council, world.episode, assessment("high", false, None)).await.expect("recorded");
    let council_alerts = kinds(core.alerts(&council, &Paging::default()).await.expect("alerts").items);
    assert!(council_alerts.contains(&AlertKind::ChildHighRisk), "{council_alerts:?}");
    assert!(council_alerts.contains(&AlertKind::RiskDisagreement));
    assert!(
        kinds(core.alerts(&host, &Paging::default()).await.expect("alerts").items).contains(&AlertKind::ChildHighRisk),
        "the host council"
    );
    let police_alerts = kinds(core.alerts(&officer, &Paging::default()).await.expect("alerts").items);
    assert!(police_alerts.contains(&AlertKind::RiskDisagreement) && !police_alerts.contains(&AlertKind::ChildHighRisk));
    assert!(
        kinds(core.alerts(&world.actor("coordinator.z@test.example"), &Paging::default()).await.expect("alerts").items)
            .is_empty()
    );
    assert!(matches!(
        core.alerts(&world.actor("analyst@test.example"), &Paging::default()).await,
        Err(CoreError::Forbidden(_))
    ));

    // Time brings the rest for the police, whoever looks: the overdue review, then 48 and 72 hours missing, each
    // raised once however often the scheduler ticks.
    world.clock.set(core.now().plus(Duration::hours(73)));
    world.tick().await;
    let police_alerts = kinds(core.alerts(&officer, &Paging::default()).await.expect("alerts").items);
    for kind in [AlertKind::ReviewOverdue, AlertKind::PoliceNationalComputerDue, AlertKind::MissingPersonsUnitDue] {
        assert_eq!(police_alerts.iter().filter(|k| **k == kind).count(), 1, "{kind}");
    }
    world.tick().await;
    assert_eq!(
        kinds(core.alerts(&officer, &Paging::default()).await.expect("alerts").items),
        police_alerts,
        "ticking again raises nothing new"
    );

    // Acknowledged with a note, by the agency it is for, once.
    let alert =
        core.alerts(&council, &Paging::default()).await.expect("alerts").items.into_iter().next().expect("an alert");
    assert!(matches!(core.acknowledge_alert(&council, alert.id, "  ").await, Err(CoreError::Invalid(_))));
    assert!(matches!(core.acknowledge_alert(&officer, alert.id, "Not ours").await, Err(CoreError::NotFound)));
    let done = core.acknowledge_alert(&council, alert.id, "Senior manager told by phone.").await.expect("acknowledged");
    assert!(done.acknowledged_at.is_some());
    assert!(!core.alerts(&council, &Paging::default()).await.expect("alerts").items.iter().any(|a| a.id == alert.id));
    assert!(matches!(core.acknowledge_alert(&council, alert.id, "Again").await, Err(CoreError::Rule { .. })));
}
