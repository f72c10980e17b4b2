//! Risk assessments through the API, the joint picture they leave, and the alerts they raise.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

#[tokio::test]
async fn risk_assessments_are_recorded_with_the_joint_picture() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let recorded = officer
        .assess(
            app.world.episode,
            r#"{"grade": "low", "rationale": "Known to be with a friend.", "cse_concern": true,
                "answers": {"out_of_character": {"answer": false}, "exploitation_concerns": {"answer": true, "details": "older boyfriend"}}}"#,
        )
        .await;
    let body = recorded.json();
    assert_eq!(recorded.status, StatusCode::CREATED, "{body}");
    assert_eq!(body["risk"]["police"], "low");
    assert_eq!(body["risk"]["joint"], "high", "an exploitation concern means high");
    assert!(body["raised_by_rule"].as_str().expect("the rule is named").contains("exploitation"));
    assert_eq!(body["assessment"]["answers"]["exploitation_concerns"]["details"], "older boyfriend");
    let episode = officer.episode(app.world.episode).await.json();
    assert_eq!(episode["risk"]["joint"], "high");
    assert_eq!(episode["assessments"].as_array().expect("assessments").len(), 1);
}

#[tokio::test]
async fn bad_risk_assessments_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let before = app.audit_head().await;
    let absent = officer.assess(episode, r#"{"grade": "absent", "rationale": "x"}"#).await;
    assert_eq!(absent.invalid_fields(), ["grade"]);
    assert!(absent.json()["error"]["fields"]["grade"].as_str().expect("named").contains("absent"));
    let made_up = r#"{"grade": "high", "rationale": "", "answers": {"made_up": {"answer": true}}}"#;
    assert_eq!(officer.assess(episode, made_up).await.invalid_fields(), ["answers.made_up", "rationale"]);
    officer.assess(episode, "{not json").await.assert_error(StatusCode::BAD_REQUEST, "bad_request");
    let wrong_type = officer.assess(episode, r#"{"grade": 3}"#).await;
    assert_eq!(wrong_type.invalid_fields(), ["grade"], "a mistyped field is named");
    let unseen = analyst.assess(episode, r#"{"grade": "high", "rationale": "x"}"#).await;
    unseen.assert_error(StatusCode::NOT_FOUND, "not_found");
    let lowered = officer.assess(episode, r#"{"grade": "low", "rationale": "x", "override_reason": "I say so"}"#).await;
    lowered.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "override_not_permitted");
    assert_eq!(app.written_since(before).await, Vec::<String>::new(), "nothing was written but the refusals");
}

#[tokio::test]
async fn the_council_sees_an_alert_for_its_child_graded_high_and_acknowledges_it() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let graded = officer
        .assess(app.world.episode, r#"{"grade": "high", "rationale": "Seen getting into a car with older men."}"#);
    assert_eq!(graded.await.status, StatusCode::CREATED);
    let alerts = council.alerts("").await;
    assert_eq!(alerts.status, StatusCode::OK);
    let alert = alerts.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["kind"] == "child_high_risk")
        .expect("the council is alerted")
        .clone();
    assert_eq!(alert["episode_id"], app.world.episode.to_string());
    let id = alert["id"].as_str().expect("an id");
    assert_eq!(council.acknowledge_alert(id, json!({"note": ""})).await.invalid_fields(), ["note"]);
    let done = council.acknowledge_alert(id, json!({"note": "Told the senior manager."})).await;
    assert_eq!(done.status, StatusCode::OK);
    let after = council.alerts("").await.json();
    assert!(after["items"].as_array().expect("items").iter().all(|a| a["id"] != alert["id"]));
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    analyst.alerts("").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
}
