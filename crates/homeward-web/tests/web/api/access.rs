//! Who may call the API and what each caller sees: tokens, scoped lists and reads, exact refusals, audited reads.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, Value, WorldAgency};

#[tokio::test]
async fn health_and_openapi_answer_without_sign_in() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let health = anonymous.health().await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["database"], "sqlite");
    let doc = anonymous.openapi().await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().expect("a version").starts_with("3."));
    for path in ["/api/v1/episodes", "/api/v1/episodes/{id}", "/api/v1/people/{id}"] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}

#[tokio::test]
async fn the_api_needs_a_valid_token() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    let refused = anonymous.episodes("").await;
    refused.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(refused.header("www-authenticate"), "Bearer");
    let unknown = anonymous.bearer("hw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    unknown.episodes("").await.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    let malformed = anonymous.bearer("not even a token");
    malformed.episodes("").await.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn lists_are_scoped_to_the_callers_agency() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let listed = officer.episodes("").await;
    assert_eq!(listed.status, StatusCode::OK);
    let body = listed.json();
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], app.world.episode.to_string());
    assert_eq!(items[0]["status"], "missing");
    assert!(body["next"].is_null());
    let other_force = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    assert_eq!(other_force.episodes("").await.json()["items"].as_array().expect("items").len(), 0);
}

#[tokio::test]
async fn an_episode_reads_with_its_person_and_risk_and_is_audited_with_the_request_id() {
    let app = TestApp::spawn().await;
    let worker = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let read = worker.episode(app.world.episode).await;
    assert_eq!(read.status, StatusCode::OK);
    let request_id = read.header("x-request-id").to_owned();
    let body = read.json();
    assert_eq!(body["person"]["id"], app.world.child.to_string());
    assert_eq!(body["risk"]["joint"], Value::Null);
    assert_eq!(body["risk"]["disagreement"], false);
    assert_eq!(body["age_at_start"], 14);
    let events = app.audit_events().await;
    let audited = events.iter().rev().find(|e| e.action == "episode.read").expect("the read was audited");
    assert_eq!(audited.request_id.as_deref(), Some(request_id.as_str()));

    let person = worker.person(app.world.child).await;
    assert_eq!(person.status, StatusCode::OK);
    let person = person.json();
    assert_eq!(person["episodes"].as_array().expect("episodes").len(), 1);
    assert!(person["profile"].is_null());
}

#[tokio::test]
async fn out_of_scope_and_unknown_records_are_not_found_alike() {
    let app = TestApp::spawn().await;
    for (role, agency) in [
        (Role::Analyst, WorldAgency::CouncilX),
        (Role::Admin, WorldAgency::ForceA),
        (Role::PoliceOfficer, WorldAgency::ForceB),
        (Role::RhiPractitioner, WorldAgency::Interviews),
    ] {
        let outsider = app.with_user(role, agency).await;
        let body = outsider.episode(app.world.episode).await.assert_error(StatusCode::NOT_FOUND, "not_found");
        assert!(!body.to_string().contains(&app.world.child.to_string()), "{role:?} at {agency:?} learns nothing");
    }
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let unknown = officer.episode("00000000-0000-4000-8000-000000000000").await;
    unknown.assert_error(StatusCode::NOT_FOUND, "not_found");
    officer.episode("not-an-id").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    officer.person("not-an-id").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    officer.get("/api/v1/nothing-here").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    analyst.episodes("").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
}

/// Issue 16: attempts to open records outside scope were not audited. Each refusal is now one `access.refused`
/// event naming the actor, what they attempted and the record, while the answer stays exactly a missing record's.
#[tokio::test]
async fn refused_attempts_are_audited_once_and_answered_as_before() {
    let app = TestApp::spawn().await;
    let outsider = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let unknown = "00000000-0000-4000-8000-000000000000";
    let before = app.audit_head().await;
    let hidden = outsider.episode(app.world.episode).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let missing = outsider.episode(unknown).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(hidden, missing, "a record outside scope answers exactly as one that does not exist");
    outsider.person(app.world.child).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    analyst.episodes("").await.assert_error(StatusCode::FORBIDDEN, "forbidden");

    let after = before.map_or(0, |(seq, _)| seq);
    let events: Vec<_> = app.audit_events().await.into_iter().filter(|e| e.seq > after).collect();
    assert_eq!(events.len(), 4, "one event a refusal: {events:?}");
    assert!(events.iter().all(|e| e.action == "access.refused"));
    let details = |i: usize| -> Value { serde_json::from_str(&events[i].details).expect("JSON") };
    assert_eq!(events[0].actor_user_id.as_deref(), Some(outsider.id().to_string().as_str()));
    assert_eq!(events[0].actor_role, "police_officer");
    assert_eq!(
        (events[0].target_kind.as_str(), events[0].target_id.clone()),
        ("episode", Some(app.world.episode.to_string()))
    );
    assert_eq!(details(0)["attempted"], "episode.read");
    assert_eq!(details(0)["answer"], "not_found");
    assert_eq!(details(0)["record_exists"], true, "the log tells the auditor it was a hidden record");
    assert_eq!(events[1].target_id.as_deref(), Some(unknown));
    assert_eq!(details(1)["record_exists"], false);
    assert_eq!((events[2].target_kind.as_str(), details(2)["attempted"].clone()), ("person", "person.read".into()));
    assert_eq!(events[3].actor_role, "analyst");
    assert_eq!(
        (details(3)["attempted"].clone(), details(3)["answer"].clone()),
        ("episodes.listed".into(), "forbidden".into())
    );
    assert!(events[3].target_id.is_none());
}

#[tokio::test]
async fn bad_filters_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let before = app.audit_head().await;
    let refused = officer.episodes("?status=lost&risk=absent&limit=0&cursor=junk&order=sideways").await;
    assert_eq!(refused.invalid_fields(), ["cursor", "limit", "order", "risk", "status"]);
    assert!(refused.json()["error"]["fields"]["risk"].as_str().expect("text").contains("absent"));
    assert_eq!(app.audit_head().await, before, "nothing was written");
    assert_eq!(officer.episodes("?limit=201").await.invalid_fields(), ["limit"]);
    let blank = officer.episodes("?status=missing&risk=&limit=5").await;
    assert_eq!(blank.status, StatusCode::OK, "blank filters are ignored");
}
