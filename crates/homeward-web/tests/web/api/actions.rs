//! The actions a record carries are the core's answer for the caller, and the routes accept exactly those.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, Value, json};

#[tokio::test]
async fn records_carry_the_actions_the_caller_may_take_and_no_others_are_accepted() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let practitioner = app.with_user(Role::RhiPractitioner, AgencyKind::RhiProvider).await;
    let codes = |body: &Value| body["actions"].as_array().expect("actions").clone();
    let episode = officer.episode(app.world.episode).await.json();
    assert_eq!(
        codes(&episode),
        ["report_episode", "assess_risk", "record_return", "record_abduction_notice", "record_missing_description"]
    );
    let person = council.person(app.world.child).await.json();
    assert_eq!(
        codes(&person),
        ["report_episode", "keep_profile", "record_placement", "end_placement", "record_missing_education"]
    );
    let person = officer.person(app.world.child).await.json();
    assert_eq!(
        codes(&person),
        ["report_episode", "record_abduction_notice"],
        "the police read the profile, the carers and council keep it"
    );

    let returned_at = app.core().now().to_rfc3339();
    let back =
        officer.record_return(app.world.episode, json!({"returned_at": returned_at, "outcome": "returned_self"}));
    let returned = back.await.json();
    let id = returned["return_interview"]["id"].as_str().expect("an interview").to_owned();
    let me = json!({"practitioner_id": practitioner.id()});
    assert_eq!(council.assign_interview(&id, me.clone()).await.status, StatusCode::OK);
    let interview = practitioner.return_interview(&id).await.json();
    assert_eq!(codes(&interview), ["record_outcome", "read_childs_account"]);
    // The core let a practitioner reassign the interview the pages never offered them.
    practitioner.assign_interview(&id, me).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let interview = council.return_interview(&id).await.json();
    assert_eq!(codes(&interview), ["assign_interview", "record_outcome", "read_childs_account"]);
    let episode = officer.episode(app.world.episode).await.json();
    assert_eq!(
        codes(&episode),
        [
            "report_episode",
            "assess_risk",
            "record_safe_and_well",
            "record_abduction_notice",
            "record_missing_description"
        ]
    );
}
