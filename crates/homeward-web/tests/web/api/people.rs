//! People and their episodes through the API: recording them, the profile carers keep, and photographs.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency, json};

#[tokio::test]
async fn police_record_a_person_and_report_their_episode() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let person = officer
        .record_person(
            r#"{"given_name": "Synthetic", "family_name": "Person", "date_of_birth": "2011-05-06", "sex": "M",
                "looked_after": false, "responsible_la": "E0000000X"}"#,
        )
        .await;
    assert_eq!(person.status, StatusCode::CREATED, "{}", person.text());
    let person_id = person.json()["id"].as_str().expect("an id").to_owned();
    let reported = officer
        .report_episode(json!({"person_id": person_id, "went_missing_at": "2026-06-01T09:30:00+01:00",
            "missing_from": "home", "last_seen_place": "Outside school", "police_reference": "FA-26-000001"}))
        .await;
    let episode = reported.json();
    assert_eq!(reported.status, StatusCode::CREATED, "{episode}");
    assert_eq!(episode["status"], "missing");
    assert_eq!(episode["went_missing_at"], "2026-06-01T08:30:00.000000Z");
    assert_eq!(officer.episode(episode["id"].as_str().expect("id")).await.status, StatusCode::OK);

    let bad =
        r#"{"given_name": "", "family_name": "X", "date_of_birth": "31/12/2010", "sex": "Q", "looked_after": false}"#;
    assert_eq!(officer.record_person(bad).await.invalid_fields(), ["date_of_birth", "given_name", "sex"]);
    let incomplete = officer.record_person(r#"{"given_name": "A"}"#).await;
    assert_eq!(incomplete.invalid_fields(), ["family_name"], "the first field missing is named");
    let bad = json!({"person_id": person_id, "went_missing_at": "noon", "missing_from": "absent"});
    assert_eq!(officer.report_episode(bad).await.invalid_fields(), ["missing_from", "went_missing_at"]);
}

#[tokio::test]
async fn a_carer_keeps_the_profile_and_the_police_read_it() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let saved = carer.save_profile(child, r#"{"kind": "philomena", "fields": {"places_frequented": "Skate park"}}"#);
    let saved = saved.await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(saved.json()["version"], 1);
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let episode = officer.episode(app.world.episode).await.json();
    assert_eq!(episode["profile"]["fields"]["places_frequented"], "Skate park");
    assert_eq!(officer.person(child).await.json()["profile"]["kind"], "philomena");
    let refused = officer.save_profile(child, r#"{"kind": "philomena", "fields": {}}"#).await;
    refused.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let shoe_size = carer.save_profile(child, r#"{"kind": "philomena", "fields": {"shoe_size": "5"}}"#).await;
    assert_eq!(shoe_size.invalid_fields(), ["fields.shoe_size"]);
    carer.save_profile(child, "[]").await.assert_error(StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn photographs_go_in_as_images_and_come_back_only_within_scope() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let jpeg = homeward_testkit::example::jpeg();
    assert_eq!(carer.save_photo(child, "2026-05-01", jpeg.clone()).await.status, StatusCode::NO_CONTENT);
    let gif = carer.save_photo(child, "2026-05-01", b"GIF89a...".to_vec()).await;
    assert_eq!(gif.status, StatusCode::UNPROCESSABLE_ENTITY);
    let undated = carer.save_photo(child, "1st May", jpeg.clone()).await;
    assert_eq!(undated.status, StatusCode::UNPROCESSABLE_ENTITY);
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let photo = officer.photo(child).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.header("content-type"), "image/jpeg");
    assert_eq!(photo.header("cache-control"), "no-store");
    assert_eq!(photo.body, jpeg);
    let other_force = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    other_force.photo(child).await.assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_reporter_is_shown_the_records_it_may_see_before_recording_a_person_and_never_another_agencys() {
    let app = TestApp::spawn().await;
    let force_b = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    let held = force_b
        .record_person(
            r#"{"given_name": "Tamsin", "family_name": "Fairclough", "date_of_birth": "2011-03-04", "sex": "F",
                "looked_after": false}"#,
        )
        .await;
    assert_eq!(held.status, StatusCode::CREATED);
    let held = held.json()["id"].as_str().expect("an id").to_owned();

    // The agency that holds her is shown its record, with how each field compared; a typo and a swapped day and month
    // are still her.
    let search = r#"{"given_name": "TAMSIN", "family_name": "Fairclogh", "date_of_birth": "2011-04-03", "sex": "F"}"#;
    let found = force_b.search_matches(search).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text());
    let found = found.json();
    let matches = found["matches"].as_array().expect("a list");
    assert_eq!(matches.len(), 1, "{found}");
    assert_eq!(matches[0]["person"]["id"], held.as_str());
    assert!(matches[0]["match_probability"].as_f64().expect("a number") >= 0.5);
    assert_eq!(matches[0]["close"], json!(["surname", "dob"]));
    assert_eq!(matches[0]["same"], json!(["first_name", "sex"]));

    // Force A may not see force B's record: it is shown nothing at all, not even that there is one.
    let force_a = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let exact = r#"{"given_name": "Tamsin", "family_name": "Fairclough", "date_of_birth": "2011-03-04", "sex": "F"}"#;
    let hidden = force_a.search_matches(exact).await;
    assert_eq!(hidden.status, StatusCode::OK);
    assert_eq!(hidden.json(), json!({"matches": []}));

    // Bad input is refused with the fields named; a role that records nobody may not search.
    let bad = r#"{"given_name": "", "family_name": "X", "date_of_birth": "31/12/2010", "sex": "Q"}"#;
    assert_eq!(force_a.search_matches(bad).await.invalid_fields(), ["date_of_birth", "given_name", "sex"]);
    let extra = r#"{"given_name": "A", "family_name": "B", "date_of_birth": "2010-01-01", "sex": "F", "nhs": "1"}"#;
    assert_eq!(force_a.search_matches(extra).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    force_a.search_matches("[]").await.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    let analyst = app.with_user(Role::Analyst, WorldAgency::CouncilX).await;
    analyst.search_matches(exact).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
}
