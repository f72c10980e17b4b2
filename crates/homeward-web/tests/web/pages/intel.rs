//! Places and people on the pages (issue 15), without JavaScript: a coordinator is asked why before a child's
//! network, a place and the hotspots are shown; the pictures come with tables; an analyst sees districts only.

use crate::api::intel::{WHY, named_in_records};
use crate::support::{Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn a_coordinator_gives_a_reason_and_sees_a_childs_places_and_people_drawn_and_tabled() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    named_in_records(&app).await;
    let browser = app.browser_with_user(Role::LaCoordinator, WorldAgency::CouncilX).await;
    let episode = browser.get(&format!("/episodes/{}", app.world.episode)).await.text();
    assert!(episode.contains(&format!("href=\"/people/{child}/network\"")), "the episode offers the question");
    assert!(episode.contains("Exploitation prompts") && episode.contains("With 1 associate who is an adult"));

    let ask = browser.get(&format!("/people/{child}/network")).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.text().contains("Why are you looking?"));
    let blank = browser.get(&format!("/people/{child}/network?reason=&steps=2")).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.text().contains("govuk-error-summary") && blank.text().contains("href=\"#reason\""));

    let shown = browser.get(&format!("/people/{child}/network?{WHY}&steps=2")).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text());
    let text = shown.text();
    assert!(text.contains("<svg") && text.contains("role=\"img\""), "the network is drawn");
    assert!(text.contains("What the picture shows") && text.contains("Timeline"), "and tabled");
    assert!(text.contains("Greggs, Station Rd, LS1 4DY") && text.contains("Dan Smith"));
    assert!(text.contains("/places/") && text.contains("reason=Strategy+meeting"), "links carry the reason on");

    let place = text.split("href=\"/places/").nth(1).and_then(|rest| rest.split('"').next()).expect("a place link");
    let place = browser.get(&format!("/places/{}", place.replace("&amp;", "&"))).await;
    assert_eq!(place.status, StatusCode::OK, "{}", place.text());
    assert!(place.text().contains("By month") && place.text().contains("Children and adults your agency sees"));

    let places = browser.get(&format!("/places?postcode=LS1&{WHY}")).await;
    assert!(places.text().contains("Leeds Station, LS1 4DY"));
    let today = app.core().now().date();
    let period = format!("from={}&to={}", today - time::Duration::days(7), today);
    let spots = browser.get(&format!("/hotspots?{period}&level=place&{WHY}")).await;
    assert_eq!(spots.status, StatusCode::OK, "{}", spots.text());
    assert!(spots.text().contains("<svg") && spots.text().contains("Change"));

    let analyst = app.browser_with_user(Role::Analyst, WorldAgency::CouncilX).await;
    assert!(analyst.get("/").await.text().contains("href=\"/hotspots\""));
    let districts = analyst.get(&format!("/hotspots?{period}&level=district&{WHY}")).await;
    assert!(districts.text().contains("LS1") && !districts.text().contains("Greggs"));
    assert_eq!(analyst.get(&format!("/hotspots?{period}&level=place&{WHY}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(analyst.get(&format!("/people/{child}/network?{WHY}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_context_is_opened_from_a_place_page_and_closed_through_forms() {
    let app = TestApp::spawn().await;
    named_in_records(&app).await;
    let browser = app.browser_with_user(Role::LaCoordinator, WorldAgency::CouncilX).await;
    let places = browser.get(&format!("/places?postcode=LS1&{WHY}")).await.text();
    let place = places.split("href=\"/places/").nth(1).and_then(|r| r.split('?').next()).expect("a place").to_owned();
    let page = browser.get(&format!("/places/{place}?{WHY}")).await.text();
    assert!(page.contains(&format!("href=\"/contexts/new?place={place}\"")), "the place offers a context");
    let form = browser.get(&format!("/contexts/new?place={place}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let missing =
        browser.post_form("/contexts/new", &[("csrf_token", &token), ("place", &place), ("kind", "place")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().contains("href=\"#title\"") && missing.text().contains(&format!("value=\"{place}\"")));
    let review_on = (app.core().now().date() + time::Duration::days(14)).to_string();
    let opened = browser
        .post_form(
            "/contexts/new",
            &[
                ("csrf_token", &token),
                ("place", &place),
                ("kind", "place"),
                ("title", "Station Road"),
                ("plan", "Patrols and a safety plan"),
                ("review_on", &review_on),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text());
    let shown = browser.get(opened.location()).await.text();
    assert!(shown.contains("The context is open") && shown.contains(&format!("href=\"/places/{place}\"")));
    assert!(shown.contains("Station Road") && shown.contains("Close the context"));
    let id = opened.location().trim_start_matches("/contexts/").split('?').next().expect("an id").to_owned();
    assert!(browser.get("/contexts").await.text().contains(&format!("/contexts/{id}")));
    let closed = browser.post_form(&format!("/contexts/{id}/close"), &[("csrf_token", &token)]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert!(browser.get(closed.location()).await.text().contains("The context is closed"));
}
