//! The core's time and independence rules, as a store answers them: lists, counts and alerts must agree with the
//! rule functions in `homeward_core::rules`, because the stores filter only by what those compute.

use homeward_core::Actor;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::ids::ReturnInterviewId;
use homeward_core::domain::paging::Paging;
use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus, ReturnInterview};
use homeward_core::rules::interviews::is_overdue;
use homeward_core::rules::risk::AgencyRules;
use time::Duration;

use homeward_testkit::world::World;
use homeward_testkit::{TestDatabase, example};

pub async fn a_review_counts_as_due_and_alerts_at_the_same_moment(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let recorded = core
        .record_assessment(&officer, world.episode, super::assessment("high", false, None))
        .await
        .expect("recorded");
    let review = recorded.risk.review_due_at.expect("a graded episode has a review time");
    let world = &world;
    let review_alerts = |actor: Actor| async move {
        world.tick().await;
        let alerts = core.alerts(&actor, &Paging::default()).await.expect("alerts").items;
        alerts.iter().filter(|a| a.kind == AlertKind::ReviewOverdue).count()
    };
    world.clock.set(review.plus(Duration::microseconds(-1)));
    assert_eq!(core.case_counts(&officer).await.expect("counts").reviews_due, 0);
    assert_eq!(review_alerts(officer.clone()).await, 0);
    // The home page counted a review due at its very time while the alert waited for the next instant.
    world.clock.set(review);
    assert_eq!(core.case_counts(&officer).await.expect("counts").reviews_due, 1, "due at its time");
    assert_eq!(review_alerts(officer.clone()).await, 1, "and alerted at the same moment");
    let alerts = core.alerts(&officer, &Paging::default()).await.expect("alerts").items;
    let alert = alerts.iter().find(|a| a.kind == AlertKind::ReviewOverdue).expect("raised");
    assert_eq!(alert.raised_at, review, "stamped with the moment it fell due");
}

/// A statutory interview (or an adult's conversation) for an episode, due at `due_in` from now.
fn interview(
    episode: homeward_core::domain::ids::EpisodeId,
    status: InterviewStatus,
    due_in: Duration,
) -> ReturnInterview {
    let now = homeward_core::domain::time::Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("valid");
    ReturnInterview {
        status,
        due_at: now.plus(due_in),
        ..ReturnInterview::after_return(episode, true, now.plus(due_in - Duration::hours(72)), now)
    }
}

pub async fn overdue_interviews_are_listed_counted_and_alerted_by_the_one_rule(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let now = core.now();
    // Council X's own children, and a child with no responsible council who went missing in council Z's area.
    let others = [world.add_missing_child(time::macros::date!(2012 - 01 - 01)).await, world.episode];
    let unclaimed = super::figures::person(time::macros::date!(2013 - 02 - 02), false);
    let in_z = example::episode(&unclaimed, world.force_b.id, now.plus(Duration::hours(-90)))
        .in_area(world.council_z.id)
        .build();
    let mut conversation = interview(others[0], InterviewStatus::Due, Duration::hours(-2));
    conversation.statutory = false;
    let interviews = [
        interview(others[0], InterviewStatus::Due, Duration::hours(-3)),
        interview(others[0], InterviewStatus::Assigned, Duration::hours(-1)),
        interview(others[0], InterviewStatus::Offered, Duration::hours(-5)),
        interview(others[1], InterviewStatus::Due, Duration::ZERO),
        interview(others[1], InterviewStatus::Due, Duration::hours(4)),
        interview(others[1], InterviewStatus::Assigned, Duration::hours(-2)),
        interview(in_z.id, InterviewStatus::Assigned, Duration::hours(-6)),
        conversation,
    ];
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_person(&unclaimed).await.expect("person");
    tx.insert_episode(&in_z).await.expect("episode");
    for interview in &interviews {
        tx.insert_return_interview(interview).await.expect("interview");
    }
    tx.commit().await.expect("commit");

    let overdue = InterviewFilter { overdue: true, ..InterviewFilter::default() };
    let expected = |of: &[homeward_core::domain::ids::EpisodeId]| {
        let mut ids: Vec<ReturnInterviewId> =
            interviews.iter().filter(|i| of.contains(&i.episode_id) && is_overdue(i, now)).map(|i| i.id).collect();
        ids.sort();
        ids
    };
    world.tick().await;
    for (email, episodes) in [("worker.x@test.example", &others[..]), ("coordinator.z@test.example", &[in_z.id][..])] {
        let council = world.actor(email);
        let mut listed: Vec<_> = core
            .return_interviews(&council, overdue, &Paging::default())
            .await
            .expect("listed")
            .items
            .iter()
            .map(|i| i.id)
            .collect();
        listed.sort();
        assert_eq!(listed, expected(episodes), "{email}: the list is the rule's");
        let counts = core.case_counts(&council).await.expect("counts");
        assert_eq!(counts.interviews_overdue as usize, listed.len(), "{email}: so is the count");
        let mut alerted: Vec<ReturnInterviewId> = core
            .alerts(&council, &Paging::default())
            .await
            .expect("alerts")
            .items
            .iter()
            .filter(|a| a.kind == AlertKind::ReturnInterviewOverdue)
            .map(|a| ReturnInterviewId::parse(&a.occasion).expect("an interview's id"))
            .collect();
        alerted.sort();
        assert_eq!(alerted, listed, "{email}: and so are the alerts");
    }
    assert_eq!(
        expected(&others).len(),
        3,
        "due or assigned and past their time: not offered, not due this instant, not a conversation"
    );
    // The host council sees its placed child's interviews, but the responsible council is the one told.
    let host = world.actor("coordinator.y@test.example");
    assert!(!core.return_interviews(&host, overdue, &Paging::default()).await.expect("listed").items.is_empty());
    assert!(
        !core
            .alerts(&host, &Paging::default())
            .await
            .expect("alerts")
            .items
            .iter()
            .any(|a| a.kind == AlertKind::ReturnInterviewOverdue)
    );
}

pub async fn the_young_child_rule_is_explained_with_the_forces_own_age(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let local = AgencyRules { young_child_max_age: Some(14), ..AgencyRules::default() };
    let code = homeward_core::domain::agency::AgencyCode::parse("FA").expect("valid");
    core.set_agency_rules(&Actor::operator("test"), &code, local).await.expect("set");
    let officer = world.actor("officer.a@test.example");
    let recorded =
        core.record_assessment(&officer, world.episode, super::assessment("low", false, None)).await.expect("recorded");
    assert!(recorded.raised_by.is_some(), "the child is 14, within this force's young-child age");
    let explanation = recorded.explanation.expect("explained");
    assert!(explanation.contains("aged 14 or under"), "{explanation}");
}
