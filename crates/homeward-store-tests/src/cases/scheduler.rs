//! The scheduler: alerts raised when they fall due whether or not anyone is looking, stamped with that moment,
//! raised once however many schedulers share the database, and closed by Homeward when their cause has gone.

use homeward_core::Actor;
use homeward_core::authz::Scope;
use homeward_core::domain::alert::{Alert, AlertKind, ClosedReason};
use homeward_core::domain::paging::Paging;
use homeward_core::services::scheduler::{LEASE, LEASE_NAME};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::{assessment, new_return};

pub async fn time_raises_alerts_when_they_fall_due_and_closes_them_when_done(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let force = world.force_a.id;
    // The world's episode was reported four and a half hours ago, and nobody has looked at Homeward since.
    let reported = core.now().plus(Duration::minutes(-270));
    let open = |kind: AlertKind| {
        let officer = officer.clone();
        async move {
            let alerts = core.alerts(&officer, &Paging::default()).await.expect("alerts").items;
            alerts.into_iter().filter(|a| a.kind == kind).collect::<Vec<Alert>>()
        }
    };
    let store = &db.store;
    let stored = |alert: Alert| async move {
        let mut tx = store.begin().await.expect("begin");
        tx.alert(alert.id, alert.agency_id).await.expect("read").expect("kept")
    };

    // Not assessed by the police within the force's hour: alerted, stamped with the hour's end.
    let first = world.tick().await;
    assert!(first.ran);
    assert_eq!(first.raised.get(&AlertKind::NotAssessed), Some(&1));
    let [not_assessed] = open(AlertKind::NotAssessed).await.try_into().expect("one");
    assert_eq!((not_assessed.agency_id, not_assessed.raised_at), (force, reported.plus(Duration::hours(1))));

    // The police assess it: the alert closes itself, recorded as closed by Homeward with the reason.
    core.record_assessment(&officer, world.episode, assessment("medium", false, None)).await.expect("assessed");
    assert_eq!(world.tick().await.closed, 1);
    assert!(open(AlertKind::NotAssessed).await.is_empty());
    let closed = stored(not_assessed).await;
    assert_eq!(closed.closed_reason, Some(ClosedReason::RiskAssessed));
    assert!(closed.acknowledged_at.is_some() && closed.acknowledged_by.is_none());

    // Ten minutes before the review falls due, a warning; once the review is overdue, the warning gives way to the
    // overdue alert, closed by Homeward as now overdue.
    let mut tx = store.begin().await.expect("begin");
    let episode = tx.episode(world.episode, Scope::All).await.expect("read").expect("there");
    drop(tx);
    let review_due = episode.risk.review_due_at.expect("a review is due");
    world.clock.set(review_due.plus(Duration::minutes(-10)));
    assert_eq!(world.tick().await.raised.get(&AlertKind::ReviewDueSoon), Some(&1));
    let [soon] = open(AlertKind::ReviewDueSoon).await.try_into().expect("one");
    world.clock.set(review_due.plus(Duration::minutes(1)));
    let overdue = world.tick().await;
    assert_eq!((overdue.raised.get(&AlertKind::ReviewOverdue), overdue.closed), (Some(&1), 1), "{overdue:?}");
    assert_eq!(stored(soon).await.closed_reason, Some(ClosedReason::NowOverdue));

    // Forty-nine hours on, still nobody signed in: the police national computer record alert is there, stamped at
    // 48 hours exactly; the 72-hour one is not due yet.
    world.clock.set(reported.plus(Duration::hours(49)));
    world.tick().await;
    let [pnc] = open(AlertKind::PoliceNationalComputerDue).await.try_into().expect("one");
    assert_eq!(pnc.raised_at, reported.plus(Duration::hours(48)));
    assert!(open(AlertKind::MissingPersonsUnitDue).await.is_empty());

    // While one server's scheduler is ticking (holds the lease), another's does nothing ...
    let server = Actor::operator("serve");
    let other = || core.tick(&server, "another-server");
    world.clock.set(reported.plus(Duration::hours(73)));
    let mut tx = store.begin().await.expect("begin");
    let until = core.now().plus(LEASE);
    assert!(tx.take_lease(LEASE_NAME, "first-server", core.now(), until).await.expect("taken"));
    tx.commit().await.expect("committed");
    assert!(!other().await.expect("ticked").ran);
    // ... until it finishes, or dies and its lease runs out; then the other ticks, raising each alert once.
    world.clock.set(until.plus(Duration::seconds(1)));
    let taken_over = other().await.expect("ticked");
    assert!(taken_over.ran, "{taken_over:?}");
    let [mpu] = open(AlertKind::MissingPersonsUnitDue).await.try_into().expect("one");
    assert_eq!(mpu.raised_at, reported.plus(Duration::hours(72)));
    assert!(!world.tick().await.raised.contains_key(&AlertKind::MissingPersonsUnitDue), "raised once");
    assert_eq!(open(AlertKind::PoliceNationalComputerDue).await.len(), 1);

    // The person comes back: the missing-person alerts close themselves; their history stays.
    let review = open(AlertKind::ReviewOverdue).await;
    assert_eq!(review.len(), 1, "the medium grade's review is four hours overdue");
    let back = new_return(&core.now().to_rfc3339(), "returned_self").expect("valid");
    core.record_return(&officer, world.episode, back).await.expect("recorded");
    assert_eq!(other().await.expect("ticked").closed, 3);
    for alert in [pnc, mpu, review[0].clone()] {
        assert_eq!(stored(alert).await.closed_reason, Some(ClosedReason::PersonReturned));
    }
}
