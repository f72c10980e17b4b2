//! Where a person lives and who must know: the police force every episode gets, whoever reports it, and
//! looked-after children's placements.

use time::Duration;

use crate::support::{AgencyKind, Role, StatusCode, TestApp, Value, WorldAgency, json};

/// The kinds of the caller's open alerts about one episode.
async fn alert_kinds(client: &crate::support::Client, episode: &str) -> Vec<String> {
    let alerts = client.alerts("?limit=200").await.json();
    let items = alerts["items"].as_array().cloned().unwrap_or_default();
    items.iter().filter(|a| a["episode_id"] == episode).filter_map(|a| a["kind"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_carers_report_goes_to_the_force_of_the_placements_area_which_is_told_at_once_and_as_time_passes() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let force_b = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    let back = officer.record_return(
        app.world.episode,
        json!({"returned_at": app.core().now().to_rfc3339(), "outcome": "returned_self"}),
    );
    assert_eq!(back.await.status, StatusCode::OK);
    let went = app.core().now().to_rfc3339();
    let reported = carer
        .report_episode(json!({"person_id": app.world.child, "went_missing_at": went, "missing_from": "foster_care"}))
        .await;
    let episode: Value = reported.json();
    assert_eq!(reported.status, StatusCode::CREATED, "{episode}");
    // The child lives in council Y's area (force B), though council X (force A) is responsible for them.
    assert_eq!(episode["police_force_id"], app.world.force_b.id.to_string());
    let id = episode["id"].as_str().expect("an id").to_owned();
    assert_eq!(alert_kinds(&force_b, &id).await, ["reported_to_force"]);
    assert_eq!(force_b.episode(&id).await.status, StatusCode::OK, "the force sees the episode");

    app.world.clock.set(app.core().now().plus(Duration::hours(73)));
    let mut kinds = alert_kinds(&force_b, &id).await;
    kinds.sort();
    assert_eq!(kinds, ["missing_persons_unit_due", "pnc_record_due", "reported_to_force"]);
}

#[tokio::test]
async fn a_report_nobody_can_place_asks_the_reporter_to_name_the_force() {
    let app = TestApp::spawn().await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let person = carer
        .record_person(
            r#"{"given_name": "Synthetic", "family_name": "Resident", "date_of_birth": "1950-02-03", "sex": "F",
                "looked_after": false}"#,
        )
        .await;
    assert_eq!(person.status, StatusCode::CREATED, "{}", person.text());
    let person_id = person.json()["id"].as_str().expect("an id").to_owned();
    let went = app.core().now().to_rfc3339();
    let report = |force: Option<&str>| {
        let mut body = json!({"person_id": person_id, "went_missing_at": went, "missing_from": "care_home"});
        if let Some(force) = force {
            body["police_force"] = json!(force);
        }
        carer.report_episode(body)
    };
    let head = app.audit_head().await;
    assert_eq!(report(None).await.invalid_fields(), ["police_force"], "no council or placement to go on");
    assert_eq!(report(Some("NOSUCH")).await.invalid_fields(), ["police_force"]);
    assert_eq!(report(Some("E0000000X")).await.invalid_fields(), ["police_force"], "a council is not a force");
    assert_eq!(app.audit_head().await, head, "nothing was written");
    let named = report(Some("fa")).await;
    assert_eq!(named.status, StatusCode::CREATED, "{}", named.text());
    assert_eq!(named.json()["police_force_id"], app.world.force_a.id.to_string());
}
