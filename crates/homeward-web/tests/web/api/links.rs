//! The review queue of proposed links between records of one person: listed for a reviewer who sees both people,
//! decided with a reason, undone exactly; bad requests change nothing.

use crate::support::{AgencyKind, Client, Role, StatusCode, TestApp, WorldAgency, json};

/// Two made-up records of one child, recorded by `recorder`: recording the second proposes the pair for review
/// (report-time matching), as the operator's run would.
pub async fn proposed_pair(_app: &TestApp, recorder: &Client) -> (String, String, String) {
    let mut ids = Vec::new();
    for _ in 0..2 {
        let person = json!({"given_name": "Synthetic", "family_name": "Twice", "date_of_birth": "2012-05-06",
            "sex": "F", "looked_after": false});
        let recorded = recorder.record_person(person).await;
        assert_eq!(recorded.status, StatusCode::CREATED);
        ids.push(recorded.json()["id"].as_str().expect("an id").to_owned());
    }
    let listed = recorder.link_proposals("").await;
    assert_eq!(listed.status, StatusCode::OK);
    let id = listed.json()["items"][0]["id"].as_str().expect("the proposal").to_owned();
    (id, ids.remove(0), ids.remove(0))
}

#[tokio::test]
async fn a_supervisor_confirms_rejects_and_undoes_links_with_reasons_and_bad_requests_change_nothing() {
    let app = TestApp::spawn().await;
    let supervisor = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let (id, first, second) = proposed_pair(&app, &supervisor).await;
    let listed = supervisor.link_proposals("?status=potential&limit=1").await.json();
    let evidence = json!(["first_name=exact", "surname=exact", "dob=exact", "sex=agree", "postcode=missing"]);
    assert_eq!(listed["items"][0]["evidence"], evidence);
    assert!(listed["items"][0]["probability"].as_f64().expect("a probability") >= 0.9);
    assert!(listed["next"].is_null());

    // Bad input: an unknown status or parameter, no reason, an unknown or malformed id.
    assert_eq!(supervisor.link_proposals("?status=maybe").await.invalid_fields(), ["status"]);
    assert_eq!(supervisor.link_proposals("?colour=red").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(supervisor.decide_link(&id, "confirm", json!({})).await.invalid_fields(), ["reason"]);
    assert_eq!(supervisor.decide_link(&id, "reject", json!({"reason": " "})).await.invalid_fields(), ["reason"]);
    let unknown = homeward_core::domain::ids::LinkProposalId::random();
    supervisor
        .decide_link(unknown, "confirm", json!({"reason": "same"}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    supervisor.decide_link("not-an-id", "undo", json!({})).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    supervisor
        .decide_link(&id, "undo", json!({}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "link_already_decided");
    assert_eq!(supervisor.link_proposals("").await.json()["items"][0]["status"], "potential", "nothing changed");

    // Another force sees neither record: the proposal is missing to it. A council's social worker may not review.
    let other = app.with_user(Role::PoliceSupervisor, WorldAgency::ForceB).await;
    other.decide_link(&id, "confirm", json!({"reason": "same"})).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(other.link_proposals("").await.json()["items"], json!([]));
    let worker = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    worker.link_proposals("").await.assert_error(StatusCode::FORBIDDEN, "forbidden");

    let confirmed = supervisor.decide_link(&id, "confirm", json!({"reason": "same school"})).await;
    assert_eq!(confirmed.status, StatusCode::OK);
    let confirmed = confirmed.json();
    assert_eq!((confirmed["status"].as_str(), confirmed["reason"].as_str()), (Some("confirmed"), Some("same school")));
    assert_eq!(supervisor.person(&first).await.json()["linked_people"], json!([second]));
    supervisor
        .decide_link(&id, "reject", json!({"reason": "no"}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "link_already_decided");

    let undone = supervisor.decide_link(&id, "undo", json!({})).await.json();
    assert_eq!(
        (undone["status"].as_str(), &undone["decided_by"], &undone["reason"]),
        (Some("potential"), &json!(null), &json!(null))
    );
    assert_eq!(supervisor.person(&first).await.json()["linked_people"], json!([]));
    let rejected = supervisor.decide_link(&id, "reject", json!({"reason": "different people"})).await.json();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(supervisor.link_proposals("?status=rejected").await.json()["items"][0]["id"], id.as_str());

    let actions: Vec<String> = app.audit_events().await.into_iter().map(|e| e.action).collect();
    // Proposed when the second record was recorded: the person's creation is audited with the proposal's id.
    for action in ["person.created", "link.proposals_listed", "link.confirmed", "link.undone", "link.rejected"] {
        assert!(actions.iter().any(|a| a == action), "{action} is audited");
    }
}
