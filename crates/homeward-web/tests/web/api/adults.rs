//! Vulnerable adults through the API: the return conversation is assigned and completed by the agency that offered
//! it, through the same routes as a child's interview and with no deadline; a Herbert profile is kept by whoever
//! recorded the adult and read by the police once they are reported missing.

use homeward_core::Scope;
use homeward_testkit::example;
use time::Duration;

use crate::support::{AgencyKind, Client, Role, StatusCode, TestApp, Value, WorldAgency, json};

/// Records an adult as the client's agency and gives their id.
async fn record_adult(client: &Client) -> String {
    let adult = json!({"given_name": "Grown", "family_name": "Up", "date_of_birth": "1948-07-09", "sex": "M",
        "looked_after": false});
    let recorded = client.record_person(adult).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text());
    recorded.json()["id"].as_str().expect("an id").to_owned()
}

/// Records an adult, reports them missing from hospital and records their return, all as the client; offers the
/// return conversation and gives its id.
async fn conversation_offered_by(app: &TestApp, client: &Client) -> String {
    let person = record_adult(client).await;
    let went = app.core().now().plus(Duration::hours(-5)).to_rfc3339();
    let reported =
        client.report_episode(json!({"person_id": person, "went_missing_at": went, "missing_from": "hospital"})).await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.text());
    let episode = reported.json()["id"].as_str().expect("an id").to_owned();
    let back =
        json!({"returned_at": app.core().now().plus(Duration::hours(-1)).to_rfc3339(), "outcome": "found_by_police"});
    let returned = client.record_return(&episode, back).await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text());
    assert!(returned.json()["return_interview"].is_null(), "an adult has no statutory interview");
    let offered = client.offer_return_conversation(&episode).await;
    let body = offered.json();
    assert_eq!(offered.status, StatusCode::OK, "{body}");
    assert_eq!(body["statutory"], false);
    assert!(body["offered_by_agency_id"].is_string(), "the conversation names the agency that offered it: {body}");
    body["id"].as_str().expect("an id").to_owned()
}

fn completed(app: &TestApp) -> Value {
    json!({"status": "completed", "completed_at": app.core().now().to_rfc3339(),
        "findings": {"push_factors": ["mental_health"], "support_wanted": "A call from the memory clinic"}})
}

#[tokio::test]
async fn the_police_assign_their_adults_conversation_and_the_practitioner_completes_it() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let practitioner = app.with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let id = conversation_offered_by(&app, &officer).await;
    // The issue: police 403 on assign, council and practitioner 404.
    let shown = officer.return_interview(&id).await.json();
    let actions: Vec<&str> = shown["actions"].as_array().expect("actions").iter().filter_map(Value::as_str).collect();
    assert!(actions.contains(&"assign_interview") && actions.contains(&"record_outcome"), "{actions:?}");
    let assigned = officer.assign_interview(&id, json!({"practitioner_id": practitioner.id()})).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text());
    assert_eq!(practitioner.return_interview(&id).await.status, StatusCode::OK, "the practitioner sees it");
    assert_eq!(practitioner.return_interviews("").await.json()["items"][0]["id"], id.as_str());
    let done = practitioner.record_outcome(&id, completed(&app)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["status"], "completed");
    // A council that was not asked has no part in the police's conversation; nor does another force.
    council
        .assign_interview(&id, json!({"practitioner_id": practitioner.id()}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    let other_force = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    other_force.return_interview(&id).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    // Or the police hold it themselves.
    let own = conversation_offered_by(&app, &officer).await;
    let held = officer.record_outcome(&own, completed(&app)).await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.text());
}

#[tokio::test]
async fn a_council_assigns_its_adults_conversation_which_has_no_deadline() {
    let app = TestApp::spawn().await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let practitioner = app.with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let id = conversation_offered_by(&app, &council).await;
    // The force sees the episode in its area, but the conversation is the council's.
    assert_eq!(officer.return_interview(&id).await.status, StatusCode::OK);
    let by_police = officer.assign_interview(&id, json!({"practitioner_id": practitioner.id()})).await;
    by_police.assert_error(StatusCode::FORBIDDEN, "forbidden");
    officer.record_outcome(&id, completed(&app)).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    // A month later it is still not late: no overdue list, no overdue alert.
    app.world.clock.set(app.core().now().plus(Duration::days(30)));
    app.world.tick().await;
    let overdue = council.return_interviews("?overdue=true").await.json();
    assert!(overdue["items"].as_array().expect("items").is_empty(), "{overdue}");
    let alerts = council.alerts("").await.json();
    let late = alerts["items"].as_array().expect("items").iter().any(|a| a["kind"] == "return_interview_overdue");
    assert!(!late, "{alerts}");
    let assigned = council.assign_interview(&id, json!({"practitioner_id": practitioner.id()})).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text());
    let done = practitioner.record_outcome(&id, completed(&app)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
}

#[tokio::test]
async fn an_adults_herbert_profile_is_kept_by_whoever_recorded_them() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let herbert = r#"{"kind": "herbert", "fields": {"routine": "Walks to the bakery at nine", "gp": "Surgery"}}"#;

    // Recorded by the police: the issue found police 403, care provider and council 404.
    let by_police = record_adult(&officer).await;
    let saved = officer.save_profile(&by_police, herbert).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(officer.person(&by_police).await.json()["profile"]["kind"], "herbert");
    carer.save_profile(&by_police, herbert).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    council.save_profile(&by_police, herbert).await.assert_error(StatusCode::NOT_FOUND, "not_found");

    // Recorded by a council: the council keeps it; the police did not record them and see nothing yet.
    let by_council = record_adult(&council).await;
    assert_eq!(council.save_profile(&by_council, herbert).await.status, StatusCode::OK);
    officer.save_profile(&by_council, herbert).await.assert_error(StatusCode::NOT_FOUND, "not_found");

    // Recorded by a care home: the home keeps it; the police read it once the adult is reported in their area.
    let by_home = record_adult(&carer).await;
    assert_eq!(carer.save_profile(&by_home, herbert).await.status, StatusCode::OK);
    officer.person(&by_home).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let episode = reported_to_force_a(&app, &by_home).await;
    let read = officer.episode(episode).await.json();
    assert_eq!(read["profile"]["fields"]["routine"], "Walks to the bakery at nine", "{read}");
    assert_eq!(officer.person(&by_home).await.json()["profile"]["kind"], "herbert");
    officer.save_profile(&by_home, herbert).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let other_force = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    other_force.person(&by_home).await.assert_error(StatusCode::NOT_FOUND, "not_found");

    // A child recorded by the police: their Philomena profile stays with their carer and council.
    let child = json!({"given_name": "Young", "family_name": "Person", "date_of_birth": "2013-04-05", "sex": "F",
        "looked_after": false});
    let child = officer.record_person(child).await.json()["id"].as_str().expect("an id").to_owned();
    let philomena = r#"{"kind": "philomena", "fields": {"places_frequented": "Skate park"}}"#;
    officer.save_profile(&child, philomena).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
}

/// An episode of the person missing from force A's area two hours ago, written to the store as a report would
/// leave it once every episode has its force.
async fn reported_to_force_a(app: &TestApp, person: &str) -> homeward_core::domain::ids::EpisodeId {
    let id = homeward_core::domain::ids::PersonId::parse(person).expect("a person id");
    let mut tx = app.core().store().begin().await.expect("tx");
    let person = tx.person(id, Scope::All).await.expect("read").expect("recorded");
    let episode = example::episode(&person, app.world.force_a.id, app.core().now().plus(Duration::hours(-2))).build();
    tx.insert_episode(&episode).await.expect("episode");
    tx.commit().await.expect("commit");
    episode.id
}
