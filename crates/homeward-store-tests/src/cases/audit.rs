//! The audit log: every change and read written with its event, and tampering found; records kept across a restart.

use homeward_core::Actor;
use homeward_core::domain::audit::ChainStart;
use homeward_core::services::AuditReport;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{self, World};

use super::{Access, access};

/// Verifying the chain finds it broken, saying this.
async fn assert_broken(world: &World, says: &str) {
    match world.core.verify_audit(|_| {}).await.expect("the chain is read") {
        AuditReport::Broken(broken) => assert!(broken.to_string().contains(says), "{broken}"),
        AuditReport::Intact { .. } => panic!("a changed chain must be found: {says}"),
    }
}

pub async fn every_change_and_read_is_audited_and_tampering_is_found(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let officer = world.actor("officer.a@test.example").with_request_id("req-1");
    world.core.episode(&officer, world.episode).await.expect("read");
    let head = db.store.audit_head().await.expect("head").expect("events were written");
    let events = db.store.audit_events_after(0, 1_000).await.expect("events");
    assert_eq!(events.len() as i64, head.0);
    let read = events.last().expect("the read was audited");
    assert_eq!(read.action, "episode.read");
    assert_eq!(read.target_id.as_deref(), Some(world.episode.to_string().as_str()));
    assert_eq!(read.request_id.as_deref(), Some("req-1"));
    assert_eq!(read.actor_role, "police_officer");
    assert!(events.iter().any(|e| e.action == "agency.created"));
    assert!(events.iter().any(|e| e.action == "user.created"));
    assert!(
        events.iter().all(|e| !e.details.contains("Synthetic") && !e.details.contains("@test.example")),
        "no personal data in audit details"
    );
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 });

    // A refused read is not audited as a read and changes nothing: only the refusal is audited, naming the attempt.
    let before = db.store.audit_head().await.expect("head").expect("events").0;
    let refused = world.core.episode(&world.actor("officer.b@test.example"), world.episode).await;
    assert_eq!(access(refused), Access::NotFound);
    let written = db.store.audit_events_after(before, 10).await.expect("events");
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!((written[0].action.as_str(), written[0].target_kind.as_str()), ("access.refused", "episode"));
    assert!(
        written[0].details.contains("\"attempted\":\"episode.read\"")
            && written[0].details.contains("\"record_exists\":true")
    );

    db.tamper("UPDATE audit_events SET actor_role = 'analyst' WHERE seq = 3").await;
    assert_broken(&world, "event 3").await;
}

pub async fn deleting_audit_events_is_found(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let total = db.store.audit_head().await.expect("head").expect("events").0;
    db.tamper(&format!("DELETE FROM audit_events WHERE seq = {total}")).await;
    assert_broken(&world, "").await;
    db.tamper("DELETE FROM audit_events WHERE seq = 2").await;
    assert_broken(&world, "event 2 is missing").await;
}

pub async fn reopening_a_database_keeps_its_records(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let (core, _) = world::core(db.reopen().await);
    assert!(!core.is_empty().await.expect("answers"));
    assert_eq!(access(core.episode(&Actor::operator("test"), world.episode).await), Access::Granted);
}

/// A new database's chain begins with its genesis event, written once however often it is opened; an existing
/// chain is never given one after it began.
pub async fn the_chain_begins_with_its_genesis_event_once(db: TestDatabase) {
    let (core, _) = world::core(db.store.clone());
    assert!(core.begin_audit_chain("northmoor-test").await.expect("begun"));
    assert!(!core.begin_audit_chain("northmoor-test").await.expect("once"));
    let events = db.store.audit_events_after(0, 10).await.expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].seq, events[0].action.as_str()), (1, "audit.genesis"));
    assert!(events[0].details.contains("northmoor-test"));
    let verified = core.verify_audit_against(Vec::new(), |_| {}).await.expect("verified");
    assert_eq!(verified.report, AuditReport::Intact { events: 1 });
    assert!(matches!(verified.start, ChainStart::Genesis { ref deployment, .. } if deployment == "northmoor-test"));

    // A chain that began without one (before genesis events existed) is left as it is.
    let other = TestDatabase::new(db.backend()).await;
    World::build(other.store.clone()).await;
    let (older, _) = world::core(other.store.clone());
    assert!(!older.begin_audit_chain("northmoor-test").await.expect("answers"));
    let verified = older.verify_audit_against(Vec::new(), |_| {}).await.expect("verified");
    assert_eq!(verified.start, ChainStart::PredatesGenesis);

    // The existence of a refused attempt's record, for the audit log only.
    let world_episode = World::build(db.store.clone()).await.episode.to_string();
    let mut tx = db.store.begin_read().await.expect("tx");
    assert_eq!(tx.record_exists("episode", &world_episode).await.expect("read"), Some(true));
    assert_eq!(tx.record_exists("episode", "00000000-0000-4000-8000-000000000000").await.expect("read"), Some(false));
    assert_eq!(tx.record_exists("figures", "x").await.expect("read"), None);
}
