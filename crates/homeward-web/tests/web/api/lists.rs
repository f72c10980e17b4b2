//! Lists and refusals through the API: every list pages with `limit` and `cursor` and refuses a parameter it does
//! not know, naming it; filters take agency codes; every refusal is the one error envelope, a missing or mistyped
//! JSON field a 422 naming the field.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, Value, json};

fn ids(page: &Value) -> Vec<String> {
    let items = page["items"].as_array().expect("items");
    items.iter().map(|i| i["id"].as_str().expect("an id").to_owned()).collect()
}

#[tokio::test]
async fn every_list_pages_with_limit_and_cursor_and_refuses_bad_ones_by_name() {
    let app = TestApp::spawn().await;
    app.world.add_worklists(3).await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    for list in ["return-interviews", "recommendations", "alerts"] {
        let read = |query: String| {
            let officer = &officer;
            async move {
                match list {
                    "return-interviews" => officer.return_interviews(&query).await,
                    "recommendations" => officer.recommendations(&query).await,
                    _ => officer.alerts(&query).await,
                }
            }
        };
        let first = read("?limit=2".into()).await;
        assert_eq!(first.status, StatusCode::OK, "{list}");
        let first = first.json();
        assert_eq!(ids(&first).len(), 2, "{list}: two a page when asked");
        let next = first["next"].as_str().unwrap_or_else(|| panic!("{list}: a cursor to the rest, {first}"));
        let second = read(format!("?limit=2&cursor={next}")).await.json();
        assert_eq!(ids(&second).len(), 1, "{list}: the rest");
        assert!(ids(&second).iter().all(|id| !ids(&first).contains(id)), "{list}: nothing twice");
        assert_eq!(second["next"], Value::Null, "{list}: and no further");

        assert_eq!(read("?cursor=nonsense".into()).await.invalid_fields(), ["cursor"], "{list}");
        assert_eq!(read("?limit=0".into()).await.invalid_fields(), ["limit"], "{list}");
        assert_eq!(read("?limit=201".into()).await.invalid_fields(), ["limit"], "{list}");
        assert_eq!(read("?postcode=AB1".into()).await.invalid_fields(), ["postcode"], "{list}: unknown, so refused");
    }
    assert_eq!(officer.episodes("?postcode=AB1").await.invalid_fields(), ["postcode"]);
}

#[tokio::test]
async fn interviews_come_soonest_due_first() {
    let app = TestApp::spawn().await;
    app.world.add_worklists(3).await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let page = officer.return_interviews("").await.json();
    let due: Vec<&str> =
        page["items"].as_array().expect("items").iter().map(|i| i["due_at"].as_str().expect("due")).collect();
    let mut soonest_first = due.clone();
    soonest_first.sort_unstable();
    assert_eq!((due.len(), due), (3, soonest_first));
}

#[tokio::test]
async fn the_episode_list_filters_by_agency_code() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let ours = officer.episodes("?agency=FA").await;
    assert_eq!(ours.status, StatusCode::OK, "{}", ours.text());
    assert_eq!(ids(&ours.json()), [app.world.episode.to_string()]);
    assert!(ids(&officer.episodes("?agency=FB").await.json()).is_empty(), "force B recorded none");
    assert_eq!(officer.episodes("?agency=NOWHERE").await.invalid_fields(), ["agency"]);
    let by_id = officer.episodes(&format!("?agency={}", app.world.force_a.id)).await;
    assert_eq!(by_id.invalid_fields(), ["agency"], "an id is not a code");
}

#[tokio::test]
async fn a_method_an_address_does_not_answer_to_is_the_error_envelope() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let answer = officer.get("/api/v1/people").await;
    let body = answer.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert!(body["error"]["message"].is_string(), "{body}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_in_the_error_envelope_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    // Ten megabytes of valid JSON: a name no store would keep, sent whole.
    let huge = format!(
        r#"{{"given_name": "{}", "family_name": "X", "date_of_birth": "2011-05-06", "sex": "M", "looked_after": false}}"#,
        "A".repeat(10 * 1024 * 1024)
    );
    let answer = officer.record_person(huge.as_str()).await;
    let body = answer.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(body["error"]["message"].is_string(), "{body}");
    let search = format!(r#"{{"given_name": "{}"}}"#, "B".repeat(10 * 1024 * 1024));
    officer.search_matches(search.as_str()).await.assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[tokio::test]
async fn a_missing_or_mistyped_json_field_is_named() {
    let app = TestApp::spawn().await;
    let alert = app.world.add_worklists(1).await.alerts.remove(0).id;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let missing = officer.acknowledge_alert(&alert, json!({})).await;
    assert_eq!(missing.invalid_fields(), ["note"], "{}", missing.text());
    assert_eq!(officer.acknowledge_alert(&alert, json!({"note": 5})).await.invalid_fields(), ["note"]);
    let unreadable = officer.acknowledge_alert(&alert, "{not json").await;
    unreadable.assert_error(StatusCode::BAD_REQUEST, "bad_request");
}
