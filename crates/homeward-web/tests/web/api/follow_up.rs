//! Issue 17, items 8 and 9 through the API: a legacy "absent" episode's flag and its review by a police
//! supervisor, counted in the figures; the Philomena Protocol's part 2 on an episode; earlier profile versions.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency, json};

fn today(app: &TestApp) -> String {
    homeward_core::domain::time::format_date(homeward_core::domain::time::london(app.core().now()).date())
}

#[tokio::test]
async fn a_legacy_absent_episode_is_flagged_until_a_police_supervisor_reviews_it_and_the_figures_count_it() {
    let app = TestApp::spawn().await;
    let episode = app.world.import_legacy_absent().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let supervisor = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;

    let shown = officer.episode(episode).await.json();
    assert_eq!(shown["legacy_absent_review"], true);
    assert_eq!(shown["legacy_absent"]["awaiting_review"], true);
    assert_eq!(shown["risk"]["joint"], "no_apparent_risk", "absent is stored as no apparent risk");
    let actions = |body: &serde_json::Value| body["actions"].as_array().expect("actions").clone();
    assert!(!actions(&shown).contains(&json!("review_legacy_absent")), "an officer may not review it");
    assert!(actions(&supervisor.episode(episode).await.json()).contains(&json!("review_legacy_absent")));
    let plain = supervisor.episode(app.world.episode).await.json();
    assert_eq!((plain["legacy_absent_review"].clone(), plain["legacy_absent"].clone()), (json!(false), json!(null)));

    let since_two_days = {
        let from = homeward_core::domain::time::london(app.core().now().plus(time::Duration::days(-3))).date();
        format!("?from={}&to={}", homeward_core::domain::time::format_date(from), today(&app))
    };
    let figures = supervisor.key_figures(&since_two_days).await.json();
    assert_eq!(figures["legacy_absent_awaiting_review"], 1, "{figures}");

    // Refused, and nothing written: the wrong role, a bad note, an episode not imported as absent, an unseen one.
    let elsewhere = app.with_user(Role::PoliceSupervisor, WorldAgency::ForceB).await;
    let before = app.audit_head().await;
    officer.review_legacy_absent(episode, json!({})).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    council.review_legacy_absent(episode, json!({})).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let bad = supervisor.review_legacy_absent(episode, json!({"note": "a\u{0007}b"})).await;
    assert_eq!(bad.invalid_fields(), ["note"]);
    let unknown = supervisor.review_legacy_absent(episode, json!({"grade": "high"})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown field is refused");
    let not_legacy = supervisor.review_legacy_absent(app.world.episode, json!({})).await;
    not_legacy.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "not_legacy_absent");
    elsewhere.review_legacy_absent(episode, json!({})).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    supervisor.review_legacy_absent("not-an-id", json!({})).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.written_since(before).await, Vec::<String>::new());

    let reviewed = supervisor.review_legacy_absent(episode, json!({"note": "Regraded medium after review."})).await;
    let body = reviewed.json();
    assert_eq!(reviewed.status, StatusCode::OK, "{body}");
    assert_eq!(body["awaiting_review"], false);
    assert_eq!(body["note"], "Regraded medium after review.");
    let written = app.audit_events().await;
    assert!(written.iter().any(|e| e.action == "episode.legacy_absent_reviewed"), "the review is audited");
    let shown = officer.episode(episode).await.json();
    assert_eq!(
        (shown["legacy_absent_review"].clone(), shown["legacy_absent"]["awaiting_review"].clone()),
        (json!(false), json!(false))
    );
    let again = supervisor.review_legacy_absent(episode, json!({})).await;
    again.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "already_reviewed");
    assert_eq!(supervisor.key_figures(&since_two_days).await.json()["legacy_absent_awaiting_review"], 0);
}

#[tokio::test]
async fn part_two_is_recorded_on_the_episode_and_shown_with_part_one() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let practitioner = app.with_user(Role::RhiPractitioner, WorldAgency::Interviews).await;

    let before = app.audit_head().await;
    let blank = officer.record_missing_description(episode, json!({"clothing": " ", "last_seen": ""})).await;
    assert_eq!(blank.invalid_fields(), ["clothing", "last_seen"]);
    let missing = officer.record_missing_description(episode, json!({"clothing": "Grey hoodie"})).await;
    assert_eq!(missing.invalid_fields(), ["last_seen"], "a missing field is named");
    officer.record_missing_description(episode, "{not json").await.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    let unseen = analyst.record_missing_description(episode, json!({"clothing": "x", "last_seen": "y"})).await;
    unseen.assert_error(StatusCode::NOT_FOUND, "not_found");
    let stranger = practitioner.record_missing_description(episode, json!({"clothing": "x", "last_seen": "y"})).await;
    stranger.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.written_since(before).await, Vec::<String>::new());

    let saved = carer
        .record_missing_description(
            episode,
            json!({"clothing": "Grey hoodie, black trainers", "last_seen": "Bus station, 21:00"}),
        )
        .await;
    let body = saved.json();
    assert_eq!(saved.status, StatusCode::OK, "{body}");
    assert_eq!(body["clothing"], "Grey hoodie, black trainers");
    let replaced = officer
        .record_missing_description(
            episode,
            json!({"clothing": "Grey hoodie, red cap", "last_seen": "Bus station, 21:00"}),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK);
    let shown = officer.episode(episode).await.json();
    assert_eq!(shown["missing_description"]["clothing"], "Grey hoodie, red cap");
    assert_eq!(shown["missing_description"]["recorded_by"], officer.id().to_string());
    let saves =
        app.audit_events().await.into_iter().filter(|e| e.action == "episode.missing_description_saved").count();
    assert_eq!(saves, 2, "each save is audited");
}

#[tokio::test]
async fn earlier_versions_of_a_profile_are_read_page_by_page_with_who_saved_them() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    for n in 1..=3 {
        let saved = carer
            .save_profile(
                child,
                json!({"kind": "philomena", "fields": {"physical_description": format!("Version {n}")}}),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.json());
    }
    let first = officer.profile_versions(child, "?limit=2").await;
    let body = first.json();
    assert_eq!(first.status, StatusCode::OK, "{body}");
    let versions: Vec<_> = body["items"].as_array().expect("items").iter().map(|v| v["version"].clone()).collect();
    assert_eq!(versions, [json!(3), json!(2)], "the latest first");
    assert_eq!(body["items"][0]["id"], 3);
    assert_eq!(body["items"][0]["saved_by"], carer.id().to_string());
    let next = body["next"].as_str().expect("a next page");
    let rest = officer.profile_versions(child, &format!("?limit=2&cursor={next}")).await.json();
    assert_eq!(rest["items"][0]["version"], 1);
    assert_eq!(rest["next"], json!(null));
    let one = officer.profile_version(child, 2).await.json();
    assert_eq!(one["fields"]["physical_description"], "Version 2");

    let elsewhere = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let before = app.audit_head().await;
    officer.profile_version(child, 9).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    officer.profile_version(child, "two").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(officer.profile_versions(child, "?limit=0&cursor=junk").await.invalid_fields(), ["cursor", "limit"]);
    elsewhere.profile_versions(child, "").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    analyst.profile_versions(child, "").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(app.written_since(before).await, Vec::<String>::new());
    let reads = app.audit_events().await;
    assert!(reads.iter().any(|e| e.action == "profile.versions_listed"));
    assert!(reads.iter().any(|e| e.action == "profile.version_read"));
}

#[tokio::test]
async fn part_two_may_be_given_with_the_report_itself() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let person = officer
        .record_person(json!({"given_name": "Synthetic", "family_name": "Reported", "date_of_birth": "2012-05-06",
            "sex": "F", "looked_after": false, "responsible_la": "E0000000X"}))
        .await;
    let person_id = person.json()["id"].as_str().expect("an id").to_owned();
    let went = app.core().now().plus(time::Duration::hours(-2)).to_rfc3339();
    let before = app.audit_head().await;
    let without_place = officer
        .report_episode(json!({"person_id": person_id, "went_missing_at": went, "missing_from": "home",
            "clothing": "Yellow raincoat"}))
        .await;
    assert_eq!(without_place.invalid_fields(), ["last_seen_place"], "part 2 needs where they were last seen");
    assert_eq!(app.written_since(before).await, Vec::<String>::new());
    let reported = officer
        .report_episode(json!({"person_id": person_id, "went_missing_at": went, "missing_from": "home",
            "last_seen_place": "Park gates", "clothing": "Yellow raincoat"}))
        .await;
    let body = reported.json();
    assert_eq!(reported.status, StatusCode::CREATED, "{body}");
    let shown = officer.episode(body["id"].as_str().expect("an id")).await.json();
    assert_eq!(shown["missing_description"]["clothing"], "Yellow raincoat");
    assert_eq!(shown["missing_description"]["last_seen"], "Park gates");
}
