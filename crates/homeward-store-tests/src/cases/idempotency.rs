//! Idempotency keys (issue 16, item 8): taken once per user, answered again once settled, refused for another
//! request, marked carried out in the work's own transaction, let go when their request changed nothing, and gone
//! after a day.

use std::sync::Arc;

use homeward_core::Actor;
use homeward_core::domain::idempotency::{Claim, Fingerprint, IdempotencyKey, StoredResponse};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

/// The server every claim below is made from, unless a test says otherwise.
const HERE: &str = "server-1";

fn key(text: &str) -> IdempotencyKey {
    IdempotencyKey::parse(text).expect("a valid key")
}

/// Claims `text` for `actor` from this server, with no request under it running here.
async fn claim(world: &World, actor: &Actor, text: &str, fingerprint: &Fingerprint) -> Claim {
    world.core.claim_idempotency_key(actor, &key(text), fingerprint, HERE, false).await.expect("claims")
}

pub async fn idempotency_keys_are_taken_once_replayed_and_expire_after_a_day(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let colleague = world.actor("worker.x@test.example");
    let report = Fingerprint::of("POST", "/api/v1/episodes", br#"{"person_id":"p"}"#);
    let other = Fingerprint::of("POST", "/api/v1/episodes", br#"{"person_id":"q"}"#);
    let answer = StoredResponse { status: 201, body: r#"{"id":"e"}"#.to_owned() };

    assert_eq!(claim(&world, &officer, "k1", &report).await, Claim::Taken);
    // Under way here: the same request waits its turn, another request is refused.
    let again = core.claim_idempotency_key(&officer, &key("k1"), &report, HERE, true).await.expect("claims");
    assert_eq!(again, Claim::InFlight);
    assert_eq!(claim(&world, &officer, "k1", &other).await, Claim::Mismatch);
    // Under way on another server: in flight until it has surely ended.
    let there = core.claim_idempotency_key(&officer, &key("k1"), &report, "server-2", false).await.expect("claims");
    assert_eq!(there, Claim::InFlight);
    // Keys are each user's own.
    assert_eq!(claim(&world, &colleague, "k1", &other).await, Claim::Taken);

    core.settle_idempotency_key(&officer, &key("k1"), &answer).await.expect("settles");
    let replay = claim(&world, &officer, "k1", &report).await;
    assert_eq!(replay, Claim::Replay(answer.clone()));
    assert_eq!(claim(&world, &officer, "k1", &other).await, Claim::Mismatch);
    // A settled key is not let go: releasing only frees keys whose request changed nothing.
    core.release_idempotency_key(&officer, &key("k1")).await.expect("releases");
    assert_eq!(claim(&world, &officer, "k1", &report).await, replay);

    // A request that changed nothing lets its key go; it may then be sent again, even as another request.
    assert_eq!(claim(&world, &officer, "k2", &report).await, Claim::Taken);
    core.release_idempotency_key(&officer, &key("k2")).await.expect("releases");
    assert_eq!(claim(&world, &officer, "k2", &other).await, Claim::Taken);

    // After a day a key is taken afresh even before the scheduler has removed it, and the scheduler removes it.
    world.clock.set(core.now().plus(Duration::hours(24) + Duration::seconds(1)));
    assert_eq!(claim(&world, &officer, "k1", &other).await, Claim::Taken);
    world.tick().await;
    let mut tx = core.store().begin().await.expect("a transaction");
    let left = tx.purge_idempotency_keys(core.now().plus(Duration::seconds(1))).await.expect("purges");
    assert_eq!(left, 1, "the scheduler removed all but the key taken afresh");
    tx.commit().await.expect("commits");
}

pub async fn a_request_that_lost_its_answer_is_carried_out_again_only_if_its_work_was_not_committed(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let fingerprint = Fingerprint::of("POST", "/api/v1/people", b"{}");

    // Work rolled back (the database went away before its commit): the retry carries it out.
    assert_eq!(claim(&world, &officer, "rolled-back", &fingerprint).await, Claim::Taken);
    core.carry_out(&officer, &key("rolled-back"), async {
        let tx = core.store().begin().await.expect("a transaction");
        drop(tx);
    })
    .await
    .expect("carried out");
    assert_eq!(claim(&world, &officer, "rolled-back", &fingerprint).await, Claim::Taken);

    // Work committed, answer never kept: the retry is told so, and not carried out again; releasing keeps it.
    assert_eq!(claim(&world, &officer, "committed", &fingerprint).await, Claim::Taken);
    core.carry_out(&officer, &key("committed"), async {
        let tx = core.store().begin().await.expect("a transaction");
        tx.commit().await.expect("commits");
    })
    .await
    .expect("carried out");
    core.release_idempotency_key(&officer, &key("committed")).await.expect("releases");
    assert_eq!(claim(&world, &officer, "committed", &fingerprint).await, Claim::AnswerLost);

    // Taken by another server that fell silent: after two minutes (past every request's limit) it is taken here.
    let silent = key("silent");
    let elsewhere = core.claim_idempotency_key(&officer, &silent, &fingerprint, "server-2", true).await;
    assert_eq!(elsewhere.expect("claims"), Claim::Taken);
    assert_eq!(claim(&world, &officer, "silent", &fingerprint).await, Claim::InFlight);
    world.clock.set(core.now().plus(Duration::minutes(2) + Duration::seconds(1)));
    assert_eq!(claim(&world, &officer, "silent", &fingerprint).await, Claim::Taken);
}

pub async fn two_requests_with_one_key_at_once_take_it_once(db: TestDatabase) {
    let world = Arc::new(World::build(db.store.clone()).await);
    let officer: Actor = world.actor("officer.a@test.example");
    let fingerprint = Fingerprint::of("POST", "/api/v1/people", b"{}");
    let claims = (0..8).map(|n| {
        let (world, officer, fingerprint) = (Arc::clone(&world), officer.clone(), fingerprint.clone());
        // Each from a server of its own, each still running: none may take another's.
        let holder = format!("server-{n}");
        tokio::spawn(async move {
            world.core.claim_idempotency_key(&officer, &key("race"), &fingerprint, &holder, true).await
        })
    });
    let mut taken = 0;
    for claim in claims {
        match claim.await.expect("the task ends").expect("claims") {
            Claim::Taken => taken += 1,
            Claim::InFlight => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(taken, 1, "exactly one request carries it out");
}
