//! Bounded input at the API's edge (issue 16, item 5): every refusal under `/api` is the JSON error envelope
//! whatever refused it (a body over the limit, a path that cannot be decoded, a method the address does not answer
//! to), a "JPEG" that is only a JPEG's first bytes in front of HTML is never kept, and browsers are told to keep to
//! HTTPS whenever the service is reached over it.

use homeward_core::domain::photo::MAX_PHOTO_BYTES;
use reqwest::Method;

use crate::support::{AgencyKind, Body, Role, StatusCode, TestApp};

#[tokio::test]
async fn a_photograph_over_the_limit_is_413_in_the_error_envelope_and_nothing_is_kept() {
    let app = TestApp::spawn().await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let mut huge = homeward_testkit::example::jpeg();
    huge.resize(MAX_PHOTO_BYTES * 2, 0);
    let answer = carer.save_photo(app.world.child, "2026-05-01", huge).await;
    let body = answer.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(body["error"]["message"].is_string(), "{body}");
    assert_eq!(carer.photo(app.world.child).await.status, StatusCode::NOT_FOUND, "no photograph was kept");
}

#[tokio::test]
async fn a_jpeg_start_in_front_of_html_is_refused_and_nothing_is_kept() {
    let app = TestApp::spawn().await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let head = app.audit_head().await;
    let mut disguised = vec![0xFF, 0xD8, 0xFF];
    disguised.extend_from_slice(b"<html><script>alert(document.cookie)</script></html>");
    let answer = carer.save_photo(app.world.child, "2026-05-01", disguised).await;
    assert_eq!(answer.invalid_fields(), ["photo"], "{}", answer.text());
    assert_eq!(app.audit_head().await, head, "nothing was written");
    assert_eq!(carer.photo(app.world.child).await.status, StatusCode::NOT_FOUND, "no photograph was kept");
}

#[tokio::test]
async fn a_path_that_cannot_be_decoded_and_a_method_not_answered_are_the_error_envelope() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    // `%FF` is not UTF-8: axum's own path extractor refuses it, in plain text until the envelope covered it.
    officer.get("/api/v1/episodes/%FF").await.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    let traced = officer.send(Method::DELETE, "/api/v1/episodes", Body::None).await;
    traced.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let allowed = traced.header("allow");
    assert!(allowed.contains("GET") && allowed.contains("POST"), "the methods it answers to: {allowed}");
}

#[tokio::test]
async fn browsers_are_told_to_keep_to_https_whenever_it_is_on_and_only_then() {
    let config = homeward_web::WebConfig { https: true, ..homeward_web::WebConfig::default() };
    let secure = TestApp::spawn_with(&config).await;
    let anonymous = secure.anonymous();
    for path in ["/healthz", "/api/v1/episodes", "/sign-in", "/api/openapi.json", "/nowhere"] {
        let answer = anonymous.get(path).await;
        assert_eq!(answer.header("strict-transport-security"), "max-age=31536000; includeSubDomains", "{path}");
    }
    let plain = TestApp::spawn().await;
    let answer = plain.anonymous().get("/healthz").await;
    assert!(answer.headers.get("strict-transport-security").is_none(), "not over plain HTTP");
}

#[tokio::test]
async fn a_body_with_a_field_the_api_does_not_know_is_refused_naming_it_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let (child, episode) = (app.world.child, app.world.episode);
    let head = app.audit_head().await;
    // A misspelt field was dropped in silence: `risk_grad` left the grade unset, `reason` the note unsaid.
    for (path, body, unknown) in [
        (
            "/api/v1/episodes".to_owned(),
            serde_json::json!({"person_id": child.to_string(), "risk_grad": "high"}),
            "risk_grad",
        ),
        (
            format!("/api/v1/episodes/{episode}/risk-assessments"),
            serde_json::json!({"grade": "high", "why": "x"}),
            "why",
        ),
        ("/api/v1/alerts/acknowledge".to_owned(), serde_json::json!({"ids": [], "reason": "done"}), "reason"),
    ] {
        let answer = officer.post_json(&path, body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", answer.text());
        assert!(answer.text().contains(unknown), "{path} names `{unknown}`: {}", answer.text());
    }
    assert_eq!(app.written_since(head).await, Vec::<String>::new(), "nothing was written");
}
