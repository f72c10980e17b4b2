//! The home page's worklist as the store serves it: open alerts counted by kind in one query, listed newest first
//! by kind a page at a time, and acknowledged several at once, all or none.

use homeward_core::CoreError;
use homeward_core::domain::alert::{Alert, AlertFilter, AlertKind, AlertPaging};
use homeward_core::rules::alerts::Due;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

pub async fn alerts_are_counted_by_kind_listed_newest_first_and_acknowledged_together(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let reviews = world.add_worklists(7).await.alerts;
    let mut meetings = Vec::new();
    let mut tx = core.store().begin().await.expect("tx");
    for n in 0..3 {
        let due = Due { kind: AlertKind::StrategyMeeting, agency: world.force_a.id, occasion: format!("meeting-{n}") };
        let alert = Alert::raised(due, world.episode, core.now().plus(Duration::minutes(n)));
        assert!(tx.raise_alert(&alert).await.expect("raised"));
        meetings.push(alert);
    }
    tx.commit().await.expect("commit");
    let count_of = |counts: &[homeward_core::domain::alert::AlertCount], kind| {
        counts.iter().find(|c| c.kind == kind).map_or(0, |c| c.count)
    };
    // Every kind the counts name lists exactly that many alerts of it, newest first, two a page.
    let counts = core.alert_counts(&officer).await.expect("counted");
    assert_eq!((count_of(&counts, AlertKind::ReviewOverdue), count_of(&counts, AlertKind::StrategyMeeting)), (7, 3));
    for count in &counts {
        let filter = AlertFilter { kind: Some(count.kind), newest_first: true, page: None };
        let mut paging = AlertPaging { after: None, limit: 2 };
        let mut listed: Vec<Alert> = Vec::new();
        loop {
            let page = core.alert_worklist(&officer, &filter, &paging).await.expect("listed");
            listed.extend(page.items);
            match page.next {
                Some(next) => paging.after = Some(next),
                None => break,
            }
        }
        assert_eq!(listed.len() as i64, count.count, "{:?}", count.kind);
        assert!(listed.iter().all(|a| a.kind == count.kind));
        assert!(listed.windows(2).all(|w| (w[0].raised_at, w[0].id) > (w[1].raised_at, w[1].id)), "newest first");
    }
    assert!(core.alert_counts(&world.actor("analyst@test.example")).await.expect("none").is_empty());

    // All or none: one already acknowledged refuses the lot, naming it by its place.
    core.acknowledge_alert(&officer, reviews[0].id, "Reviewed.").await.expect("acknowledged");
    let ids = [reviews[1].id, meetings[0].id, reviews[0].id];
    let refused = core.acknowledge_alerts(&officer, &ids, "Done").await;
    assert!(
        matches!(&refused, Err(CoreError::Invalid(f)) if f.iter().map(|(k, _)| k).collect::<Vec<_>>() == ["ids[2]"]),
        "{refused:?}"
    );
    let other_force = core.acknowledge_alerts(&world.actor("officer.b@test.example"), &ids[..1], "Done").await;
    assert!(matches!(&other_force, Err(CoreError::Invalid(f)) if f.get("ids[0]").is_some()), "{other_force:?}");
    let blank = core.acknowledge_alerts(&officer, &ids[..2], "  ").await;
    assert!(matches!(&blank, Err(CoreError::Invalid(f)) if f.get("note").is_some()), "{blank:?}");
    let after_refusals = core.alert_counts(&officer).await.expect("counted");
    assert_eq!(count_of(&after_refusals, AlertKind::ReviewOverdue), 6, "refusals changed nothing");

    let done = core.acknowledge_alerts(&officer, &ids[..2], "Strategy meeting booked.").await.expect("acknowledged");
    assert!(
        done.iter().all(|a| a.note.as_ref().map(ToString::to_string).as_deref() == Some("Strategy meeting booked."))
    );
    let counts = core.alert_counts(&officer).await.expect("counted");
    assert_eq!((count_of(&counts, AlertKind::ReviewOverdue), count_of(&counts, AlertKind::StrategyMeeting)), (5, 2));
    let events = db.store.audit_events_after(0, 1_000).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.action == "alert.acknowledged").count(), 3, "one event per alert");
}
