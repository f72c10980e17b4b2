//! Issue 17, item 1 through the API: the long-term missing register, its entries and reviews, who keeps it, and
//! the scheduler's alert when a review is overdue.

use homeward_core::Actor;
use homeward_core::ports::Clock;

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency, json};

fn date(app: &TestApp, days: i64) -> String {
    let at = app.core().now().plus(time::Duration::days(days));
    homeward_core::domain::time::format_date(homeward_core::domain::time::london(at).date())
}

#[tokio::test]
async fn an_episode_open_a_year_is_on_the_register_kept_by_the_police_and_the_responsible_council() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    let early = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    early.long_term(episode).await.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "not_long_term");
    assert_eq!(early.long_term_register("").await.json()["items"], json!([]));

    // A year and two days on, the child is still missing.
    app.world.clock.set(app.world.clock.now().plus(time::Duration::days(367)));
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let council = app.with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    let host = app.with_user(Role::LaCoordinator, WorldAgency::CouncilY).await;
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;

    let listed = officer.long_term_register("").await;
    let body = listed.json();
    assert_eq!(listed.status, StatusCode::OK, "{body}");
    assert_eq!(body["items"][0]["id"], episode.to_string());
    assert_eq!(body["items"][0]["review_overdue"], true, "the first review fell due on entering the register");
    assert_eq!(council.long_term_register("").await.json()["items"][0]["id"], episode.to_string());
    assert_eq!(host.long_term_register("").await.json()["items"], json!([]), "a host council does not keep it");
    carer.long_term_register("").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    host.long_term(episode).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(officer.episode(episode).await.json()["long_term"]["entry"], json!(null));
    assert_eq!(carer.episode(episode).await.json()["long_term"], json!(null), "carers do not see the register");

    // The scheduler raises the overdue review for the force and the responsible council.
    app.core().tick(&Actor::operator("test"), "test").await.expect("ticked");
    for client in [&officer, &council] {
        let alerts = client.alerts("").await.json();
        let kinds: Vec<_> = alerts["items"].as_array().expect("items").iter().map(|a| a["kind"].clone()).collect();
        assert!(kinds.contains(&json!("long_term_review_overdue")), "{alerts}");
    }

    // Bad entries are refused with every field named, and write nothing.
    let before = app.audit_head().await;
    let bad = council
        .save_long_term(
            episode,
            json!({"review_interval_days": 3, "guardian": "A. Parent", "mpu_reference": "MPU/1",
                   "last_contact_on": date(&app, 5), "liaison_officer": ""}),
        )
        .await;
    assert_eq!(bad.invalid_fields(), ["guardianship_order_on", "mpu_referred_on", "review_interval_days"]);
    let future = council.save_long_term(episode, json!({"last_contact_on": date(&app, 5)})).await;
    assert_eq!(future.invalid_fields(), ["last_contact_on"]);
    let not_a_date = council.save_long_term(episode, json!({"mpu_referred_on": "last week"})).await;
    assert_eq!(not_a_date.invalid_fields(), ["mpu_referred_on"]);
    host.save_long_term(episode, json!({})).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    carer.save_long_term(episode, json!({})).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let no_review = officer.review_long_term(episode, json!({"reviewed_on": date(&app, 1), "summary": "x"})).await;
    assert_eq!(no_review.invalid_fields(), ["reviewed_on"]);
    let too_early = officer.review_long_term(episode, json!({"reviewed_on": date(&app, -30), "summary": "x"})).await;
    assert_eq!(too_early.invalid_fields(), ["reviewed_on"]);
    let blank = officer.review_long_term(episode, json!({"reviewed_on": "soon", "summary": " "})).await;
    assert_eq!(blank.invalid_fields(), ["reviewed_on", "summary"]);
    assert_eq!(app.written_since(before).await, Vec::<String>::new());

    let saved = council
        .save_long_term(
            episode,
            json!({"liaison_officer": "DC Example", "liaison_contact": "Via the force's family liaison line",
                   "last_contact_on": date(&app, -1), "review_interval_days": 30,
                   "mpu_referred_on": date(&app, -300), "mpu_reference": "MPU-SYN-0001",
                   "guardianship_order_on": date(&app, -10), "guardian": "Synthetic Guardian"}),
        )
        .await;
    let body = saved.json();
    assert_eq!(saved.status, StatusCode::OK, "{body}");
    assert_eq!(body["entry"]["review_interval_days"], 30);
    assert_eq!(body["entry"]["guardian"], "Synthetic Guardian");
    let reviewed =
        officer.review_long_term(episode, json!({"reviewed_on": date(&app, 0), "summary": "No new lines."})).await;
    let body = reviewed.json();
    assert_eq!(reviewed.status, StatusCode::CREATED, "{body}");
    assert_eq!(body["reviews"][0]["summary"], "No new lines.");
    assert_eq!(body["review_due_on"], date(&app, 30));
    let read = council.long_term(episode).await.json();
    assert_eq!(read["entry"]["mpu_reference"], "MPU-SYN-0001");
    let listed = officer.long_term_register("").await.json();
    assert_eq!(listed["items"][0]["review_overdue"], false);
    let actions: Vec<String> = app.audit_events().await.into_iter().map(|e| e.action).collect();
    for action in ["long_term.listed", "long_term.read", "long_term.saved", "long_term.reviewed"] {
        assert!(actions.iter().any(|a| a == action), "{action} is audited");
    }
    // The overdue alert closes at the next tick: the review was done.
    app.core().tick(&Actor::operator("test"), "test").await.expect("ticked");
    let alerts = officer.alerts("").await.json();
    assert!(alerts["items"].as_array().expect("items").iter().all(|a| a["kind"] != "long_term_review_overdue"));
}
