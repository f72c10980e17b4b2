//! The key figures through the API: counted within the caller's scope, audited, and every bad field named.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, Value, WorldAgency};

#[tokio::test]
async fn key_figures_count_what_the_caller_sees_and_name_bad_fields() {
    let app = TestApp::spawn().await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let june = "?from=2026-06-01&to=2026-06-30";
    // The world's looked-after child went missing on 1 June in council X's area and is still missing, ungraded.
    let counted = analyst.key_figures(june).await;
    assert_eq!(counted.status, StatusCode::OK);
    let request_id = counted.header("x-request-id").to_owned();
    let body = counted.json();
    let keys: Vec<&str> = body.as_object().expect("an object").keys().map(String::as_str).collect();
    // CONTRACT.md's 14 keys, and the three issue 17 added (the ofsted group, children also missing education,
    // legacy "absent" episodes awaiting review).
    assert_eq!(keys.len(), 17, "exactly CONTRACT.md's keys and issue 17's three: {keys:?}");
    assert_eq!(body["children_missing_education"], 0);
    assert_eq!(
        (&body["incidents"], &body["child_incidents"], &body["looked_after_individuals"], &body["adult_incidents"]),
        (&Value::from(1), &Value::from(1), &Value::from(1), &Value::from(0))
    );
    assert_eq!((&body["risk"]["unassessed"], &body["duration"]["still_missing"]), (&Value::from(1), &Value::from(1)));
    assert_eq!(body["rhi"]["due"], 0, "not returned, so no interview is due yet");
    let events = app.audit_events().await;
    let read = events.iter().rev().find(|e| e.action == "figures.read").expect("audited");
    assert_eq!(read.request_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(read.details, r#"{"agency":null,"from":"2026-06-01","to":"2026-06-30"}"#);

    let own = analyst.key_figures(&format!("{june}&agency=e0000000x")).await;
    assert_eq!((own.status, own.json()), (StatusCode::OK, body), "naming one's own agency changes nothing");
    let other = analyst.key_figures(&format!("{june}&agency=FA")).await;
    other.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let admin = app.with_user(Role::Admin, AgencyKind::Police).await;
    admin.key_figures(june).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let elsewhere = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await.key_figures(june).await;
    assert_eq!((elsewhere.status, &elsewhere.json()["incidents"]), (StatusCode::OK, &Value::from(0)), "another force");
    app.anonymous().key_figures(june).await.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");

    for (query, fields) in [
        ("", vec!["from", "to"]),
        ("?from=2026-13-01&to=30/06/2026&agency=not%20a%20code", vec!["agency", "from", "to"]),
        ("?from=2026-07-01&to=2026-06-30", vec!["to"]),
        ("?from=2016-06-01&to=2026-06-01", vec!["to"]),
        ("?from=2026-06-01&to=2026-06-30&agency=NOWHERE", vec!["agency"]),
    ] {
        assert_eq!(analyst.key_figures(query).await.invalid_fields(), fields, "{query}");
    }

    let doc = app.anonymous().openapi().await.json();
    assert!(doc["paths"]["/api/v1/stats"]["get"].is_object());
    let schema = &doc["components"]["schemas"]["KeyFigures"];
    assert_eq!(schema["properties"]["rhi"]["properties"]["offered_within_72h"]["type"], "integer");
    assert_eq!(schema["properties"]["ofsted"]["properties"]["unrecorded"]["type"], "integer");
    assert_eq!(
        schema["required"].as_array().expect("required").len(),
        17,
        "CONTRACT.md's 14 keys and issue 17's three"
    );
}
