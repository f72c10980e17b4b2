//! Post-missing support through the API (issue 17, item 4): the interview's practitioner makes a plan, records a
//! session, a review and the outcome; bad input names its fields and writes nothing; carers read the plan without
//! the sessions' notes; another force finds nothing.

use serde_json::json;
use time::Duration;

use crate::support::{Role, StatusCode, TestApp, WorldAgency};

fn in_days(app: &TestApp, days: i64) -> String {
    (app.core().now().date() + Duration::days(days)).to_string()
}

#[tokio::test]
async fn a_practitioner_plans_support_after_the_interview_and_records_its_sessions_and_outcome() {
    let app = TestApp::spawn().await;
    let practitioner = app.with_user(Role::RhiPractitioner, WorldAgency::Interviews).await;
    let interview = app.world.add_completed_interview(practitioner.id()).await;
    let path = format!("/api/v1/return-interviews/{interview}/support-plans");
    let body = json!({"sessions_planned": 4, "safety_plan": "Childline 0800 1111; carers collect from school",
        "review_on": in_days(&app, 14)});

    // Bad input: each field named, nothing written but refusals.
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;
    let elsewhere = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    let head = app.audit_head().await;
    let bad = json!({"sessions_planned": 99, "safety_plan": " ", "review_on": "soon", "owner_id": "x"});
    assert_eq!(
        practitioner.post_json(&path, bad).await.invalid_fields(),
        ["owner_id", "review_on", "safety_plan", "sessions_planned"]
    );
    let mut past = body.clone();
    past["review_on"] = json!("2000-01-01");
    assert_eq!(practitioner.post_json(&path, past).await.invalid_fields(), ["review_on"]);
    let mut unknown = body.clone();
    unknown["colour"] = json!("red");
    assert_eq!(practitioner.post_json(&path, unknown).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    carer.post_json(&path, body.clone()).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let refused = elsewhere.post_json(&path, body.clone()).await;
    assert!(matches!(refused.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{}", refused.text());
    assert_eq!(app.written_since(head).await, Vec::<String>::new(), "nothing was written but the refusals");

    let made = practitioner.post_json(&path, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let plan = made.json();
    let id = plan["id"].as_str().expect("an id").to_owned();
    assert_eq!(
        (plan["owner_id"].as_str(), plan["may_update"].as_bool()),
        (Some(practitioner.id().to_string().as_str()), Some(true))
    );
    let listed = practitioner.get("/api/v1/support-plans").await.json();
    assert_eq!((listed["items"][0]["id"].as_str(), listed["next"].is_null()), (Some(id.as_str()), true));

    let sessions = format!("/api/v1/support-plans/{id}/sessions");
    let future = json!({"held_on": in_days(&app, 2), "attended": true});
    assert_eq!(practitioner.post_json(&sessions, future).await.invalid_fields(), ["held_on"]);
    let held = json!({"held_on": in_days(&app, 0), "attended": true, "note": "Talked about who they were with"});
    let recorded = practitioner.post_json(&sessions, held).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text());
    assert_eq!(recorded.json()["sessions_attended"], 1);

    // The carer reads it without the notes; another force finds nothing, as if there were no plan.
    let read = carer.get(&format!("/api/v1/support-plans/{id}")).await.json();
    assert_eq!((read["sessions"][0]["note"].is_null(), &read["withheld"]), (true, &json!(["childs_account"])));
    let on_record = carer.get(&format!("/api/v1/people/{}/support-plans", app.world.child)).await.json();
    assert_eq!(on_record["items"][0]["id"], id.as_str());
    elsewhere.get(&format!("/api/v1/support-plans/{id}")).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let theirs = format!("/api/v1/people/{}/support-plans", app.world.child);
    elsewhere.get(&theirs).await.assert_error(StatusCode::NOT_FOUND, "not_found");

    let review = format!("/api/v1/support-plans/{id}/review");
    assert_eq!(
        practitioner.post_json(&review, json!({"review_on": "2000-01-01"})).await.invalid_fields(),
        ["review_on"]
    );
    let reviewed = practitioner.post_json(&review, json!({"review_on": in_days(&app, 21)})).await;
    assert_eq!(reviewed.json()["review_on"], in_days(&app, 21).as_str());
    let outcome = format!("/api/v1/support-plans/{id}/outcome");
    assert_eq!(practitioner.post_json(&outcome, json!({"outcome": "vanished"})).await.invalid_fields(), ["outcome"]);
    let closed = practitioner.post_json(&outcome, json!({"outcome": "aims_met"})).await;
    assert_eq!((closed.status, closed.json()["outcome"].as_str()), (StatusCode::OK, Some("aims_met")));
    practitioner
        .post_json(&outcome, json!({"outcome": "aims_met"}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "support_closed");
}
