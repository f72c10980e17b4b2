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
