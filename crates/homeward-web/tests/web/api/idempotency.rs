//! A client may name each POST with an `Idempotency-Key` (issue 16, item 8), so that sending it again after a
//! timeout never makes a second record: the repeat is answered as the first was, with `Idempotent-Replayed: true`.

use crate::support::{AgencyKind, Client, Reply, Role, StatusCode, TestApp, json};

/// How many audit events of this action there are: one per record made.
async fn events(app: &TestApp, action: &str) -> usize {
    app.audit_events().await.iter().filter(|event| event.action == action).count()
}

fn replayed(reply: &Reply) -> bool {
    reply.headers.get("idempotent-replayed").is_some_and(|v| v == "true")
}

async fn record(client: &Client, key: &str, family_name: &str) -> Reply {
    let person = json!({"given_name": "Synthetic", "family_name": family_name, "date_of_birth": "2011-02-03",
        "sex": "F", "looked_after": false});
    client.post_json_keyed("/api/v1/people", key, person).await
}

#[tokio::test]
async fn a_post_sent_twice_with_one_key_makes_one_record_and_is_answered_alike() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;

    // Without a key, a retry makes a second record: the failure a key prevents.
    let person = json!({"given_name": "Synthetic", "family_name": "Unkeyed", "date_of_birth": "2011-02-03",
        "sex": "F", "looked_after": false});
    officer.record_person(person.clone()).await;
    officer.record_person(person).await;
    assert_eq!(events(&app, "person.created").await, 2, "two records without a key");

    let first = record(&officer, "3f7c5a2e-person", "Keyed").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert!(!replayed(&first));
    let again = record(&officer, "3f7c5a2e-person", "Keyed").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text());
    assert!(replayed(&again), "a repeat says it is one");
    assert_eq!(again.json(), first.json(), "answered exactly as the first time");
    assert_eq!(events(&app, "person.created").await, 3, "one record for the keyed request");
    assert_eq!(events(&app, "request.replayed").await, 1, "the replay is audited");
    let person_id = first.json()["id"].as_str().expect("an id").to_owned();

    // Reporting the person missing, twice with one key: one episode, the same answer.
    let report = json!({"person_id": person_id, "went_missing_at": app.core().now().to_rfc3339(),
        "missing_from": "home"});
    let reported = officer.post_json_keyed("/api/v1/episodes", "report-1", report.clone()).await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.text());
    let retried = officer.post_json_keyed("/api/v1/episodes", "report-1", report.clone()).await;
    assert_eq!((retried.status, replayed(&retried)), (StatusCode::CREATED, true), "{}", retried.text());
    assert_eq!(retried.json()["id"], reported.json()["id"]);
    let episodes = officer.person(&person_id).await.json()["episodes"].as_array().expect("episodes").len();
    assert_eq!(episodes, 1, "one episode");
    // Without the key the retry would have been refused as a second report, leaving the client unsure.
    let unkeyed = officer.report_episode(report).await;
    unkeyed.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "already_missing");
}

#[tokio::test]
async fn a_key_reused_for_another_request_or_malformed_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert_eq!(record(&officer, "key-a", "First").await.status, StatusCode::CREATED);

    let other = record(&officer, "key-a", "Second").await;
    let body = other.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
    assert!(body["error"]["fields"]["Idempotency-Key"].is_string(), "{body}");
    let elsewhere = officer.post_json_keyed("/api/v1/people/matches", "key-a", json!({})).await;
    elsewhere.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");

    for bad in ["", "has space", &"k".repeat(256)] {
        let refused = record(&officer, bad, "Third").await;
        let body = refused.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert!(body["error"]["fields"]["Idempotency-Key"].is_string(), "{bad:?}: {body}");
    }
    assert_eq!(events(&app, "person.created").await, 1, "nothing more was recorded");

    // Keys are each caller's own: another officer's "key-a" is a new request.
    let colleague = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let theirs = record(&colleague, "key-a", "Second").await;
    assert_eq!((theirs.status, replayed(&theirs)), (StatusCode::CREATED, false), "{}", theirs.text());

    // Without credentials a key changes nothing: the caller is refused first.
    let anonymous = record(&app.anonymous(), "key-b", "Fourth").await;
    anonymous.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(events(&app, "person.created").await, 2);
}

#[tokio::test]
async fn a_request_answered_busy_leaves_its_key_free_for_the_retry() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    // A long job holds the writer: the keyed request is answered busy, having changed nothing, and its key is free
    // for the retry once the job is done.
    let job = app.world.core.store().begin().await.expect("the writer");
    let busy = record(&officer, "key-busy", "Busy").await;
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE, "{}", busy.text());
    drop(job);
    let retried = record(&officer, "key-busy", "Busy").await;
    assert_eq!((retried.status, replayed(&retried)), (StatusCode::CREATED, false), "{}", retried.text());
    assert_eq!(events(&app, "person.created").await, 1);
}
