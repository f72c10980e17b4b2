//! The pages draw their buttons from the core's answer, and a form the page does not offer is refused all the same.

use homeward_core::services::{NewReturn, ReturnInput};

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn pages_offer_what_the_core_allows_and_nothing_more() {
    let app = TestApp::spawn().await;
    let core = app.core();
    let officer = app.world.actor("officer.a@test.example");
    let returned_at = core.now().to_rfc3339();
    let input = ReturnInput { returned_at: &returned_at, outcome: "returned_self", ..ReturnInput::default() };
    let back = NewReturn::parse(&input).expect("valid");
    let (_, interview) = core.record_return(&officer, app.world.episode, back).await.expect("returned");
    let interview = interview.expect("created").id;
    let practitioner_id = app.world.user("practitioner@test.example").id;
    let council = app.world.actor("worker.x@test.example");
    core.assign_interview(&council, interview, practitioner_id).await.expect("assigned");
    let page = format!("/return-interviews/{interview}");

    let practitioner = app.browser_with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let theirs = practitioner.get(&page).await;
    let text = theirs.text();
    assert!(text.contains("Record the outcome") && !text.contains("Assign the interview"));
    let (token, id) = (theirs.csrf_token(), practitioner_id.to_string());
    let assign = format!("{page}/assign");
    let refused = practitioner.post_form(&assign, &[("csrf_token", &token), ("practitioner_id", &id)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "not offered, and not accepted either");

    let host = app.browser_with_user(Role::LaCoordinator, WorldAgency::CouncilY).await;
    assert!(host.get(&page).await.text().contains("Assign the interview"), "the host council assigns too");

    let police = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let profile = police.get(&format!("/people/{}/profile", app.world.child)).await.text();
    assert!(!profile.contains("Save a new version") && !profile.contains("Upload photograph"));
    assert!(profile.contains("you may read it"), "the police read the profile its keepers keep");
}

#[tokio::test]
async fn the_assign_form_offers_only_those_the_independence_rule_accepts() {
    let app = TestApp::spawn().await;
    let core = app.core();
    let assessor = app.with_user(Role::LaCoordinator, WorldAgency::CouncilX).await;
    let assessor_id = assessor.id();
    let graded = assessor.assess(app.world.episode, r#"{"grade": "medium", "rationale": "Out of character."}"#).await;
    assert_eq!(graded.status, StatusCode::CREATED, "{}", graded.text());
    let officer = app.world.actor("officer.a@test.example");
    let returned_at = core.now().to_rfc3339();
    let input = ReturnInput { returned_at: &returned_at, outcome: "returned_self", ..ReturnInput::default() };
    let (_, interview) =
        core.record_return(&officer, app.world.episode, NewReturn::parse(&input).expect("valid")).await.expect("ok");
    let interview = interview.expect("created").id;

    let council = app.browser_with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let page = council.interview_page(interview).await;
    let text = page.text();
    assert_eq!(page.status, StatusCode::OK);
    let offered = |email: &str| text.contains(&format!("value=\"{}\"", app.world.user(email).id));
    assert!(offered("practitioner@test.example"), "an interview practitioner is offered");
    assert!(offered("coordinator.y@test.example"), "so is the host council's coordinator");
    assert!(!text.contains(&format!("value=\"{assessor_id}\"")), "the coordinator who graded the risk is not offered");
    for email in ["worker.x@test.example", "coordinator.z@test.example", "officer.a@test.example"] {
        assert!(!offered(email), "{email} is not offered");
    }
    // Sent anyway, the refusal comes back on the form, naming the field.
    let (token, id) = (page.csrf_token(), assessor_id.to_string());
    let refused = council.submit_assignment(interview, &[("csrf_token", &token), ("practitioner_id", &id)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("assessed its risk"));
}

#[tokio::test]
async fn the_police_assign_an_adults_conversation_from_its_page() {
    let app = TestApp::spawn().await;
    let core = app.core();
    let officer = app.world.actor("officer.a@test.example");
    let episode = app.world.add_returned_adult(&officer).await;
    let conversation = core.offer_return_conversation(&officer, episode).await.expect("offered").id;

    let police = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let page = police.interview_page(conversation).await;
    let text = page.text();
    assert!(text.contains("Assign the interview") && text.contains("Record the outcome"), "{text}");
    assert!(text.contains("No deadline"), "a conversation is never late");
    assert!(police.episode_page(episode, "").await.text().contains("Return conversation: Due, no deadline"));
    let (token, id) = (page.csrf_token(), app.world.user("practitioner@test.example").id.to_string());
    let assigned = police.submit_assignment(conversation, &[("csrf_token", &token), ("practitioner_id", &id)]).await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.text());
    let practitioner = app.browser_with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    assert!(practitioner.interview_page(conversation).await.text().contains("Record the outcome"));
}

#[tokio::test]
async fn the_police_keep_the_profile_of_an_adult_they_recorded_from_its_page() {
    let app = TestApp::spawn().await;
    let officer = app.world.actor("officer.a@test.example");
    let adult = homeward_core::services::NewPerson::parse("Grown", "Up", "1940-01-01", "F", false, None, None);
    let adult = app.core().create_person(&officer, adult.expect("valid")).await.expect("recorded").id;
    let police = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let form = police.profile_page(adult, "?kind=herbert").await;
    assert!(form.text().contains("Save a new version"), "the police keep their adult's profile");
    let token = form.csrf_token();
    let saved = police
        .submit_profile(adult, &[("csrf_token", &token), ("kind", "herbert"), ("routine", "Walks at nine")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let carer = app.browser_with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    assert_eq!(carer.profile_page(adult, "").await.status, StatusCode::NOT_FOUND, "not the home's resident");
}
