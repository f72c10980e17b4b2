//! Places and people through the API (issue 15): what a return and an interview name becomes places and an
//! associate, asked of with a reason by a coordinator; analysts see districts; bad questions change nothing.

use time::Duration;

use crate::support::{Client, Role, StatusCode, TestApp, WorldAgency, json};

pub const WHY: &str = "reason=Strategy%20meeting";

/// The world's child found at Leeds station, telling in her interview of a shop she stayed at and a man who gave
/// her money; answers the social worker who recorded the interview.
pub async fn named_in_records(app: &TestApp) -> Client {
    let episode = app.world.episode;
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    let returned_at = app.core().now().plus(Duration::minutes(-30)).to_rfc3339();
    let back = json!({"returned_at": returned_at, "outcome": "found_by_police", "found_place": "Leeds Station",
        "found_postcode": "LS1 4DY"});
    assert_eq!(officer.record_return(episode, back).await.status, StatusCode::OK);
    let mut tx = app.core().store().begin_read().await.expect("read");
    let interview = tx.return_interviews_for_episode(episode).await.expect("read").pop().expect("an interview");
    drop(tx);
    let worker = app.with_user(Role::SocialWorker, WorldAgency::CouncilX).await;
    let completed_at = app.core().now().plus(Duration::minutes(-10)).to_rfc3339();
    let outcome = json!({"status": "completed", "completed_at": completed_at, "findings": {
        "places": [{"description": "Greggs, Station Rd", "postcode": "LS1 4DY", "kind": "shop", "role": "stayed_at"}],
        "people": [{"name": "Dan Smith", "phone": "07700 900123", "approx_age": 24, "role": "gave_money_or_gifts"}]}});
    let recorded = worker.record_outcome(interview.id, outcome).await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.text());
    worker
}

#[tokio::test]
async fn a_coordinator_asks_with_a_reason_what_a_childs_records_name_and_an_analyst_sees_districts() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let worker = named_in_records(&app).await;
    let coordinator = app.with_user(Role::LaCoordinator, WorldAgency::CouncilX).await;
    let network = coordinator.intel(&format!("people/{child}/network"), &format!("?steps=2&{WHY}")).await;
    assert_eq!(network.status, StatusCode::OK, "{}", network.text());
    let network = network.json();
    assert_eq!(network["places"].as_array().map(Vec::len), Some(2));
    assert_eq!(network["associates"][0]["phones"], json!(["07700900123"]));
    assert_eq!(network["associates"][0]["adult_or_unknown"], true);
    let mut roles: Vec<&str> =
        network["links"].as_array().expect("links").iter().filter_map(|l| l["role"].as_str()).collect();
    roles.sort_unstable();
    assert_eq!(roles, ["found_at", "gave_money_or_gifts", "stayed_at"]);
    let places = coordinator.intel("places", &format!("?postcode=ls1%204dy&{WHY}")).await.json();
    assert_eq!(places["items"].as_array().map(Vec::len), Some(2));
    let place = places["items"][0]["id"].as_str().expect("an id").to_owned();
    let place = coordinator.intel(&format!("places/{place}"), &format!("?{WHY}")).await;
    assert_eq!(place.status, StatusCode::OK);
    assert_eq!(place.json()["links"]["items"][0]["person"]["id"], child.to_string());
    let dan = network["associates"][0]["id"].as_str().expect("an id").to_owned();
    assert_eq!(coordinator.intel(&format!("associates/{dan}"), &format!("?{WHY}")).await.status, StatusCode::OK);
    let today = app.core().now().date();
    let period = format!("from={}&to={}", today - Duration::days(30), today);
    let spots = coordinator.intel("hotspots", &format!("?{period}&level=place&{WHY}")).await;
    assert_eq!(spots.json()["hotspots"].as_array().map(Vec::len), Some(2), "{}", spots.text());

    // An analyst sees districts and sectors, never named places or who.
    let analyst = app.with_user(Role::Analyst, WorldAgency::CouncilX).await;
    let districts = analyst.intel("hotspots", &format!("?{period}&{WHY}")).await;
    assert_eq!(districts.json()["hotspots"][0]["key"], "LS1", "{}", districts.text());
    let places = analyst.intel("hotspots", &format!("?{period}&level=place&{WHY}")).await;
    places.assert_error(StatusCode::FORBIDDEN, "forbidden");
    analyst
        .intel(&format!("people/{child}/network"), &format!("?{WHY}"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
    worker
        .intel(&format!("people/{child}/network"), &format!("?{WHY}"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");

    // Bad questions: a clear error, and nothing asked is audited as answered.
    let audited = app.audit_events().await.len();
    assert_eq!(coordinator.intel(&format!("people/{child}/network"), "").await.invalid_fields(), ["reason"]);
    let far = coordinator.intel(&format!("people/{child}/network"), &format!("?steps=3&{WHY}")).await;
    assert_eq!(far.invalid_fields(), ["steps"]);
    let odd = coordinator.intel("hotspots", &format!("?from=yesterday&to=2100-01-01&level=county&{WHY}")).await;
    assert_eq!(odd.invalid_fields(), ["from", "level"]);
    assert_eq!(coordinator.intel("places", &format!("?postcode=%21%21&{WHY}")).await.invalid_fields(), ["postcode"]);
    let unknown = coordinator.intel("places", &format!("?postcode=LS1&colour=red&{WHY}")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.text());
    coordinator.intel("places/not-an-id", &format!("?{WHY}")).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.audit_events().await.len(), audited);
}

#[tokio::test]
async fn a_coordinator_opens_a_context_that_only_their_agency_sees_and_closes_it() {
    let app = TestApp::spawn().await;
    named_in_records(&app).await;
    let coordinator = app.with_user(Role::LaCoordinator, WorldAgency::CouncilX).await;
    let places = coordinator.intel("places", &format!("?postcode=LS1&{WHY}")).await.json();
    let place = places["items"][0]["id"].as_str().expect("a place").to_owned();
    let review_on = (app.core().now().date() + Duration::days(14)).to_string();
    let body = json!({"kind": "place", "title": "Station Road", "plan": "Patrols and a safety plan",
        "review_on": review_on, "places": [place]});
    let opened = coordinator.post_json("/api/v1/contexts", body.clone()).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
    let id = opened.json()["id"].as_str().expect("an id").to_owned();
    assert_eq!(opened.json()["places"][0]["id"], place.as_str());
    assert_eq!(coordinator.get("/api/v1/contexts").await.json()["items"][0]["id"], id.as_str());

    let mut empty = body.clone();
    empty["places"] = json!([]);
    assert_eq!(coordinator.post_json("/api/v1/contexts", empty).await.invalid_fields(), ["places"]);
    let mut odd = body.clone();
    odd["kind"] = json!("street");
    odd["review_on"] = json!("soon");
    assert_eq!(coordinator.post_json("/api/v1/contexts", odd).await.invalid_fields(), ["kind", "review_on"]);
    let mut unknown = body.clone();
    unknown["colour"] = json!("red");
    assert_eq!(coordinator.post_json("/api/v1/contexts", unknown).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(coordinator.get("/api/v1/contexts").await.json()["items"].as_array().map(Vec::len), Some(1));

    let police = app.with_user(Role::PoliceSupervisor, WorldAgency::ForceA).await;
    police.get(&format!("/api/v1/contexts/{id}")).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let analyst = app.with_user(Role::Analyst, WorldAgency::CouncilX).await;
    analyst.get("/api/v1/contexts").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let closed = coordinator.post_json(&format!("/api/v1/contexts/{id}/close"), "{}").await;
    assert_eq!(closed.status, StatusCode::OK);
    assert!(closed.json()["closed_at"].is_string());
    let again = coordinator.post_json(&format!("/api/v1/contexts/{id}/close"), "{}").await;
    assert_eq!(again.invalid_fields(), ["context"]);
}
