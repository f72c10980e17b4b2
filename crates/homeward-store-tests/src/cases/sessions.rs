//! Signing in: API tokens and browser sessions, their expiry, and slowing down guessers.

use homeward_core::domain::user::Email;
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

pub async fn sign_in_starts_a_session_that_expires_and_failures_slow_down(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let email = "coordinator.y@test.example";
    let (signed_in, delay) = core.sign_in(email, PASSWORD, None, None).await.expect("signs in");
    assert_eq!(delay, Duration::ZERO);
    assert_eq!(signed_in.current.user.email.as_str(), email);
    let current = core.current_user(&signed_in.secret).await.expect("the session is live");
    assert_eq!(current.session_id, signed_in.session.id);

    // A second sign-in in the same browser replaces the session rather than adding one.
    let (again, _) = core.sign_in(email, PASSWORD, None, Some(&signed_in.secret)).await.expect("signs in");
    assert!(matches!(core.current_user(&signed_in.secret).await, Err(CoreError::Unauthenticated)));
    assert!(core.current_user(&again.secret).await.is_ok());

    // Unknown email and wrong password fail alike, and failures for one email slow its next attempts.
    let unknown = core.sign_in("nobody@test.example", PASSWORD, None, None).await.expect_err("fails");
    let wrong = core.sign_in(email, "not the password at all", None, None).await.expect_err("fails");
    assert_eq!(unknown.error.to_string(), wrong.error.to_string());
    for _ in 0..2 {
        core.sign_in(email, "not the password at all", None, None).await.expect_err("fails");
    }
    let slowed = core.sign_in(email, "not the password at all", None, None).await.expect_err("fails");
    assert!(slowed.delay >= Duration::seconds(1), "the fourth failure in the window is held back");
    let (_, delay) = core.sign_in(email, PASSWORD, None, None).await.expect("the right password still works");
    assert!(delay > Duration::ZERO, "even a success is held while failures are recent");
    let events = db.store.audit_events_after(0, 10_000).await.expect("events");
    let failures: Vec<_> = events.iter().filter(|e| e.action == "session.sign_in_failed").collect();
    assert_eq!(failures.len(), 5);
    assert!(failures.iter().all(|e| !e.target_id.as_deref().unwrap_or_default().contains('@')), "no email in the log");

    // Idle for the policy's time ends the session; so does signing out.
    world.clock.set(core.now().plus(Duration::minutes(31)));
    assert!(matches!(core.current_user(&again.secret).await, Err(CoreError::Unauthenticated)));
    let (fresh, _) = core.sign_in(email, PASSWORD, None, None).await.expect("signs in");
    let current = core.current_user(&fresh.secret).await.expect("live");
    core.sign_out(&current).await.expect("signs out");
    assert!(matches!(core.current_user(&fresh.secret).await, Err(CoreError::Unauthenticated)));
    assert!(events.iter().any(|e| e.action == "session.signed_in"));
}
