//! Children missing education through the API (issue 17, item 2): the child's council records a spell; bad input
//! names its fields and writes nothing; the police see it on the child's record; another council finds nothing;
//! the key figures count it.

use serde_json::json;
use time::Duration;

use crate::support::{Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn a_council_records_a_child_missing_education_that_shows_on_the_record_and_in_the_figures() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let path = format!("/api/v1/people/{child}/missing-education");
    let worker = app.with_user(Role::SocialWorker, WorldAgency::CouncilX).await;
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    let stranger = app.with_user(Role::LaCoordinator, WorldAgency::CouncilZ).await;
    let today = app.core().now().date();
    let since = (today - Duration::days(30)).to_string();

    let head = app.audit_head().await;
    let bad = json!({"reason": "truant", "started_on": "soon"});
    assert_eq!(worker.post_json(&path, bad).await.invalid_fields(), ["reason", "started_on"]);
    let body = json!({"reason": "off_roll", "started_on": since});
    officer.post_json(&path, body.clone()).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    stranger.post_json(&path, body.clone()).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.written_since(head).await, Vec::<String>::new(), "nothing was written but the refusals");

    let recorded = worker.post_json(&path, body).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text());
    let id = recorded.json()["id"].as_str().expect("an id").to_owned();
    let listed = officer.get(&path).await.json();
    assert_eq!((listed["items"][0]["reason"].as_str(), listed["next"].is_null()), (Some("off_roll"), true));
    stranger.get(&path).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let stats = officer.get(&format!("/api/v1/stats?from={}&to={today}", today - Duration::days(1))).await.json();
    assert_eq!(stats["children_missing_education"], 1, "{stats}");

    let end = format!("/api/v1/missing-education/{id}/end");
    assert_eq!(worker.post_json(&end, json!({"ended_on": "2000-01-01"})).await.invalid_fields(), ["ended_on"]);
    let ended = worker.post_json(&end, json!({"ended_on": today.to_string()})).await;
    assert_eq!(ended.json()["ended_on"], today.to_string().as_str());
    worker
        .post_json(&end, json!({"ended_on": today.to_string()}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "already_ended");
}
