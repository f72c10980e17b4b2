//! The main journeys through the pages: what each agency's staff see, reporting and assessing an episode,
//! acknowledging the alert it raises, and the profile a carer keeps for the police.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn pages_are_scoped_and_reads_are_audited() {
    let app = TestApp::spawn().await;
    let host_council = app.browser_with_user(Role::LaCoordinator, WorldAgency::CouncilY).await;
    let list = host_council.episodes_page("").await;
    assert_eq!(list.status, StatusCode::OK);
    let id = app.world.episode.to_string();
    assert!(list.text().contains(&format!("/episodes/{id}")), "the host council sees its out-of-area child");
    let page = host_council.episode_page(&id, "").await;
    assert_eq!(page.status, StatusCode::OK);
    for heading in ["Person", "Episode", "Risk", "Timeline"] {
        assert!(page.text().contains(&format!(">{heading}</h2>")), "{heading}");
    }
    let events = app.audit_events().await;
    assert!(events.iter().any(|e| e.action == "episode.read" && e.target_id.as_deref() == Some(id.as_str())));
    let filtered = host_council.episodes_page("?status=returned").await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(!filtered.text().contains(&format!("/episodes/{id}")));
    let bad = host_council.episodes_page("?status=absent").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("govuk-error-summary"));

    let analyst = app.browser_with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let unseen = analyst.episode_page(&id, "").await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);
    let text = unseen.text();
    assert!(text.contains("Page not found") && text.contains("Reference:"));
    assert!(text.contains("Sign out"), "a signed-in person keeps their header on an error page");
    assert_eq!(analyst.episodes_page("").await.status, StatusCode::FORBIDDEN);
    assert_eq!(analyst.get("/no-such-page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_officer_reports_an_episode_records_an_assessment_and_the_council_acknowledges_its_alert() {
    let app = TestApp::spawn().await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let form = officer.report_form().await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let council = app.world.council_x.id.to_string();
    let report = [
        ("csrf_token", token.as_str()),
        ("given_name", "Synthetic"),
        ("family_name", "Twelve"),
        ("dob_day", "1"),
        ("dob_month", "1"),
        ("dob_year", "2014"),
        ("sex", "M"),
        ("responsible_la", council.as_str()),
        ("went_day", "1"),
        ("went_month", "6"),
        ("went_year", "2026"),
        ("went_time", "11:30"),
        ("missing_from", "home"),
    ];
    let reported = officer.submit_report(&report).await;
    assert_eq!(reported.status, StatusCode::SEE_OTHER);
    let episode = reported.location().trim_start_matches("/episodes/").trim_end_matches("?reported=1").to_owned();
    let page = officer.episode_page(&episode, "?reported=1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains("The episode has been reported") && page.text().contains("1 June 2026, 11:30am"),
        "UK time kept"
    );

    let assess = [("csrf_token", token.as_str()), ("grade", "low"), ("rationale", "Back soon, says mum.")];
    let assessed = officer.submit_assessment(&episode, &assess).await;
    assert_eq!(assessed.status, StatusCode::SEE_OTHER, "{:?}", assessed.headers);
    let page = officer.episode_page(&episode, "").await;
    assert!(page.text().contains("Risk: Medium"), "a 12-year-old is never below medium");
    let absent = officer.submit_assessment(&episode, &[("csrf_token", token.as_str()), ("grade", "absent")]).await;
    assert_eq!(absent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(absent.text().contains("govuk-error-summary") && absent.text().contains("absent"));
    let no_token = officer.submit_assessment(&episode, &[("grade", "high"), ("rationale", "x")]).await;
    assert_eq!(no_token.status, StatusCode::BAD_REQUEST, "no CSRF token, no change");

    let bad = officer.submit_report(&[("csrf_token", token.as_str()), ("went_time", "25:99")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("Enter a real date of birth") && bad.text().contains("Select where they went missing from")
    );

    let manager = app.browser_with_user(Role::LaSeniorManager, AgencyKind::LocalAuthority).await;
    let home = manager.home().await.text();
    let token = manager.assess_form(&episode).await.csrf_token();
    let high = [("csrf_token", token.as_str()), ("grade", "high"), ("rationale", "Known to gangs.")];
    manager.submit_assessment(&episode, &high).await;
    let home_after = manager.home().await;
    assert!(!home.contains("A child is graded high risk"));
    let text = home_after.text();
    assert!(text.contains("A child is graded high risk"));
    let alert = text.split(r#"name="alert" type="checkbox" value=""#).nth(1).and_then(|rest| rest.split('"').next());
    let token = home_after.csrf_token();
    let note =
        [("csrf_token", token.as_str()), ("alert", alert.expect("a box to tick")), ("note", "Senior manager told.")];
    let acknowledged = manager.submit_acknowledgements(&note).await;
    assert_eq!((acknowledged.status, acknowledged.location()), (StatusCode::SEE_OTHER, "/?acknowledged=1#alerts"));
}

#[tokio::test]
async fn a_carer_prepares_a_profile_that_the_police_see_on_the_episode() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let carer = app.browser_with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let form = carer.profile_page(child, "").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("Philomena Protocol profile"), "a child gets Philomena by default");
    let token = form.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("kind", "philomena"),
        ("physical_description", "Slim, long dark hair, small scar on left hand"),
        ("places_frequented", "Skate park by the station"),
    ];
    let saved = carer.submit_profile(child, &fields).await;
    assert_eq!(
        (saved.status, saved.location()),
        (StatusCode::SEE_OTHER, format!("/people/{child}/profile?saved=1").as_str())
    );
    let saved = carer.profile_page(child, "?saved=1").await.text();
    assert!(saved.contains("saved as version 1") && saved.contains("Skate park by the station"));

    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let episode = officer.episode_page(app.world.episode, "").await.text();
    assert!(episode.contains(">Philomena Protocol profile</h2>") && episode.contains("small scar on left hand"));
    let forged = officer.submit_profile(child, &[("csrf_token", "x"), ("kind", "philomena")]).await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_council_records_a_placement_on_the_page_and_the_provider_ends_it() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let council = app.browser_with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let form = council.placements_page(child, "").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("No placement has been recorded") && form.text().contains("Record the placement"));
    let token = form.csrf_token();
    let bad = [("csrf_token", token.as_str()), ("provider", "CARER"), ("postcode", "nowhere")];
    let refused = council.submit_placement(child, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("There is a problem") && refused.text().contains("href=\"#postcode\""));
    let fields = [
        ("csrf_token", token.as_str()),
        ("provider", "CARER"),
        ("host_la", "E0000000Z"),
        ("postcode", "DL1 1AA"),
        ("started_day", "2"),
        ("started_month", "3"),
        ("started_year", "2026"),
    ];
    let placed = council.submit_placement(child, &fields).await;
    let to = format!("/people/{child}/placements?done=1");
    assert_eq!((placed.status, placed.location()), (StatusCode::SEE_OTHER, to.as_str()));
    let page = council.placements_page(child, "?done=1").await.text();
    assert!(page.contains("DL1 1AA") && page.contains("Agency E0000000Z") && page.contains("End the placement"));

    let carer = app.browser_with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let page = carer.placements_page(child, "").await;
    assert!(!page.text().contains("Record the placement"), "only the responsible council records one");
    let token = page.csrf_token();
    let text = page.text();
    let id = text.split("/placements/").nth(1).and_then(|rest| rest.split('/').next()).expect("an end form").to_owned();
    let child_id = child.to_string();
    let end = [
        ("csrf_token", token.as_str()),
        ("person", child_id.as_str()),
        ("ended_day", "1"),
        ("ended_month", "6"),
        ("ended_year", "2026"),
    ];
    let ended = carer.submit_placement_end(&id, &end).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.text());
    let page = council.placements_page(child, "").await.text();
    assert!(page.contains("1 June 2026") && !page.contains("End the placement"));
}
