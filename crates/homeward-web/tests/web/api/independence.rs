//! Who may hold a return interview, through the API: nobody who worked the case, and nobody who could not then see
//! it, each refused with its own code and nothing changed.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency, json};

#[tokio::test]
async fn the_coordinator_who_graded_the_risk_and_another_councils_social_worker_may_not_hold_the_interview() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let coordinator = app.with_user(Role::LaCoordinator, WorldAgency::CouncilX).await;
    let elsewhere = app.with_user(Role::SocialWorker, WorldAgency::CouncilZ).await;
    let practitioner = app.with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let graded = coordinator
        .assess(episode, r#"{"grade": "medium", "rationale": "Known to the team; out of character tonight."}"#)
        .await;
    assert_eq!(graded.status, StatusCode::CREATED, "{}", graded.text());
    let back = officer.record_return(
        episode,
        json!({"returned_at": app.core().now().to_rfc3339(),
        "outcome": "returned_self"}),
    );
    let back = back.await.json();
    let id = back["return_interview"]["id"].as_str().expect("a child's interview").to_owned();

    // The issue: both were accepted, and the social worker then got 404 for the interview they were to hold.
    let before = app.audit_head().await;
    let assessor = council.assign_interview(&id, json!({"practitioner_id": coordinator.id()})).await;
    let body = assessor.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "not_independent");
    assert!(body["error"]["message"].as_str().expect("a reason").contains("assessed its risk"), "{body}");
    assert!(body["error"]["fields"]["practitioner_id"].is_string(), "{body}");
    let other_council = council.assign_interview(&id, json!({"practitioner_id": elsewhere.id()})).await;
    let body = other_council.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "would_not_see_it");
    assert!(body["error"]["message"].as_str().expect("a reason").contains("could not see"), "{body}");
    elsewhere.return_interview(&id).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let returner = council.assign_interview(&id, json!({"practitioner_id": officer.id()})).await;
    returner.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "not_independent");
    assert_eq!(app.written_since(before).await, Vec::<String>::new(), "nothing was written but the refusals");
    assert_eq!(council.return_interview(&id).await.json()["status"], "due");

    let independent = council.assign_interview(&id, json!({"practitioner_id": practitioner.id()})).await;
    assert_eq!(independent.status, StatusCode::OK, "{}", independent.text());
    assert_eq!(practitioner.return_interview(&id).await.status, StatusCode::OK);
}
