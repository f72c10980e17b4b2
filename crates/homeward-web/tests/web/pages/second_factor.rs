//! Issue 16, item 1: guesses counted before they are checked, per account and per source, with lock-outs that time
//! or an administrator lifts; failures audited under a keyed identifier; the sign-in CSRF token bound to the
//! server; a second factor for everyone, each code used once, recovery codes used once, resets audited.

use std::net::IpAddr;

use homeward_core::Actor;
use homeward_core::domain::user::Email;
use homeward_core::ports::Clock;
use homeward_core::rules::sessions::{ACCOUNT_LIMIT, SOURCE_LIMIT};
use homeward_core::rules::totp;
use homeward_testkit::world::PASSWORD;
use sha2::{Digest, Sha256};

use crate::support::{AgencyKind, Client, Role, StatusCode, TestApp};

/// A client address, as the server would see it.
fn ip(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

fn code_of(error: &homeward_core::CoreError) -> &'static str {
    match error {
        homeward_core::CoreError::Rule { code, .. } => code,
        other => panic!("a rule's answer, not {other:?}"),
    }
}

fn count(events: &[homeward_core::domain::audit::AuditEvent], action: &str) -> usize {
    events.iter().filter(|e| e.action == action).count()
}

#[tokio::test]
async fn a_hundred_guesses_at_once_at_one_account_check_only_five_passwords() {
    let app = TestApp::spawn().await;
    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..100 {
        let core = app.core().clone();
        // From many sources, so only the account's own limit applies.
        let source = ip(&format!("10.0.{}.{}", n / 250, n % 250 + 1));
        guesses
            .spawn(async move { core.sign_in("officer.a@test.example", "a wrong guess!", source, None, None).await });
    }
    let answers: Vec<_> = guesses.join_all().await;
    let codes: Vec<&str> = answers.iter().map(|a| code_of(a.as_ref().expect_err("every guess is wrong"))).collect();
    let checked = codes.iter().filter(|c| **c == "sign_in_failed").count();
    assert_eq!(checked, ACCOUNT_LIMIT.allowed as usize, "only the allowed attempts had their password checked");
    assert_eq!(codes.iter().filter(|c| **c == "sign_in_locked").count(), 100 - checked);
    let events = app.audit_events().await;
    assert_eq!(count(&events, "session.sign_in_failed"), checked);
    assert_eq!(count(&events, "session.sign_in_refused"), 100 - checked);

    // Locked out, the right password is refused exactly as for an email nobody has, locked out alike.
    let right = app.core().sign_in("officer.a@test.example", PASSWORD, ip("10.9.0.1"), None, None).await;
    assert_eq!(code_of(&right.expect_err("locked")), "sign_in_locked");
    for n in 0..=ACCOUNT_LIMIT.allowed {
        let _ = app
            .core()
            .sign_in("nobody@test.example", "a wrong guess!", ip(&format!("10.8.0.{}", n + 1)), None, None)
            .await;
    }
    let unknown = app.core().sign_in("nobody@test.example", "a wrong guess!", ip("10.9.0.2"), None, None).await;
    let (known, unknown) = (right_message(&app, "officer.a@test.example").await, message(unknown));
    assert_eq!(known, unknown, "a locked account and an unknown email answer the same");
}

async fn right_message(app: &TestApp, email: &str) -> String {
    message(app.core().sign_in(email, PASSWORD, ip("10.9.0.3"), None, None).await)
}

fn message<T>(answer: Result<T, homeward_core::CoreError>) -> String {
    match answer {
        Err(homeward_core::CoreError::Rule { message, .. }) => message,
        _ => panic!("a refusal"),
    }
}

#[tokio::test]
async fn one_password_across_many_accounts_is_limited_per_source() {
    let app = TestApp::spawn().await;
    let mut checked = 0;
    for n in 0..SOURCE_LIMIT.allowed + 10 {
        let email = format!("someone{n}@test.example");
        match app.core().sign_in(&email, "Summer2026!!", ip("192.0.2.7"), None, None).await {
            Err(e) if code_of(&e) == "sign_in_failed" => checked += 1,
            Err(e) => assert_eq!(code_of(&e), "sign_in_locked"),
            Ok(_) => panic!("nobody has these emails"),
        }
    }
    assert_eq!(checked, SOURCE_LIMIT.allowed, "one source checks at most its limit across accounts");
    let elsewhere = app.core().sign_in("someone999@test.example", "Summer2026!!", ip("192.0.2.8"), None, None).await;
    assert_eq!(code_of(&elsewhere.expect_err("wrong")), "sign_in_failed", "another source is still checked");
}

#[tokio::test]
async fn a_lock_out_is_lifted_by_time_or_by_an_admin_of_the_users_agency() {
    let app = TestApp::spawn().await;
    let email = "officer.a@test.example";
    let attempt = |password: &'static str| {
        let core = app.core().clone();
        async move { core.sign_in(email, password, ip("10.1.1.1"), None, None).await.map(|_| ()) }
    };
    for _ in 0..ACCOUNT_LIMIT.allowed {
        assert_eq!(code_of(&attempt("wrong password").await.expect_err("wrong")), "sign_in_failed");
    }
    assert_eq!(code_of(&attempt(PASSWORD).await.expect_err("locked")), "sign_in_locked");
    app.world.clock.set(app.world.clock.now().plus(ACCOUNT_LIMIT.first_lock));
    attempt(PASSWORD).await.expect("the minute is over: the right password passes");

    for _ in 0..=ACCOUNT_LIMIT.allowed {
        let _ = attempt("wrong password").await;
    }
    assert_eq!(code_of(&attempt(PASSWORD).await.expect_err("locked again")), "sign_in_locked");
    let officer = Email::parse(email).expect("valid");
    let not_admin = app.world.actor("coordinator.y@test.example");
    assert!(app.core().unlock_sign_in(&not_admin, &officer).await.is_err(), "only the agency's admin");
    let admin = app.world.actor("admin@test.example");
    assert!(app.core().unlock_sign_in(&admin, &officer).await.expect("the force's admin unlocks"));
    attempt(PASSWORD).await.expect("unlocked");
    assert_eq!(count(&app.audit_events().await, "session.sign_in_unlocked"), 1);
}

#[tokio::test]
async fn failed_sign_ins_are_audited_under_a_keyed_identifier_not_a_bare_hash() {
    let app = TestApp::spawn().await;
    let _ = app.core().sign_in(" Someone@Test.Example ", "a wrong guess!", ip("10.0.0.1"), None, None).await;
    let event = app.audit_events().await.into_iter().find(|e| e.action == "session.sign_in_failed").expect("audited");
    let target = event.target_id.expect("an identifier");
    let bare = hex::encode(Sha256::digest(b"someone@test.example"));
    assert_ne!(target, bare, "a guessed email cannot be confirmed offline with SHA-256");
    assert_eq!(target, app.core().sign_in_identifier("someone@test.example"), "the HMAC of the normalised email");
    assert!(!event.details.contains("someone"));
}

#[tokio::test]
async fn a_csrf_value_planted_in_both_cookie_and_form_is_refused() {
    let app = TestApp::spawn().await;
    let browser = app.anonymous();
    let planted = "A".repeat(43);
    browser.set_cookies(vec![("homeward_csrf".into(), planted.clone())]);
    let email = "officer.a@test.example";
    let forged = browser.submit_sign_in(&[("email", email), ("password", PASSWORD), ("csrf_token", &planted)]).await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "a matching pair the server did not make is refused");
    assert!(!browser.has_session());
    // The server's own pair still works.
    let passed = browser.sign_in(email, PASSWORD).await;
    assert_eq!(passed.location(), "/sign-in/set-up", "on to the second factor");
}

#[tokio::test]
async fn a_code_is_accepted_once_and_only_after_the_password() {
    let app = TestApp::spawn().await;
    let officer = app.world.user("officer.a@test.example").clone();
    let browser = app.anonymous();
    assert_eq!(browser.get("/sign-in/code").await.location(), "/sign-in", "no password, no code page");
    let code = app.next_code(&officer).await;
    browser.sign_in(officer.email.as_str(), PASSWORD).await;
    let token = browser.get("/sign-in/code").await.csrf_token();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = browser.post_form("/sign-in/code", &[("code", wrong), ("csrf_token", &token)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("Enter a correct code"));
    let passed = browser.post_form("/sign-in/code", &[("code", &code), ("csrf_token", &token)]).await;
    assert_eq!(passed.location(), "/");
    assert_eq!(browser.home().await.status, StatusCode::OK);

    // The same code again, in another browser that has the password: refused.
    let thief = app.anonymous();
    thief.sign_in(officer.email.as_str(), PASSWORD).await;
    let token = thief.get("/sign-in/code").await.csrf_token();
    let replayed = thief.post_form("/sign-in/code", &[("code", &code), ("csrf_token", &token)]).await;
    assert_eq!(replayed.status, StatusCode::UNPROCESSABLE_ENTITY, "a code is used once");
    assert_eq!(thief.home().await.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app.audit_events().await, "session.second_factor_failed"), 2);
}

/// RFC 4648 base32, as the set-up page shows the secret.
fn base32_decode(text: &str) -> Vec<u8> {
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32"),
        };
        buffer = (buffer << 5) | u32::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).expect("a byte"));
        }
    }
    out
}

/// Signs a new user in for the first time: set-up page, first code, recovery codes.
async fn enrol(app: &TestApp, browser: &Client, email: &str) -> (Vec<u8>, Vec<String>) {
    assert_eq!(browser.sign_in(email, PASSWORD).await.location(), "/sign-in/set-up");
    let page = browser.get("/sign-in/set-up").await;
    let text = page.text();
    let start = text.find("id=\"secret\">").expect("the secret is shown") + 12;
    let secret = base32_decode(text[start..].split('<').next().expect("text"));
    assert!(text.contains("otpauth://totp/Homeward:"), "and the otpauth URI as text");
    let step = totp::step_at(app.world.clock.now().unix_micros() / 1_000_000);
    let form = [("code", totp::code(&secret, step)), ("csrf_token", page.csrf_token())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = browser.post_form("/sign-in/set-up", &form).await;
    assert_eq!(done.status, StatusCode::OK);
    let codes: Vec<String> =
        done.text().split("<code>").skip(1).map(|c| c.split('<').next().expect("text").to_owned()).collect();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    assert_eq!(browser.home().await.status, StatusCode::OK, "signed in");
    (secret, codes)
}

#[tokio::test]
async fn a_new_user_enrols_and_each_recovery_code_works_once() {
    let app = TestApp::spawn().await;
    let email = "officer.a@test.example";
    let browser = app.anonymous();
    let (_, codes) = enrol(&app, &browser, email).await;
    let events = app.audit_events().await;
    assert_eq!(count(&events, "user.second_factor_enrolled"), 1);

    let use_recovery = |code: String| {
        let browser = app.anonymous();
        async move {
            assert_eq!(browser.sign_in(email, PASSWORD).await.location(), "/sign-in/code", "enrolled now");
            let token = browser.get("/sign-in/recovery-code").await.csrf_token();
            let upper = code.to_uppercase();
            browser.post_form("/sign-in/recovery-code", &[("code", &upper), ("csrf_token", &token)]).await
        }
    };
    assert_eq!(use_recovery(codes[0].clone()).await.location(), "/", "a recovery code signs in");
    let again = use_recovery(codes[0].clone()).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "but only once");
    assert_eq!(use_recovery(codes[1].clone()).await.location(), "/", "the others still work");
    let signed_in = app.audit_events().await.into_iter().rfind(|e| e.action == "session.signed_in");
    assert!(signed_in.expect("audited").details.contains("\"recovery_codes_left\":8"));
}

#[tokio::test]
async fn an_admin_reset_is_audited_ends_sessions_and_asks_for_a_new_set_up() {
    let app = TestApp::spawn().await;
    let email = "officer.a@test.example";
    let browser = app.anonymous();
    enrol(&app, &browser, email).await;
    let officer = Email::parse(email).expect("valid");
    let operator = Actor::operator("test");
    let admin = app.world.actor("admin@test.example");
    let other = app.world.actor("coordinator.y@test.example");
    assert!(app.core().reset_second_factor(&other, &officer).await.is_err(), "not someone else's user");
    assert!(app.core().reset_second_factor(&admin, &officer).await.expect("the force's admin resets"));
    assert_eq!(browser.home().await.status, StatusCode::SEE_OTHER, "their sessions ended");
    let event = app.audit_events().await.into_iter().find(|e| e.action == "user.second_factor_reset").expect("audited");
    assert_eq!(event.target_id, Some(app.world.user(email).id.to_string()));
    assert_eq!(event.actor_user_id, Some(app.world.user("admin@test.example").id.to_string()));
    let again = app.anonymous();
    enrol(&app, &again, email).await;
    assert!(app.core().reset_second_factor(&operator, &officer).await.expect("an operator resets too"));
}

#[tokio::test]
async fn an_admin_clears_attempts_and_resets_second_factors_of_their_own_agency_from_the_users_page() {
    let app = TestApp::spawn().await;
    let admin = app.browser_with_user(Role::Admin, AgencyKind::Police).await;
    let page = admin.get("/users").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("officer.a@test.example") && !page.text().contains("worker.x@test.example"));
    let token = page.csrf_token();

    for _ in 0..=ACCOUNT_LIMIT.allowed {
        let _ = app.core().sign_in("officer.a@test.example", "a wrong guess!", ip("10.2.0.1"), None, None).await;
    }
    let unlock = [("email", "officer.a@test.example"), ("csrf_token", token.as_str())];
    assert_eq!(admin.post_form("/users/unlock", &unlock).await.location(), "/users?done=unlocked");
    app.core().sign_in("officer.a@test.example", PASSWORD, ip("10.2.0.1"), None, None).await.expect("unlocked");

    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let reset = [("email", "officer.a@test.example"), ("csrf_token", token.as_str())];
    assert_eq!(admin.post_form("/users/reset-second-factor", &reset).await.location(), "/users?done=reset");
    assert_eq!(officer.home().await.status, StatusCode::SEE_OTHER, "the officer's sessions ended");
    let forged = [("email", "officer.a@test.example"), ("csrf_token", "forged")];
    assert_eq!(admin.post_form("/users/reset-second-factor", &forged).await.status, StatusCode::BAD_REQUEST);

    let before = app.audit_head().await;
    let elsewhere = [("email", "worker.x@test.example"), ("csrf_token", token.as_str())];
    let refused = admin.post_form("/users/reset-second-factor", &elsewhere).await;
    assert!(refused.status.is_client_error(), "not a user of the admin's agency: {}", refused.status);
    // The review's findings: the refusal is audited, and an email no one has answers exactly as another agency's.
    let nobody = [("email", "nobody@test.example"), ("csrf_token", token.as_str())];
    assert_eq!(admin.post_form("/users/reset-second-factor", &nobody).await.status, refused.status);
    assert!(app.written_since(before.clone()).await.is_empty(), "nothing was changed or written but refusals");
    let after = app.audit_events().await;
    assert_eq!(count(&after, "access.refused"), 2, "each refusal audited once");
    let events = app.audit_events().await;
    assert_eq!(count(&events, "user.second_factor_reset"), 1);
    assert_eq!(count(&events, "session.sign_in_unlocked"), 1);

    let worker = app.browser_with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    assert!(worker.get("/users").await.status.is_client_error(), "only admins have the page");
}

/// Uses up a source's attempts, as thirty guesses across accounts from it would.
async fn exhaust(app: &TestApp, source: &str) {
    for n in 0..SOURCE_LIMIT.allowed {
        let email = format!("someone{n}@test.example");
        let _ = app.core().sign_in(&email, "Summer2026!!", ip(source), None, None).await;
    }
}

/// One wrong sign-in through the page, sent as a proxy would send it on for this client.
async fn through_proxy(app: &TestApp, client: &str) -> (usize, usize) {
    let browser = app.anonymous();
    let token = browser.sign_in_page().await.csrf_token();
    let form = [("email", "someone999@test.example"), ("password", "Summer2026!!"), ("csrf_token", &token)];
    let form = form.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let before = app.audit_events().await;
    let headers = [("x-forwarded-for", client)];
    browser.send_with_headers(reqwest::Method::POST, "/sign-in", crate::support::Body::Form(form), &headers).await;
    let after = app.audit_events().await;
    let grew = |action| count(&after, action) - count(&before, action);
    (grew("session.sign_in_failed"), grew("session.sign_in_refused"))
}

#[tokio::test]
async fn behind_a_trusted_proxy_attempts_are_counted_by_the_client_it_names() {
    let trusted = homeward_web::TrustedProxies::parse(&["127.0.0.1".into()]).expect("valid");
    let config = homeward_web::WebConfig { trusted_proxies: trusted, ..homeward_web::WebConfig::default() };
    let app = TestApp::spawn_with(&config).await;
    exhaust(&app, "203.0.113.5").await;
    assert_eq!(through_proxy(&app, "203.0.113.5").await, (0, 1), "the client that guessed is refused");
    assert_eq!(through_proxy(&app, "203.0.113.6").await, (1, 0), "another behind the same proxy is checked");
    assert_eq!(through_proxy(&app, "198.51.100.1, 203.0.113.5").await, (0, 1), "a spoofed entry changes nothing");
}

#[tokio::test]
async fn without_trusted_proxies_a_client_cannot_name_itself_another_source() {
    let app = TestApp::spawn().await;
    exhaust(&app, "127.0.0.1").await;
    assert_eq!(through_proxy(&app, "203.0.113.6").await, (0, 1), "the header is ignored: the peer is the source");
}
