//! Signing in: API tokens and browser sessions, their expiry, the second factor, and locking out guessers.

use homeward_core::domain::second_factor::{SecondFactor, TotpSecret};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::Email;
use homeward_core::rules::sessions::AttemptCount;
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{PASSWORD, World};
use time::Duration;

pub async fn tokens_authenticate_until_they_expire(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let email = Email::parse("officer.a@test.example").expect("valid");
    let op = Actor::operator("test");
    let (secret, token) = world.core.create_token(&op, &email, Some(1)).await.expect("issued");
    assert_eq!(token.hash, secret.hash(), "only the hash is kept");
    let actor = world.core.authenticate_token(secret.expose()).await.expect("authenticates");
    assert_eq!(actor.user_id(), Some(world.user("officer.a@test.example").id));
    assert!(matches!(world.core.authenticate_token("hw_not-a-real-token").await, Err(CoreError::Unauthenticated)));
    let mut altered = secret.expose().to_owned();
    altered.replace_range(5..6, if &altered[5..6] == "A" { "B" } else { "A" });
    assert!(matches!(world.core.authenticate_token(&altered).await, Err(CoreError::Unauthenticated)));
    world.clock.set(world.core.now().plus(Duration::days(1)));
    assert!(matches!(world.core.authenticate_token(secret.expose()).await, Err(CoreError::Unauthenticated)));
    let (forever, _) = world.core.create_token(&op, &email, None).await.expect("issued");
    world.clock.set(world.core.now().plus(Duration::days(4000)));
    let actor = world.core.authenticate_token(forever.expose()).await.expect("a token without expiry lasts");
    assert_eq!(actor.user_id(), Some(world.user("officer.a@test.example").id));
}

pub async fn sign_in_starts_a_session_after_the_second_factor_and_failures_lock_out(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let email = "coordinator.y@test.example";
    let passed = core.sign_in(email, PASSWORD, None, None, None).await.expect("the password passes");
    assert!(!passed.enrolled, "nobody has a second factor until they set one up");
    assert!(
        matches!(core.current_user(&passed.secret).await, Err(CoreError::Unauthenticated)),
        "a session that has passed only the password reads nothing"
    );
    let signed_in = world.sign_in(email, None).await;
    assert_eq!(signed_in.current.user.email.as_str(), email);
    let current = core.current_user(&signed_in.secret).await.expect("the session is live");
    assert_eq!(current.session_id, signed_in.session.id);

    // A second sign-in in the same browser replaces the session rather than adding one.
    let again = world.sign_in(email, Some(&signed_in.secret)).await;
    assert!(matches!(core.current_user(&signed_in.secret).await, Err(CoreError::Unauthenticated)));
    assert!(core.current_user(&again.secret).await.is_ok());

    // Unknown email and wrong password fail alike; after five, the account is locked out, whatever is tried.
    let unknown = core.sign_in("nobody@test.example", PASSWORD, None, None, None).await.expect_err("fails");
    let wrong = core.sign_in(email, "not the password at all", None, None, None).await.expect_err("fails");
    assert_eq!(unknown.to_string(), wrong.to_string());
    for _ in 0..4 {
        core.sign_in(email, "not the password at all", None, None, None).await.expect_err("fails");
    }
    let locked = core.sign_in(email, PASSWORD, None, None, None).await.expect_err("locked out");
    assert!(matches!(locked, CoreError::Rule { code: "sign_in_locked", .. }), "{locked:?}");
    world.clock.set(core.now().plus(Duration::minutes(1)));
    core.sign_in(email, PASSWORD, None, None, None).await.expect("the lock-out is over");
    let events = db.store.audit_events_after(0, 10_000).await.expect("events");
    let failures: Vec<_> = events.iter().filter(|e| e.action == "session.sign_in_failed").collect();
    assert_eq!(failures.len(), 6);
    assert!(failures.iter().all(|e| !e.target_id.as_deref().unwrap_or_default().contains('@')), "no email in the log");
    assert_eq!(events.iter().filter(|e| e.action == "session.sign_in_refused").count(), 1);

    // Idle for the policy's time ends the session; so does signing out.
    world.clock.set(core.now().plus(Duration::minutes(31)));
    assert!(matches!(core.current_user(&again.secret).await, Err(CoreError::Unauthenticated)));
    let fresh = world.sign_in(email, None).await;
    let current = core.current_user(&fresh.secret).await.expect("live");
    core.sign_out(&current).await.expect("signs out");
    assert!(matches!(core.current_user(&fresh.secret).await, Err(CoreError::Unauthenticated)));
    assert!(events.iter().any(|e| e.action == "session.signed_in"));
}

/// The counter's row is held by the transaction that reads it: attempts in twenty transactions at once are each
/// counted, none lost to another's write.
pub async fn concurrent_attempts_at_one_counter_are_each_counted(db: TestDatabase) {
    let now = Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("valid");
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let store = db.store.clone();
        attempts.spawn(async move {
            let mut tx = store.begin().await.expect("begin");
            let count = tx.sign_in_counter("account:test", now).await.expect("counted");
            // Hold the row a moment, as a slower request would.
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            let next = AttemptCount { failures: count.failures + 1, ..count };
            tx.set_sign_in_counter("account:test", &next).await.expect("set");
            tx.commit().await.expect("commit");
        });
    }
    attempts.join_all().await;
    let mut tx = db.store.begin().await.expect("begin");
    assert_eq!(tx.sign_in_counter("account:test", now).await.expect("read").failures, 20);
    let locked = AttemptCount { failures: 0, lockouts: 2, locked_until: Some(now), last_at: now };
    tx.set_sign_in_counter("account:test", &locked).await.expect("set");
    assert_eq!(tx.sign_in_counter("account:test", now).await.expect("read"), locked, "kept exactly");
    assert!(tx.clear_sign_in_counter("account:test").await.expect("cleared"));
    assert!(!tx.clear_sign_in_counter("account:test").await.expect("nothing left"));
    assert_eq!(tx.sign_in_counter("account:test", now).await.expect("fresh"), AttemptCount::fresh(now));
    tx.commit().await.expect("commit");
}

/// A second factor is kept sealed; a code's step and a recovery code are each accepted once, even when two
/// transactions bring them at once; a reset removes both.
pub async fn a_code_step_and_a_recovery_code_are_used_once(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let user = world.user("officer.a@test.example").id;
    let now = world.core.now();
    let secret = TotpSecret::generate();
    let factor = SecondFactor {
        user_id: user,
        sealed_secret: secret.seal(world.core.key(), user),
        created_at: now,
        confirmed_at: Some(now),
        last_step: None,
    };
    let mut tx = db.store.begin().await.expect("begin");
    tx.put_second_factor(&factor).await.expect("stored");
    tx.insert_recovery_codes(user, &["one".to_owned(), "two".to_owned()]).await.expect("stored");
    tx.commit().await.expect("commit");

    let mut uses = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let store = db.store.clone();
        uses.spawn(async move {
            let mut tx = store.begin().await.expect("begin");
            let used = (
                tx.use_totp_step(user, 100).await.expect("step"),
                tx.use_recovery_code(user, "one", now).await.expect("code"),
            );
            tx.commit().await.expect("commit");
            used
        });
    }
    let used = uses.join_all().await;
    assert_eq!(used.iter().filter(|(step, _)| *step).count(), 1, "a step is used once");
    assert_eq!(used.iter().filter(|(_, code)| *code).count(), 1, "a recovery code is used once");
    let mut tx = db.store.begin().await.expect("begin");
    assert!(!tx.use_totp_step(user, 99).await.expect("step"), "nor an earlier step");
    assert!(tx.use_totp_step(user, 101).await.expect("step"), "a later one is");
    assert_eq!(tx.recovery_codes_left(user).await.expect("left"), 1);
    let stored = tx.second_factor(user).await.expect("read").expect("kept");
    assert_eq!(stored.sealed_secret.open(world.core.key(), user), Some(secret));
    assert_eq!(stored.last_step, Some(101));
    assert!(tx.delete_second_factor(user).await.expect("deleted"));
    assert_eq!(tx.second_factor(user).await.expect("read"), None);
    assert_eq!(tx.recovery_codes_left(user).await.expect("left"), 0);
    tx.commit().await.expect("commit");
}
