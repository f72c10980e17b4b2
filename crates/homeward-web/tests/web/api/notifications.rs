//! Notifications through the API (issue 12): each user chooses the kinds of alert emailed to them, bad kinds named
//! by place, and the daily digest if their role may have it; an agency's admin lists the notifications given up on, and nobody else does.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

#[tokio::test]
async fn a_user_chooses_their_alert_emails_and_the_admin_sees_what_was_given_up() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert_eq!(officer.alert_emails().await.json()["kinds"], json!([]));
    let bad = officer.choose_alert_emails(json!({"kinds": ["pnc_record_due", "everything"]})).await;
    assert_eq!(bad.invalid_fields(), ["kinds[1]"]);
    assert_eq!(officer.alert_emails().await.json()["kinds"], json!([]), "a bad list changes nothing");
    let chosen =
        officer.choose_alert_emails(json!({"kinds": ["not_assessed", "pnc_record_due", "pnc_record_due"]})).await;
    assert_eq!(chosen.status, StatusCode::OK);
    assert_eq!(officer.alert_emails().await.json()["kinds"], json!(["not_assessed", "pnc_record_due"]));
    let unknown = officer.choose_alert_emails(json!({"kinds": [], "email": "me@elsewhere.example"})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let analyst = app.with_user(Role::Analyst, AgencyKind::Police).await;
    assert_eq!(analyst.alert_emails().await.status, StatusCode::FORBIDDEN);

    // The daily digest: for police supervisors and council senior managers; an officer asking changes nothing.
    assert_eq!(officer.alert_emails().await.json()["daily_digest_offered"], json!(false));
    let refused = officer.choose_alert_emails(json!({"kinds": [], "daily_digest": true})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.alert_emails().await.json()["kinds"], json!(["not_assessed", "pnc_record_due"]), "unchanged");
    let supervisor = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let read = supervisor.alert_emails().await.json();
    assert_eq!((&read["daily_digest"], &read["daily_digest_offered"]), (&json!(false), &json!(true)));
    let digest = supervisor.choose_alert_emails(json!({"kinds": ["not_assessed"], "daily_digest": true})).await;
    assert_eq!(digest.json()["daily_digest"], json!(true));
    let kept = supervisor.choose_alert_emails(json!({"kinds": []})).await;
    assert_eq!(kept.json()["daily_digest"], json!(true), "left as it is when not given");

    let admin = app.with_user(Role::Admin, AgencyKind::Police).await;
    let listed = admin.given_up_notifications("").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.json()["items"], json!([]));
    assert_eq!(admin.given_up_notifications("?limit=0").await.invalid_fields(), ["limit"]);
    assert_eq!(officer.given_up_notifications("").await.status, StatusCode::FORBIDDEN, "the admin's to put right");
}
