//! Need to know through the API: care staff never read the police's disclosures, and a council's list holds no adult
//! it has not been asked to act for (issue 11).

use homeward_testkit::example;
use time::Duration;
use time::macros::date;

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

pub const DISCLOSURE: &str = "Synthetic disclosure: stayed in a flat above the takeaway";
const INTELLIGENCE: &str = "Synthetic intelligence: seen with a known dealer";

/// The world's child back, and the police's safe and well check recorded with a disclosure.
pub async fn checked_with_a_disclosure(app: &TestApp) {
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let now = app.core().now();
    let graded = json!({"grade": "high", "rationale": INTELLIGENCE, "answers": {}});
    assert_eq!(officer.assess(app.world.episode, graded).await.status, StatusCode::CREATED);
    let back = json!({"returned_at": now.plus(Duration::hours(-2)).to_rfc3339(), "outcome": "returned_self"});
    assert_eq!(officer.record_return(app.world.episode, back).await.status, StatusCode::OK);
    let check = json!({"checked_at": now.to_rfc3339(), "face_to_face": true, "disclosures": DISCLOSURE,
        "actions": "Told the council"});
    assert_eq!(officer.record_safe_and_well(app.world.episode, check).await.status, StatusCode::OK);
}

#[tokio::test]
async fn care_staff_get_the_episode_without_the_police_disclosures_and_are_told_why() {
    let app = TestApp::spawn().await;
    checked_with_a_disclosure(&app).await;
    let carer = app.with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let reply = carer.episode(app.world.episode).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.text().contains(DISCLOSURE), "care staff read the disclosure word for word");
    assert!(!reply.text().contains(INTELLIGENCE), "nor the police's reasons for their grade");
    let body = reply.json();
    assert!(body["safe_and_well"]["disclosures"].is_null());
    assert_eq!(body["safe_and_well"]["actions"], "Told the council", "the safeguarding actions are shared");
    assert_eq!(body["withheld"], json!(["police_intelligence", "childs_account"]));
    assert_eq!(body["risk"]["police"], "high", "though the police's grade is shared");
    assert_eq!(body["assessments"], json!([]));
    let interview = body["return_interviews"][0]["id"].as_str().expect("the return's interview").to_owned();
    assert_eq!(carer.return_interview(&interview).await.json()["withheld"], json!(["childs_account"]));

    for (role, kind) in [(Role::PoliceOfficer, AgencyKind::Police), (Role::SocialWorker, AgencyKind::LocalAuthority)] {
        let body = app.with_user(role, kind).await.episode(app.world.episode).await.json();
        assert_eq!(body["safe_and_well"]["disclosures"], DISCLOSURE, "{role}");
        assert_eq!(body["withheld"], json!([]), "{role}");
        assert_eq!(body["assessments"][0]["rationale"], INTELLIGENCE, "{role}");
    }
}

#[tokio::test]
async fn a_council_lists_no_adult_it_has_not_been_asked_to_act_for() {
    let app = TestApp::spawn().await;
    let world = &app.world;
    let now = app.core().now();
    let adult = example::person(now).named("Adult", "Inarea").born(date!(1975 - 05 - 05)).build();
    let adult_episode =
        example::episode(&adult, world.force_a.id, now.plus(Duration::hours(-1))).in_area(world.council_x.id).build();
    let mut tx = app.core().store().begin().await.expect("tx");
    tx.insert_person(&adult).await.expect("person");
    tx.insert_episode(&adult_episode).await.expect("episode");
    tx.commit().await.expect("commit");

    let ids = |body: serde_json::Value| -> Vec<String> {
        body["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().expect("id").to_owned()).collect()
    };
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let listed = ids(council.episodes("").await.json());
    assert_eq!(listed, [world.episode.to_string()], "its own child only, not the adult in its area");
    assert_eq!(council.episode(adult_episode.id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(council.person(adult.id).await.status, StatusCode::NOT_FOUND);
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert!(ids(officer.episodes("").await.json()).contains(&adult_episode.id.to_string()), "the area's force");
}
