//! The alerts worklist through the API (issue 11, item 9): counts by kind, each kind's own list newest first, and
//! acknowledging many at once with one note, all or none, with more alerts than one page holds.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

#[tokio::test]
async fn alerts_are_counted_by_kind_and_acknowledged_many_at_once() {
    let app = TestApp::spawn().await;
    let made: Vec<String> = app.world.add_worklists(230).await.alerts.iter().map(|a| a.id.to_string()).collect();
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let counts = officer.alert_counts().await.json();
    let reviews = counts["counts"].as_array().expect("counts").iter().find(|c| c["kind"] == "review_overdue").cloned();
    let reviews = reviews.expect("the review alerts are counted");
    assert_eq!(
        (reviews["count"].clone(), reviews["list"].clone()),
        (json!(230), json!("/api/v1/alerts?kind=review_overdue"))
    );

    // The kind's own list, newest first, pages through all 230.
    let mut listed = Vec::new();
    let mut query = "?kind=review_overdue&order=newest&limit=200".to_owned();
    loop {
        let page = officer.alerts(&query).await.json();
        listed
            .extend(page["items"].as_array().expect("items").iter().map(|a| a["id"].as_str().expect("id").to_owned()));
        match page["next"].as_str() {
            Some(next) => query = format!("?kind=review_overdue&order=newest&limit=200&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(listed.len(), 230);
    // The first two share a time: the lower id of them comes last.
    assert_eq!(listed.last(), made[..2].iter().min(), "the first raised comes last");
    assert_eq!(officer.alerts("?kind=strategy_meeting").await.json()["items"], json!([]));
    assert_eq!(officer.alerts("?kind=everything&order=sideways").await.invalid_fields(), ["kind", "order"]);

    // All or none: a bad id refuses the lot, naming it by its place.
    let refused = officer.acknowledge_alerts(json!({"ids": [made[0], "not-an-id"], "note": "Reviewed."})).await;
    assert_eq!(refused.invalid_fields(), ["ids[1]"]);
    assert_eq!(officer.alert_counts().await.json(), counts, "nothing changed");
    let none = officer.acknowledge_alerts(json!({"ids": [], "note": "Reviewed."})).await;
    assert_eq!(none.invalid_fields(), ["ids"]);
    assert_eq!(officer.acknowledge_alerts(json!({"ids": [made[0]]})).await.invalid_fields(), ["note"]);

    let first: Vec<&String> = made.iter().take(200).collect();
    let done = officer.acknowledge_alerts(json!({"ids": first, "note": "Reviewed at the morning meeting."})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json()["items"].as_array().expect("items").len(), 200);
    let again = officer.acknowledge_alerts(json!({"ids": [made[5], made[210]], "note": "Again."})).await;
    assert_eq!(again.invalid_fields(), ["ids[0]"], "already acknowledged");
    let rest: Vec<&String> = made.iter().skip(200).collect();
    assert_eq!(officer.acknowledge_alerts(json!({"ids": rest, "note": "Done."})).await.status, StatusCode::OK);
    assert_eq!(officer.alert_counts().await.json()["counts"], json!([]));
}

#[tokio::test]
async fn another_agencys_alerts_cannot_be_acknowledged_in_bulk() {
    let app = TestApp::spawn().await;
    let alert = app.world.add_worklists(1).await.alerts.remove(0).id.to_string();
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let refused = council.acknowledge_alerts(json!({"ids": [alert], "note": "Not ours."})).await;
    assert_eq!(refused.invalid_fields(), ["ids[0]"]);
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    analyst
        .acknowledge_alerts(json!({"ids": [alert], "note": "Not ours."}))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
}
