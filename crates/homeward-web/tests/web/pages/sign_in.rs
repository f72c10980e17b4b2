//! Signing in and out: CSRF on every form, the session cookie, security headers, and the API with a session.

use homeward_testkit::world::PASSWORD;

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

#[tokio::test]
async fn pages_need_sign_in_and_carry_security_headers() {
    let app = TestApp::spawn().await;
    let browser = app.anonymous();
    let home = browser.home().await;
    assert_eq!((home.status, home.location()), (StatusCode::SEE_OTHER, "/sign-in"));
    let page = browser.sign_in_page().await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("govuk-template") && text.contains("Sign in to Homeward"));
    let csp = page.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "no-referrer");
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(!text.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn sign_in_needs_the_csrf_token_and_the_right_password() {
    let app = TestApp::spawn().await;
    let browser = app.anonymous();
    let email = "worker.x@test.example";
    let no_token = browser.submit_sign_in(&[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(no_token.status, StatusCode::BAD_REQUEST, "no CSRF token, no sign-in");
    assert!(!browser.has_session());
    let page = browser.sign_in_page().await;
    let forged = [("email", email), ("password", PASSWORD), ("csrf_token", "forged-token-value")];
    assert_eq!(browser.submit_sign_in(&forged).await.status, StatusCode::BAD_REQUEST, "a wrong CSRF token, no sign-in");
    assert!(!browser.has_session() && page.text().contains("csrf_token"));

    let wrong = browser.sign_in(email, "the wrong password entirely").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = wrong.text();
    assert!(text.contains("govuk-error-summary") && text.contains("Enter a correct email address and password"));
    assert!(!browser.has_session());
    let unknown = browser.sign_in("nobody@test.example", "the wrong password entirely").await;
    assert!(unknown.text().contains("Enter a correct email address and password"), "unknown emails fail alike");

    app.authenticator(app.world.user(email)).await;
    let passed = browser.sign_in(email, PASSWORD).await;
    assert_eq!((passed.status, passed.location()), (StatusCode::SEE_OTHER, "/sign-in/code"));
    assert_eq!(browser.home().await.status, StatusCode::SEE_OTHER, "the password alone reads nothing");
    assert_eq!(browser.episodes("").await.status, StatusCode::UNAUTHORIZED, "nor through the API");
    let signed_in = app.pass_second_factor(&browser, app.world.user(email)).await;
    assert_eq!((signed_in.status, signed_in.location()), (StatusCode::SEE_OTHER, "/"));
    let cookie = signed_in
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ASCII"))
        .find(|c| c.starts_with("homeward_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback");
    let home = browser.home().await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("Signed in as") && home.text().contains("Missing now"));
    let events = app.audit_events().await;
    assert_eq!(events.iter().filter(|e| e.action == "session.sign_in_failed").count(), 2);
    assert!(events.iter().any(|e| e.action == "session.signed_in"));
}

#[tokio::test]
async fn sign_out_needs_its_token_and_ends_the_session() {
    let app = TestApp::spawn().await;
    let browser = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let home = browser.home().await;
    assert_eq!(browser.sign_out("not-the-token").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(browser.home().await.status, StatusCode::OK, "a forged sign-out changes nothing");
    let session = browser.cookies();
    let signed_out = browser.sign_out(&home.csrf_token()).await;
    assert_eq!((signed_out.status, signed_out.location()), (StatusCode::SEE_OTHER, "/sign-in?signed_out=1"));
    browser.set_cookies(session);
    let replayed = browser.episodes_page("").await;
    assert_eq!(replayed.status, StatusCode::SEE_OTHER, "the old cookie no longer works");
    assert!(replayed.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn the_api_accepts_a_signed_in_session() {
    let app = TestApp::spawn().await;
    let browser = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let listed = browser.episodes("").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.text().contains(&app.world.episode.to_string()));
}

#[tokio::test]
async fn a_session_cannot_change_anything_through_the_api_without_its_csrf_token() {
    let app = TestApp::spawn().await;
    let browser = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let before = app.audit_head().await;
    let forged = browser.assess(app.world.episode, json!({"grade": "high", "rationale": "From another site"})).await;
    forged.assert_error(StatusCode::FORBIDDEN, "csrf");
    assert_eq!(app.audit_head().await, before, "nothing was written");
}
