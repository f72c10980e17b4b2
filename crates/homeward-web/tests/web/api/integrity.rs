//! What the API refuses however it is asked (issue 11, item 7): each answer is a 422 naming the field with a stable
//! code, and nothing changes.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

#[tokio::test]
async fn impossible_episodes_are_refused_with_the_field_and_the_open_episode() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let child = app.world.child;
    let count = || async { officer.person(child).await.json()["episodes"].as_array().expect("episodes").len() };
    let before = count().await;
    let now = app.core().now().to_rfc3339();

    let second = officer.report_episode(json!({"person_id": child, "went_missing_at": now, "missing_from": "home"}));
    let body = second.await.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "already_missing");
    assert_eq!(body["error"]["open_episode_id"], app.world.episode.to_string(), "{body}");
    assert!(body["error"]["fields"]["person_id"].is_string(), "{body}");

    let unborn = json!({"person_id": child, "went_missing_at": "2012-03-03T12:00:00Z", "missing_from": "home"});
    let body = officer.report_episode(unborn).await.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "before_birth");
    assert!(body["error"]["fields"]["went_missing_at"].is_string(), "{body}");

    let dead = officer.record_return(app.world.episode, json!({"returned_at": now, "outcome": "found_dead"})).await;
    assert_eq!(dead.status, StatusCode::OK, "{}", dead.text());
    let after = json!({"person_id": child, "went_missing_at": app.core().now().to_rfc3339(), "missing_from": "home"});
    let body = officer.report_episode(after).await.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "found_dead");
    assert!(body["error"]["fields"]["person_id"].is_string(), "{body}");
    assert_eq!(count().await, before, "no episode was added");
}

#[tokio::test]
async fn a_blank_override_reason_a_retyped_profile_and_a_header_only_png_are_refused() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let supervisor = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let blank = json!({"grade": "low", "rationale": "Seen at a friend's.", "override_reason": "   "});
    assert_eq!(supervisor.assess(app.world.episode, blank).await.invalid_fields(), ["override_reason"]);
    let episode = supervisor.episode(app.world.episode).await.json();
    assert_eq!(episode["assessments"].as_array().expect("assessments").len(), 0, "nothing was recorded");

    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let herbert = carer.save_profile(child, r#"{"kind": "herbert", "fields": {"nickname": "Synth"}}"#).await;
    assert_eq!(herbert.status, StatusCode::OK, "{}", herbert.text());
    let philomena = r#"{"kind": "philomena", "fields": {"places_frequented": "Skate park"}}"#;
    let body = carer
        .save_profile(child, philomena)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "profile_type_changed");
    assert!(body["error"]["fields"]["kind"].is_string(), "{body}");
    assert_eq!(carer.person(child).await.json()["profile"]["kind"], "herbert", "the profile is unchanged");
    let deliberate = r#"{"kind": "philomena", "fields": {"places_frequented": "Skate park"}, "replace_type": true}"#;
    let replaced = carer.save_profile(child, deliberate).await;
    assert_eq!((replaced.status, replaced.json()["kind"].clone()), (StatusCode::OK, json!("philomena")));

    let header_only = carer.save_photo(child, "2026-05-01", b"\x89PNG\r\n\x1a\n".to_vec()).await;
    assert_eq!(header_only.invalid_fields(), ["photo"]);
    assert_eq!(carer.photo(child).await.status, StatusCode::NOT_FOUND, "no photograph was kept");
}
