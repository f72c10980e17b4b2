//! Audited reads while a long job holds the audit chain (SQLite's one writer, PostgreSQL's head row, as an import or
//! the national seed does): each read is answered promptly, its event on disk in the spool first; once the job is
//! done the spooled events are sealed onto the chain in the order they were kept, each once, and a restart in
//! between loses none of them.

use std::time::{Duration, Instant};

use homeward_core::domain::audit::AuditEvent;
use homeward_core::services::AuditReport;
use homeward_testkit::world::{self, World};
use homeward_testkit::{Backend, TestDatabase};

use super::audit_batches::{event, events_with_request_id};

/// Far longer than the audit grace (a quarter of a second), far shorter than the wait for the writer (10 s).
const PROMPTLY: Duration = Duration::from_secs(3);

/// The request ids of the events after `seq`, in the chain's order.
async fn request_ids_after(db: &TestDatabase, seq: i64) -> Vec<String> {
    let events = db.store.audit_events_after(seq, 1_000).await.expect("events");
    events.into_iter().filter_map(|AuditEvent { request_id, .. }| request_id).collect()
}

pub async fn audited_reads_are_answered_while_a_long_job_holds_the_chain_and_sealed_in_order_after(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let before = db.store.audit_head().await.expect("head").expect("events").0;
    let mut long_job = db.store.begin().await.expect("begin");
    long_job.append_audit(event("long-job")).await.expect("the job's own event, holding the chain");

    for n in 0..3 {
        let officer = world.actor("officer.a@test.example").with_request_id(format!("spooled-{n}"));
        let started = Instant::now();
        world.core.episode(&officer, world.episode).await.expect("the read is answered while the job runs");
        assert!(started.elapsed() < PROMPTLY, "read {n} waited {:?} for the job", started.elapsed());
    }
    assert_eq!(db.store.audit_head().await.expect("head").expect("events").0, before, "nothing sealed meanwhile");

    long_job.commit().await.expect("the job commits");
    // The scheduler's next tick seals them (or the next read, once a second has passed since the chain was found
    // held: until then reads go straight to the spool).
    assert_eq!(db.store.seal_spooled_audit().await.expect("sealed"), 3, "the three spooled reads are sealed");
    let officer = world.actor("officer.a@test.example").with_request_id("after".to_owned());
    world.core.episode(&officer, world.episode).await.expect("read after the job");
    assert_eq!(
        request_ids_after(&db, before).await,
        ["long-job", "spooled-0", "spooled-1", "spooled-2", "after"],
        "the spooled reads are sealed after the job's event, in the order they were kept"
    );
    let head = db.store.audit_head().await.expect("head").expect("events").0;
    assert_eq!(head, before + 5);
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head });
    assert_eq!(db.store.seal_spooled_audit().await.expect("sealed"), 0, "nothing is left to seal, nothing twice");
}

pub async fn spooled_reads_survive_a_restart_and_are_sealed_once_by_the_next_tick_or_verify(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let before = db.store.audit_head().await.expect("head").expect("events").0;
    let mut long_job = db.store.begin().await.expect("begin");
    long_job.append_audit(event("abandoned-job")).await.expect("holding the chain");
    let officer = world.actor("officer.a@test.example").with_request_id("spooled".to_owned());
    world.core.episode(&officer, world.episode).await.expect("answered while the job runs");
    // The job dies: its transaction is rolled back; the acknowledged read's event is on disk. Another server (a
    // restart) opens the database.
    drop(long_job);

    let (core, _) = world::core(db.reopen().await);
    assert_eq!(core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: before + 1 });
    assert_eq!(events_with_request_id(&db, "spooled").await, 1);
    assert_eq!(events_with_request_id(&db, "abandoned-job").await, 0, "the rolled-back job kept nothing");
    assert_eq!(core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: before + 1 });
    assert_eq!(events_with_request_id(&db, "spooled").await, 1, "sealed once, however often verified");
}

/// Holds the chain with a job of its own while `read` runs, then lets the job go without keeping anything.
async fn read_while_held(store: &std::sync::Arc<dyn homeward_core::ports::Store>, read: impl Future<Output = ()>) {
    let mut long_job = store.begin().await.expect("begin");
    long_job.append_audit(event("held")).await.expect("holding the chain");
    read.await;
    drop(long_job);
}

pub async fn a_lost_spool_does_not_hide_the_reads_spooled_after_it(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let read = |core: homeward_core::Core, id: &str| {
        let officer = world.actor("officer.a@test.example").with_request_id(id.to_owned());
        let episode = world.episode;
        async move { core.episode(&officer, episode).await.map(drop).expect("answered") }
    };
    read_while_held(&db.store, read(world.core.clone(), "before-loss")).await;
    assert_eq!(db.store.seal_spooled_audit().await.expect("sealed"), 1, "the chain's mark is past the first read");

    // The spool is lost: its file deleted (SQLite), or emptied and renumbered from 1 (PostgreSQL).
    match db.backend() {
        Backend::Sqlite => {
            let file = db.url().trim_start_matches("sqlite://").to_owned();
            for suffix in ["-audit-spool", "-audit-spool-wal", "-audit-spool-shm"] {
                let _ = std::fs::remove_file(format!("{file}{suffix}"));
            }
        }
        Backend::Postgres => db.tamper("TRUNCATE audit_spool RESTART IDENTITY").await,
    }
    let store = db.reopen().await;
    let (core, _) = world::core(store.clone());
    read_while_held(&store, read(core.clone(), "after-loss")).await;
    assert_eq!(store.seal_spooled_audit().await.expect("sealed"), 1, "the read spooled after the loss is sealed");
    assert_eq!(events_with_request_id(&db, "after-loss").await, 1);
    assert!(matches!(core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { .. }));
}
