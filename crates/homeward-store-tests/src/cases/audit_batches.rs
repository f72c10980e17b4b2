//! Reads without the writer: authentication and reads on read transactions, their audit events written by group
//! commit, many requests' events in one transaction. Every acknowledged read is in the chain, in order, across a
//! restart; a batch that fails acknowledges nobody and leaves the chain as it was; reordering, removing or
//! altering a batched event is found.

use std::time::Duration;

use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::audit::{AuditAction, NewAuditEvent};
use homeward_core::domain::ids::AgencyId;
use homeward_core::domain::paging::Paging;
use homeward_core::domain::text::DisplayName;
use homeward_core::domain::user::Email;
use homeward_core::services::AuditReport;
use homeward_core::{Actor, Core};
use homeward_testkit::world::{self, World};
use homeward_testkit::{Backend, TestDatabase};

/// Long enough for any read on a test machine; far shorter than the pool's wait for the writer (30 s).
const PATIENCE: Duration = Duration::from_secs(5);

/// Verifying the chain finds it broken, saying this.
async fn assert_broken(core: &Core, says: &str) {
    match core.verify_audit(|_| {}).await.expect("the chain is read") {
        AuditReport::Broken(broken) => assert!(broken.to_string().contains(says), "{broken}"),
        AuditReport::Intact { .. } => panic!("a changed chain must be found: {says}"),
    }
}

pub(super) async fn events_with_request_id(db: &TestDatabase, request_id: &str) -> usize {
    let events = db.store.audit_events_after(0, 10_000).await.expect("events");
    events.iter().filter(|e| e.request_id.as_deref() == Some(request_id)).count()
}

/// The episode read by `count` requests at once, each with its own request id `read-N`.
async fn read_together(world: &World, count: usize) -> Vec<Result<(), homeward_core::CoreError>> {
    let reads = (0..count).map(|n| {
        let core = world.core.clone();
        let actor = world.actor("officer.a@test.example").with_request_id(format!("read-{n}"));
        let episode = world.episode;
        tokio::spawn(async move { core.episode(&actor, episode).await.map(drop) })
    });
    let mut results = Vec::with_capacity(count);
    for read in reads.collect::<Vec<_>>() {
        results.push(read.await.expect("the read ran"));
    }
    results
}

pub async fn concurrent_reads_are_each_audited_in_order_and_kept_across_a_restart(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let before = db.store.audit_head().await.expect("head").expect("events").0;
    for result in read_together(&world, 40).await {
        result.expect("every read is answered once its event is kept");
    }
    let head = db.store.audit_head().await.expect("head").expect("events");
    assert_eq!(head.0, before + 40, "one event per read, none lost or doubled");
    for n in 0..40 {
        assert_eq!(events_with_request_id(&db, &format!("read-{n}")).await, 1, "read-{n} is audited once");
    }
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 });

    // A restarted server finds every acknowledged event, and the chain goes on from them.
    let (core, _) = world::core(db.reopen().await);
    assert_eq!(core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 });
    core.episode(&world.actor("officer.a@test.example"), world.episode).await.expect("read after the restart");
    assert_eq!(core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 + 1 });

    // Two batched events swapped in place: the first of them no longer matches its hash.
    let (a, b) = (before + 5, before + 6);
    db.tamper(&format!(
        "UPDATE audit_events SET seq = -1 WHERE seq = {a}; UPDATE audit_events SET seq = {a} WHERE seq = {b}; \
         UPDATE audit_events SET seq = {b} WHERE seq = -1"
    ))
    .await;
    assert_broken(&core, &format!("event {a}")).await;
    // Swapped back, the chain is whole again; one batched event removed from the middle is named.
    db.tamper(&format!(
        "UPDATE audit_events SET seq = -1 WHERE seq = {a}; UPDATE audit_events SET seq = {a} WHERE seq = {b}; \
         UPDATE audit_events SET seq = {b} WHERE seq = -1"
    ))
    .await;
    assert!(matches!(core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { .. }));
    db.tamper(&format!("DELETE FROM audit_events WHERE seq = {}", before + 20)).await;
    assert_broken(&core, &format!("event {} is missing", before + 20)).await;
}

pub async fn two_servers_on_one_database_make_one_chain(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let (other, _) = world::core(db.reopen().await);
    let before = db.store.audit_head().await.expect("head").expect("events").0;
    let officer = world.actor("officer.a@test.example");
    let email = Email::parse("officer.a@test.example").expect("valid");
    let requests = (0..30).map(|n| {
        // Every third request is a change (a token issued), appending in its own transaction; the servers alternate.
        let core = if n % 2 == 0 { world.core.clone() } else { other.clone() };
        let (actor, email, episode) = (officer.clone(), email.clone(), world.episode);
        tokio::spawn(async move {
            if n % 3 == 0 {
                core.create_token(&Actor::operator("test"), &email, None).await.map(drop)
            } else {
                core.episode(&actor, episode).await.map(drop)
            }
        })
    });
    for request in requests.collect::<Vec<_>>() {
        request.await.expect("ran").expect("answered");
    }
    let expected = before + 30;
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: expected });
    assert_eq!(other.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: expected });
}

/// Makes the database refuse any audit event with the request id `fail`, as a disk or server failure would refuse
/// a whole transaction.
async fn refuse_failing_events(db: &TestDatabase) {
    match db.backend() {
        Backend::Sqlite => {
            db.tamper(
                "CREATE TRIGGER refuse_failing BEFORE INSERT ON audit_events WHEN NEW.request_id = 'fail' \
                 BEGIN SELECT RAISE(ABORT, 'refused'); END",
            )
            .await;
        }
        Backend::Postgres => {
            db.tamper(
                "CREATE FUNCTION refuse_failing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF NEW.request_id = 'fail' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$; \
                 CREATE TRIGGER refuse_failing BEFORE INSERT ON audit_events FOR EACH ROW \
                 EXECUTE FUNCTION refuse_failing()",
            )
            .await;
        }
    }
}

pub(super) fn event(request_id: &str) -> NewAuditEvent {
    NewAuditEvent {
        request_id: Some(request_id.to_owned()),
        ..NewAuditEvent::bare(world::at("2026-06-01T12:00:00Z"), "operator:test", AuditAction::EpisodeRead, "episode")
    }
}

pub async fn a_batch_that_fails_acknowledges_none_of_its_reads_and_leaves_the_chain_whole(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    refuse_failing_events(&db).await;
    let before = db.store.audit_head().await.expect("head").expect("events");

    // Thirty reads at once, one of which the database refuses: whichever batches they fall into, a read is
    // acknowledged exactly when its event is kept, and the refused one's batch keeps nothing.
    let ids: Vec<String> = (0..30).map(|n| if n == 17 { "fail".to_owned() } else { format!("read-{n}") }).collect();
    let reads: Vec<_> = ids
        .iter()
        .map(|id| {
            let (store, id) = (db.store.clone(), id.clone());
            tokio::spawn(async move { store.record_audit(event(&id)).await })
        })
        .collect();
    let mut acknowledged = 0;
    for (id, read) in ids.iter().zip(reads) {
        let answered = read.await.expect("ran");
        let kept = events_with_request_id(&db, id).await;
        assert_eq!(kept, usize::from(answered.is_ok()), "{id}: acknowledged if and only if kept");
        acknowledged += kept;
    }
    assert_eq!(events_with_request_id(&db, "fail").await, 0, "the refused event is not kept");
    assert!(acknowledged < 30, "the refused read is not acknowledged");
    let head = db.store.audit_head().await.expect("head").expect("events");
    assert_eq!(head.0, before.0 + acknowledged as i64, "one event per acknowledged read");
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 });

    // The chain goes on from where the failed batch would have begun.
    world.core.episode(&world.actor("officer.a@test.example"), world.episode).await.expect("read");
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 + 1 });
}

pub async fn sign_ins_and_unaudited_reads_do_not_wait_for_a_long_write(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let email = "officer.a@test.example";
    let (token, _) =
        core.create_token(&Actor::operator("test"), &Email::parse(email).expect("valid"), None).await.expect("issued");
    let signed_in = world.sign_in(email, None).await;

    // A long job's transaction holds the writer with a change not yet committed.
    let mut long_job = db.store.begin().await.expect("begin");
    let code = AgencyCode::parse("E99999999").expect("valid");
    let agency = Agency {
        id: AgencyId::random(),
        code: code.clone(),
        name: DisplayName::parse("Uncommitted Council").expect("valid"),
        kind: AgencyKind::LocalAuthority,
        police_force_id: None,
    };
    long_job.insert_agency(&agency).await.expect("inserted");

    let reads = async {
        let actor = core.authenticate_token(token.expose()).await.expect("the token is checked");
        assert_eq!(actor.user_id(), Some(world.user(email).id));
        let current = core.current_user(&signed_in.secret).await.expect("the session is checked");
        assert_eq!(current.session_id, signed_in.session.id);
        core.alerts(&actor, &Paging::default()).await.expect("alerts are listed");
        core.case_counts(&actor).await.expect("work is counted");
        let agencies = core.agencies().await.expect("agencies are listed");
        assert!(agencies.iter().all(|a| a.code != code), "a read sees only what is committed");
    };
    tokio::time::timeout(PATIENCE, reads).await.expect("reads are answered while the writer is held");
    long_job.commit().await.expect("the long job commits");
    assert!(core.agencies().await.expect("listed").iter().any(|a| a.code == code));
}
