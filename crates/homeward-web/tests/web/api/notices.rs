//! Issue 17 items 5 and 6 through the API: a children's home's notifications to Ofsted (prompted by a report and
//! an exploitation concern, recorded once, counted in the figures) and a force's child abduction warning notices
//! (recorded on an associate about a child, alerting the force and the council when the child goes missing again).

use time::Duration;

use super::intel::{WHY, named_in_records};
use crate::support::{Client, Role, StatusCode, TestApp, WorldAgency, json};

/// The world's child back, then gone from the children's home she lives in, reported by the home: answers the
/// home's staff.
async fn gone_from_the_home(app: &TestApp) -> Client {
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    let back = app.core().now().plus(Duration::hours(-3)).to_rfc3339();
    let returned = officer.record_return(app.world.episode, json!({"returned_at": back, "outcome": "returned_self"}));
    assert_eq!(returned.await.status, StatusCode::OK);
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;
    let went = app.core().now().plus(Duration::hours(-1)).to_rfc3339();
    let report = json!({"person_id": app.world.child.to_string(), "went_missing_at": went,
        "missing_from": "childrens_home"});
    let reported = carer.report_episode(report).await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.text());
    carer
}

#[tokio::test]
async fn a_home_records_the_notification_to_ofsted_a_report_prompted_once_and_the_figures_count_it() {
    let app = TestApp::spawn().await;
    let carer = gone_from_the_home(&app).await;
    let owed = carer.get("/api/v1/ofsted-notifications?unrecorded=true").await;
    assert_eq!(owed.status, StatusCode::OK, "{}", owed.text());
    let owed = owed.json();
    assert_eq!(owed["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(owed["items"][0]["cause"], "police_called");
    assert_eq!(owed["items"][0]["person"]["id"], app.world.child.to_string());
    assert_eq!(owed["items"][0]["actions"], json!(["record_ofsted_notification"]));
    let id = owed["items"][0]["id"].as_str().expect("an id").to_owned();
    let path = format!("/api/v1/ofsted-notifications/{id}");

    // Others may not read them; an unknown id is not found; bad input writes nothing.
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    officer.get("/api/v1/ofsted-notifications").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    carer.get("/api/v1/ofsted-notifications/nonsense").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let head = app.audit_head().await;
    assert_eq!(carer.post_json(&path, json!({})).await.invalid_fields(), ["notified_at"]);
    assert_eq!(carer.post_json(&path, json!({"notified_at": "soon"})).await.invalid_fields(), ["notified_at"]);
    let early = app.core().now().plus(Duration::hours(-2)).to_rfc3339();
    assert_eq!(carer.post_json(&path, json!({"notified_at": early})).await.invalid_fields(), ["notified_at"]);
    let now = app.core().now().to_rfc3339();
    let long = "R".repeat(65);
    let too_long = carer.post_json(&path, json!({"notified_at": now, "reference": long})).await;
    assert_eq!(too_long.invalid_fields(), ["reference"]);
    assert!(app.written_since(head).await.is_empty(), "bad input writes nothing");

    let recorded = carer.post_json(&path, json!({"notified_at": now, "reference": "OFS/2026/1"})).await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.text());
    assert_eq!(recorded.json()["reference"], "OFS/2026/1");
    assert_eq!(recorded.json()["actions"], json!([]));
    let again = carer.post_json(&path, json!({"notified_at": now})).await;
    again.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "already_recorded");
    let owed = carer.get("/api/v1/ofsted-notifications?unrecorded=true").await.json();
    assert_eq!(owed["items"], json!([]));

    let today = app.core().now().date();
    let period = format!("?from={}&to={}", today - Duration::days(2), today);
    let figures = carer.key_figures(&period).await.json();
    assert_eq!(figures["ofsted"], json!({"prompted": 1, "notified": 1, "notified_within_24h": 1, "unrecorded": 0}));
}

#[tokio::test]
async fn a_force_records_an_abduction_notice_and_the_childs_next_episode_alerts_it_and_the_council() {
    let app = TestApp::spawn().await;
    named_in_records(&app).await;
    let child = app.world.child;
    let supervisor = app.with_user(Role::PoliceSupervisor, WorldAgency::ForceA).await;
    let network = supervisor.intel(&format!("people/{child}/network"), &format!("?steps=1&{WHY}")).await.json();
    let dan = network["associates"][0]["id"].as_str().expect("an associate").to_owned();
    let today = app.core().now().date();
    let notice = |served: time::Date, expires: time::Date| {
        json!({"associate_id": dan, "child_id": child.to_string(), "served_on": served.to_string(),
            "expires_on": expires.to_string(), "police_reference": "CAWN-1"})
    };
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;

    let worker = app.with_user(Role::SocialWorker, WorldAgency::CouncilX).await;

    // Bad input: a clear error naming the field, and nothing written; other roles are refused.
    let head = app.audit_head().await;
    let backwards = officer.post_json("/api/v1/abduction-notices", notice(today, today - Duration::days(1))).await;
    assert_eq!(backwards.invalid_fields(), ["expires_on"]);
    let future =
        officer.post_json("/api/v1/abduction-notices", notice(today + Duration::days(3), today + Duration::days(30)));
    assert_eq!(future.await.invalid_fields(), ["served_on"]);
    let mut stranger = notice(today, today + Duration::days(700));
    stranger["associate_id"] = json!(homeward_core::domain::ids::AssociateId::random().to_string());
    assert_eq!(officer.post_json("/api/v1/abduction-notices", stranger).await.invalid_fields(), ["associate_id"]);
    assert_eq!(
        officer.post_json("/api/v1/abduction-notices", json!({})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let refused = worker.post_json("/api/v1/abduction-notices", notice(today, today + Duration::days(700))).await;
    refused.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let written = app.written_since(head).await;
    assert!(written.is_empty(), "refusals write nothing but their audit: {written:?}");

    let served = officer.post_json("/api/v1/abduction-notices", notice(today, today + Duration::days(700))).await;
    assert_eq!(served.status, StatusCode::CREATED, "{}", served.text());
    assert_eq!(served.json()["in_force"], true);
    let listed = officer.get(&format!("/api/v1/abduction-notices?child_id={child}")).await.json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["items"][0]["associate"]["id"], dan);
    worker.get("/api/v1/abduction-notices").await.assert_error(StatusCode::FORBIDDEN, "forbidden");

    // The child goes missing again: the force and the child's council are told.
    let went = app.core().now().plus(Duration::minutes(-1)).to_rfc3339();
    let report = json!({"person_id": child.to_string(), "went_missing_at": went, "missing_from": "home"});
    assert_eq!(officer.report_episode(report).await.status, StatusCode::CREATED);
    for client in [&officer, &worker] {
        let alerts = client.alerts("?kind=abduction_notice_named").await.json();
        assert_eq!(alerts["items"].as_array().map(Vec::len), Some(1), "{alerts}");
    }
}
