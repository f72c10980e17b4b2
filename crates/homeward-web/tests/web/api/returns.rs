//! After the return through the API: the interview it creates, who may hold it, its outcome, the police safe and
//! well check, and recommendations answered by the agency that owns them.

use time::Duration;

use crate::support::{AgencyKind, Role, StatusCode, TestApp, Value, json};

#[tokio::test]
async fn a_return_creates_the_interview_which_goes_to_someone_independent_and_falls_overdue() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let practitioner = app.with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let returned_at = app.core().now().to_rfc3339();
    let back =
        officer.record_return(app.world.episode, json!({"returned_at": returned_at, "outcome": "returned_self"}));
    let back = back.await;
    let body = back.json();
    assert_eq!(back.status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "returned");
    let interview = &body["return_interview"];
    let due = app.core().now().plus(Duration::hours(72)).to_rfc3339();
    assert_eq!(interview["due_at"], due.as_str(), "due exactly 72 hours after the return");
    let id = interview["id"].as_str().expect("an id").to_owned();

    let own = council.assign_interview(&id, json!({"practitioner_id": council.id()})).await;
    own.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "not_independent");
    let independent = council.assign_interview(&id, json!({"practitioner_id": practitioner.id()})).await;
    assert_eq!(independent.status, StatusCode::OK);
    assert_eq!(practitioner.return_interviews("").await.json()["items"][0]["id"], id.as_str());
    let covered = practitioner.episode(app.world.episode).await;
    assert_eq!(covered.status, StatusCode::OK, "the practitioner sees the episode the interview covers");

    let none = council.return_interviews("?overdue=true").await.json();
    assert!(none["items"].as_array().expect("items").is_empty());
    app.world.clock.set(app.core().now().plus(Duration::hours(96)));
    let overdue = council.return_interviews("?overdue=true").await.json();
    assert_eq!(overdue["items"].as_array().expect("items").len(), 1, "96 hours after the return, not offered");
    let bad_filter = council.return_interviews("?overdue=maybe&status=lost").await;
    assert_eq!(bad_filter.invalid_fields(), ["overdue", "status"]);
    let bad_return = officer.record_return(app.world.episode, r#"{"returned_at": "soon", "outcome": "gone"}"#).await;
    assert_eq!(bad_return.invalid_fields(), ["outcome", "returned_at"]);
}

#[tokio::test]
async fn a_completed_outcome_sends_its_recommendation_to_the_police_who_answer_it() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let practitioner = app.with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let now = app.core().now();
    let back = officer
        .record_return(
            episode,
            json!({"returned_at": now.plus(Duration::hours(-2)).to_rfc3339(), "outcome": "found_by_police",
                "found_place": "Bus station", "found_postcode": "ls1 4dy", "found_by": "Patrol officer",
                "found_out_of_area": true}),
        )
        .await;
    let body = back.json();
    assert_eq!(back.status, StatusCode::OK, "{body}");
    assert_eq!((body["found_postcode"].as_str(), body["found_out_of_area"].as_bool()), (Some("LS1 4DY"), Some(true)));
    let id = body["return_interview"]["id"].as_str().expect("an id").to_owned();

    // The police safe and well check closes the police side; bad input changes nothing.
    let bad = officer.record_safe_and_well(episode, r#"{"checked_at": "later", "face_to_face": null}"#).await;
    assert_eq!(bad.invalid_fields(), ["checked_at", "face_to_face"]);
    let by_council =
        council.record_safe_and_well(episode, json!({"checked_at": now.to_rfc3339(), "face_to_face": true}));
    by_council.await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let check = json!({"checked_at": now.to_rfc3339(), "face_to_face": true, "disclosures": "Slept in a car"});
    let checked = officer.record_safe_and_well(episode, check).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.text());
    let closed = officer.episode(episode).await.json();
    assert!(closed["police_closed_at"].is_string() && closed["safe_and_well"]["face_to_face"] == true);

    let assigned = council.assign_interview(&id, json!({"practitioner_id": practitioner.id()})).await;
    assert_eq!(assigned.status, StatusCode::OK);

    // Bad outcomes: every problem named, nothing written.
    let bad = practitioner
        .record_outcome(
            &id,
            r#"{"status": "completed", "findings": {"reasons": []},
        "recommendations": [{"owner_agency": "NOPE", "action": "x", "due_on": "2026-13-01"}]}"#,
        )
        .await;
    let named = bad.invalid_fields();
    for field in ["completed_at", "findings", "recommendations[0].due_on"] {
        assert!(named.iter().any(|n| n == field), "{field} named in {named:?}");
    }
    practitioner.record_outcome(&id, "{not json").await.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    assert_eq!(practitioner.return_interview(&id).await.json()["status"], "assigned");

    let done = json!({"status": "completed", "offered_at": now.plus(Duration::minutes(-30)).to_rfc3339(),
        "completed_at": now.to_rfc3339(),
        "findings": {"pull_factors": ["exploitation"], "cce_indicators": ["found_out_of_area"],
                     "places": [{"description": "Flat", "postcode": "LS1 4DY"}], "childs_words": "I owed them"},
        "recommendations": [{"owner_agency": "FA", "action": "Visit the flat named", "due_on": "2026-06-08"}]});
    let recorded = practitioner.record_outcome(&id, done.clone()).await;
    let body = recorded.json();
    assert_eq!(recorded.status, StatusCode::OK, "{body}");
    assert_eq!(body["recommendations"][0]["owner_agency"], "FA");
    let again = practitioner.record_outcome(&id, done).await;
    again.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "interview_closed");

    // The police see it and record their response; analysts see no recommendations.
    let listed = officer.recommendations("").await;
    assert_eq!(listed.status, StatusCode::OK);
    let listed = listed.json();
    let rec = listed["items"][0]["id"].as_str().expect("the police's recommendation").to_owned();
    assert_eq!(listed["items"][0]["status"], "open");
    let councils: Value = council.recommendations("").await.json();
    assert!(councils["items"].as_array().expect("items").is_empty());
    analyst.recommendations("").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let no_reason = officer.respond_to_recommendation(&rec, r#"{"response": "declined"}"#).await;
    assert_eq!(no_reason.invalid_fields(), ["reason"]);
    let not_theirs = council.respond_to_recommendation(&rec, r#"{"response": "accepted"}"#).await;
    not_theirs.assert_error(StatusCode::NOT_FOUND, "not_found");
    let answer = json!({"response": "Flat visited; warning notice served", "responded_at": now.to_rfc3339()});
    let answered = officer.respond_to_recommendation(&rec, answer).await;
    let body = answered.json();
    assert_eq!(answered.status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["response"].as_str()),
        (Some("accepted"), Some("Flat visited; warning notice served"))
    );
    assert!(officer.recommendations("").await.json()["items"].as_array().expect("items").is_empty());
    assert_eq!(officer.recommendations("?all=true").await.json()["items"][0]["status"], "accepted");
    assert_eq!(officer.recommendations("?all=perhaps").await.invalid_fields(), ["all"]);
}
