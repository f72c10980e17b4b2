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

    // Nobody at force B looks for 73 hours: the scheduler raises its alerts all the same.
    app.world.clock.set(app.core().now().plus(Duration::hours(73)));
    app.world.tick().await;
    let mut kinds = alert_kinds(&force_b, &id).await;
    kinds.sort();
    assert_eq!(kinds, ["missing_persons_unit_due", "not_assessed", "pnc_record_due", "reported_to_force"]);
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

#[tokio::test]
async fn the_responsible_council_records_and_ends_placements_and_the_host_council_sees_the_child_while_placed() {
    let app = TestApp::spawn().await;
    let (child, episode) = (app.world.child, app.world.episode);
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let host_z = app.with_user(Role::LaCoordinator, WorldAgency::CouncilZ).await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert_eq!(host_z.episode(episode).await.status, StatusCode::NOT_FOUND, "not placed in Z's area yet");
    let first = json!({"provider": "CARER", "host_la": "E0000000Z", "postcode": "dl1 1aa", "started_on": "2026-03-02"});

    let head = app.audit_head().await;
    officer.record_placement(child, first.clone()).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let bad = json!({"provider": "NOSUCH", "host_la": "FA", "postcode": "nowhere", "started_on": "2 March"});
    assert_eq!(
        council.record_placement(child, bad).await.invalid_fields(),
        ["postcode", "started_on"],
        "codes that parse are looked up once every field parses"
    );
    let not_a_council =
        json!({"provider": "CARER", "host_la": "FA", "postcode": "DL1 1AA", "started_on": "2026-03-02"});
    assert_eq!(council.record_placement(child, not_a_council).await.invalid_fields(), ["host_la"]);
    let unknown = json!({"provider": "CARER", "postcode": "DL1 1AA", "started_on": "2026-03-02"});
    assert_eq!(council.record_placement(child, unknown).await.invalid_fields(), ["host_la"], "no council's areas");
    assert_eq!(app.written_since(head).await, Vec::<String>::new(), "nothing was written but the refusal");

    let placed = council.record_placement(child, first).await;
    let placed: Value = {
        assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.text());
        placed.json()
    };
    assert_eq!((placed["current"].as_bool(), placed["postcode"].as_str()), (Some(true), Some("DL1 1AA")));
    let person = council.person(child).await.json();
    assert_eq!(person["host_la"], app.world.council_z.id.to_string());
    assert_eq!(person["placement_provider"], app.world.carer.id.to_string());
    assert_eq!(person["placements"].as_array().map(Vec::len), Some(1));
    assert!(person["actions"].as_array().expect("actions").contains(&json!("record_placement")));
    assert_eq!(host_z.episode(episode).await.status, StatusCode::OK, "the host council sees the child's episode");
    let told = host_z.alerts("?limit=200").await.json();
    let told = told["items"].as_array().expect("items").clone();
    assert!(
        told.iter().any(|a| a["kind"] == "child_placed_in_area" && a["placement_id"] == placed["id"]),
        "the host council is told: {told:?}"
    );

    // Council Y's postcode areas place a postcode there when no host council is named; the first placement ends.
    let areas = homeward_core::rules::risk::AgencyRules {
        postcode_areas: Some(vec!["LS".into()]),
        ..homeward_core::rules::risk::AgencyRules::default()
    };
    let operator = homeward_core::Actor::operator("test");
    app.core().set_agency_rules(&operator, &app.world.council_y.code, areas).await.expect("set");
    let second = json!({"provider": "CARER", "postcode": "LS1 4DY", "started_on": "2026-05-04"});
    let moved = council.record_placement(child, second).await;
    assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.text());
    let moved = moved.json();
    assert_eq!(moved["host_la"], app.world.council_y.id.to_string());
    let person = council.person(child).await.json();
    let placements = person["placements"].as_array().expect("placements").clone();
    assert_eq!(placements.len(), 2);
    assert_eq!(
        (placements[1]["id"].clone(), placements[1]["ended_on"].clone()),
        (placed["id"].clone(), json!("2026-05-04"))
    );
    assert_eq!(host_z.episode(episode).await.status, StatusCode::NOT_FOUND, "no longer placed in Z's area");

    // The provider says the child has left; nobody can end it again.
    let id = moved["id"].as_str().expect("an id").to_owned();
    assert_eq!(carer.end_placement(&id, json!({"ended_on": "2026-01-01"})).await.invalid_fields(), ["ended_on"]);
    let ended = carer.end_placement(&id, json!({"ended_on": "2026-06-01"})).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text());
    assert_eq!(ended.json()["current"], false);
    let person = council.person(child).await.json();
    assert_eq!((person["host_la"].clone(), person["placement_provider"].clone()), (Value::Null, Value::Null));
    council
        .end_placement(&id, json!({"ended_on": "2026-06-02"}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_current_placement");
}

#[tokio::test]
async fn recording_a_person_refuses_placement_fields_instead_of_dropping_them() {
    let app = TestApp::spawn().await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let with_placement = r#"{"given_name": "Synthetic", "family_name": "Child", "date_of_birth": "2012-01-02",
        "sex": "F", "looked_after": true, "responsible_la": "E0000000X", "host_la": "E0000000Y",
        "placement_provider": "CARER"}"#;
    let head = app.audit_head().await;
    assert_eq!(council.record_person(with_placement).await.invalid_fields(), ["host_la"]);
    assert_eq!(app.audit_head().await, head);
}
