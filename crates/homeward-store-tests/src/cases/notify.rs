//! Notifications: queued in the outbox with their alert, delivered at least once, retried with backoff, given up
//! after a set number of tries and then shown to the agency's admin; no personal data in what leaves.

use std::sync::Mutex;

use async_trait::async_trait;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::notification::{AgencyChannels, Event, Webhook, WebhookUrl};
use homeward_core::domain::paging::Paging;
use homeward_core::domain::user::Email;
use homeward_core::ports::Courier;
use homeward_core::rules::notify::{MAX_ATTEMPTS, backoff};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;

/// A courier that records what it was asked to send, and fails while told to.
#[derive(Debug, Default)]
struct Recorder {
    sent: Mutex<Vec<(String, Event)>>,
    failing: Mutex<bool>,
}

#[async_trait]
impl Courier for Recorder {
    async fn email(&self, to: &str, event: &Event) -> Result<(), String> {
        self.send(format!("email:{to}"), event)
    }
    async fn webhook(&self, url: &str, secret: &str, event: &Event) -> Result<(), String> {
        assert_eq!(secret, "a shared secret of some length");
        self.send(format!("webhook:{url}"), event)
    }
}

impl Recorder {
    fn send(&self, to: String, event: &Event) -> Result<(), String> {
        if *self.failing.lock().expect("lock") {
            return Err("the server answered 451".into());
        }
        self.sent.lock().expect("lock").push((to, event.clone()));
        Ok(())
    }

    fn sent(&self) -> Vec<(String, Event)> {
        self.sent.lock().expect("lock").clone()
    }
}

pub async fn notifications_leave_once_per_recipient_retry_and_are_given_up_to_the_admin(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let operator = Actor::operator("agency notify");
    let url = WebhookUrl::parse("https://cad.force-a.example/homeward").expect("valid");
    let secret = "a shared secret of some length".to_owned();
    let channels = AgencyChannels {
        duty_email: Some(Email::parse("duty@force-a.example").expect("valid")),
        webhook: Some(Webhook { url, secret }),
    };
    core.set_agency_channels(&operator, &world.force_a.code, move |_| channels).await.expect("set");
    let officer = world.actor("officer.a@test.example");
    core.set_alert_subscriptions(&officer, &[AlertKind::NotAssessed, AlertKind::NotAssessed]).await.expect("chosen");
    assert_eq!(core.alert_subscriptions(&officer).await.expect("read"), [AlertKind::NotAssessed]);

    // The scheduler raises the force's "not assessed" alert: duty inbox, webhook and the officer who chose it.
    world.tick().await;
    let courier = Recorder::default();
    let report = core.deliver_due(&courier, 100).await.expect("delivered");
    assert_eq!(report.delivered, 3, "{report:?}");
    let mut to: Vec<String> = courier.sent().into_iter().map(|(to, _)| to).collect();
    to.sort();
    assert_eq!(
        to,
        ["email:duty@force-a.example", "email:officer.a@test.example", "webhook:https://cad.force-a.example/homeward"]
    );
    let Event::Alert(event) = &courier.sent()[0].1 else { panic!("an alert's notification") };
    assert_eq!((event.kind, event.agency.as_str()), (AlertKind::NotAssessed, "FA"));
    let ids: std::collections::BTreeSet<String> =
        courier.sent().iter().map(|(_, e)| e.delivery_id().to_owned()).collect();
    assert_eq!(ids.len(), 3, "each delivery is known apart");
    assert_eq!(core.deliver_due(&courier, 100).await.expect("none due").delivered, 0, "delivered once");
    world.tick().await;
    assert_eq!(core.deliver_due(&courier, 100).await.expect("none due").delivered, 0, "the alert is raised once");

    // A server that refuses: tried again after 30 seconds, doubling, and given up after the set number of tries.
    core.set_alert_subscriptions(&officer, &[]).await.expect("none");
    *courier.failing.lock().expect("lock") = true;
    world.clock.set(core.now().plus(time::Duration::hours(49)));
    world.tick().await;
    let first = core.deliver_due(&courier, 100).await.expect("attempted");
    assert_eq!((first.delivered, first.failed), (0, 2), "the 48-hour alert's email and webhook");
    assert_eq!(core.deliver_due(&courier, 100).await.expect("not yet").failed, 0, "not again at once");
    for attempt in 1..MAX_ATTEMPTS {
        world.clock.set(core.now().plus(backoff(attempt)));
        let again = core.deliver_due(&courier, 100).await.expect("attempted");
        assert_eq!(again.failed + again.given_up, 2, "attempt {}", attempt + 1);
    }
    let admin = world.actor("admin@test.example");
    let given_up = core.given_up_notifications(&admin, &Paging::default()).await.expect("listed").items;
    assert_eq!(given_up.len(), 2);
    assert!(
        given_up
            .iter()
            .all(|n| n.attempts == MAX_ATTEMPTS && n.last_error.as_deref() == Some("the server answered 451"))
    );
    assert!(core.given_up_notifications(&officer, &Paging::default()).await.is_err(), "the admin's to see");

    // A month on, the delivered notifications (they name staff addresses) are gone; those given up on stay.
    let month_on = core.now().plus(time::Duration::days(31));
    let delivered = || async {
        // Counted by purging them in a transaction that is rolled back.
        let mut tx = db.store.begin().await.expect("begin");
        tx.purge_delivered(month_on).await.expect("counted")
    };
    assert_eq!(delivered().await, 3, "the first alert's three deliveries");
    world.clock.set(month_on);
    world.tick().await;
    assert_eq!(delivered().await, 0, "purged by the scheduler");
    assert_eq!(core.given_up_notifications(&admin, &Paging::default()).await.expect("listed").items.len(), 2);
    let other_admin = world.actor("analyst@test.example");
    assert!(core.given_up_notifications(&other_admin, &Paging::default()).await.is_err());
}

pub async fn the_daily_digest_counts_an_agencys_alerts_once_a_day_for_those_who_chose_it(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let supervisor = world.actor("supervisor.a@test.example");
    let officer = world.actor("officer.a@test.example");
    assert!(matches!(core.choose_digest(&officer, true).await, Err(CoreError::Forbidden(_))), "not an officer's");
    assert!(core.choose_digest(&supervisor, true).await.expect("chosen"));
    assert!(core.digest_chosen(&supervisor).await.expect("read"));
    assert!(!core.digest_chosen(&officer).await.expect("read"));

    // The world's clock stands past 07:00 London time: the first tick queues the day's digest, the next does not.
    world.add_missing_child(time::macros::date!(2012 - 03 - 04)).await;
    assert_eq!(world.tick().await.digests, 1);
    assert_eq!(world.tick().await.digests, 0, "once a day");
    let courier = Recorder::default();
    core.deliver_due(&courier, 100).await.expect("delivered");
    let (to, Event::Digest(digest)) = courier.sent().remove(0) else { panic!("a digest") };
    assert_eq!(
        (to.as_str(), digest.agency.as_str(), digest.day.as_str()),
        ("email:supervisor.a@test.example", "FA", "2026-06-01")
    );
    let open: Vec<(AlertKind, i64)> =
        core.alert_counts(&supervisor).await.expect("counts").iter().map(|c| (c.kind, c.count)).collect();
    assert_eq!(digest.lines.iter().map(|l| (l.kind, l.open)).collect::<Vec<_>>(), open, "the worklist's counts");
    assert!(digest.lines.iter().all(|l| l.overdue == 0 && l.closed == 0), "{digest:?}");
    let (_, body) = homeward_core::rules::notify::email(&Event::Digest(digest.clone()), "https://homeward.example/");
    assert!(!body.contains("Another") && !body.contains("Child"), "no names: {body}");

    // Council X's senior manager chooses it later that day: their agency has had none today, so the next tick sends
    // theirs; force A's is not sent again.
    let manager = world.actor("manager.x@test.example");
    core.choose_digest(&manager, true).await.expect("chosen");
    assert_eq!(world.tick().await.digests, 1, "council X's, once");
    core.deliver_due(&courier, 100).await.expect("delivered");
    let (to, Event::Digest(council)) = courier.sent().remove(1) else { panic!("a digest") };
    assert_eq!((to.as_str(), council.agency.as_str()), ("email:manager.x@test.example", "E0000000X"));
    core.choose_digest(&manager, false).await.expect("stopped");

    // Two mornings on: what is still open has waited over a day; what was acknowledged is counted closed.
    let first = core.alerts(&supervisor, &Paging::default()).await.expect("alerts").items.remove(0);
    world.clock.set(core.now().plus(time::Duration::hours(43)));
    core.acknowledge_alert(&supervisor, first.id, "seen").await.expect("acknowledged");
    assert_eq!(world.tick().await.digests, 1);
    core.deliver_due(&courier, 100).await.expect("delivered");
    let (_, Event::Digest(next)) = courier.sent().remove(2) else { panic!("a digest") };
    assert_eq!(next.day, "2026-06-03");
    let line = next.lines.iter().find(|l| l.kind == first.kind).expect("the acknowledged kind");
    assert_eq!(line.closed, 1, "{next:?}");
    assert!(next.lines.iter().any(|l| l.overdue > 0), "open for over a day: {next:?}");
    assert!(next.lines.iter().all(|l| l.overdue <= l.open));

    // Stopped, it goes no more.
    core.choose_digest(&supervisor, false).await.expect("stopped");
    world.clock.set(core.now().plus(time::Duration::days(1)));
    assert_eq!(world.tick().await.digests, 0);
}
