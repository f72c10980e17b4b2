//! Issue 17's pages (items 1, 8 and 9): the legacy "absent" warning and its review, part 2 of the Philomena
//! Protocol, earlier profile versions, and the long-term missing register, through their real GOV.UK forms.

use homeward_core::ports::Clock;

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency, json};

#[tokio::test]
async fn a_supervisor_reviews_a_legacy_absent_episode_from_its_page() {
    let app = TestApp::spawn().await;
    let episode = app.world.import_legacy_absent().await;
    let supervisor = app.browser_with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    // Found from the episode list, filtered to those awaiting review; a filter value that is not yes or no is named.
    let waiting = supervisor.get("/episodes?legacy_absent=true").await.text();
    assert!(waiting.contains(&format!("/episodes/{episode}\"")), "{waiting}");
    assert!(!waiting.contains(&format!("/episodes/{}\"", app.world.episode)), "only those imported as absent");
    let bad = supervisor.get("/episodes?legacy_absent=perhaps").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("govuk-error-summary") && bad.text().contains("#legacy_absent"));
    let page = supervisor.episode_page(episode, "").await.text();
    assert!(
        page.contains("Imported graded \"absent\"")
            || page.contains("Imported graded &quot;absent&quot;")
            || page.contains("Imported graded &#34;absent&#34;"),
        "{page}"
    );
    assert!(page.contains(&format!("/episodes/{episode}/legacy-absent-review")));
    let officers = officer.episode_page(episode, "").await.text();
    assert!(!officers.contains("legacy-absent-review"), "an officer sees the warning, not the review");

    let form = supervisor.get(&format!("/episodes/{episode}/legacy-absent-review")).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let path = format!("/episodes/{episode}/legacy-absent-review");
    let bad = supervisor.post_form(&path, &[("csrf_token", token.as_str()), ("note", "bad\u{0007}note")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("govuk-error-summary"));
    let done = supervisor.post_form(&path, &[("csrf_token", token.as_str()), ("note", "Regraded after review.")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), format!("/episodes/{episode}?reviewed=1"));
    let after = supervisor.episode_page(episode, "?reviewed=1").await.text();
    assert!(after.contains("has been recorded") && !after.contains("govuk-warning-text__icon"));
    let waiting = supervisor.get("/episodes?legacy_absent=true").await.text();
    assert!(!waiting.contains(&format!("/episodes/{episode}\"")), "reviewed, it leaves the list");
}

#[tokio::test]
async fn part_two_is_recorded_from_the_episode_page_and_shown_after_the_profile() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let path = format!("/episodes/{episode}/missing-description");
    assert!(officer.episode_page(episode, "").await.text().contains(&path));
    let token = officer.get(&path).await.csrf_token();
    let blank = officer.post_form(&path, &[("csrf_token", token.as_str()), ("clothing", " ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.text().contains("govuk-error-summary"));
    let saved = officer
        .post_form(
            &path,
            &[("csrf_token", token.as_str()), ("clothing", "Green parka"), ("last_seen", "Leisure centre, 18:00")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = officer.episode_page(episode, "?described=1").await.text();
    assert!(page.contains("Philomena Protocol part 2") && page.contains("Green parka"));
}

#[tokio::test]
async fn earlier_profile_versions_are_listed_with_who_saved_them() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;
    for text in ["First description", "Second description"] {
        let saved =
            carer.save_profile(child, json!({"kind": "philomena", "fields": {"physical_description": text}})).await;
        assert_eq!(saved.status, StatusCode::OK);
    }
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let profile = officer.get(&format!("/people/{child}/profile")).await.text();
    assert!(
        profile.contains(&format!("href=\"/people/{child}/profile/versions\"")),
        "the profile links to its versions"
    );
    let list = officer.get(&format!("/people/{child}/profile/versions")).await;
    assert_eq!(list.status, StatusCode::OK);
    let text = list.text();
    assert!(text.contains("Version 2") && text.contains("Version 1") && text.contains("Agency CARER"), "{text}");
    let one = officer.get(&format!("/people/{child}/profile/versions/1")).await.text();
    assert!(one.contains("First description") && !one.contains("Second description"));
    assert_eq!(officer.get(&format!("/people/{child}/profile/versions/7")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_register_lists_long_term_missing_and_its_forms_keep_the_entry_and_reviews() {
    let app = TestApp::spawn().await;
    let episode = app.world.episode;
    app.world.clock.set(app.world.clock.now().plus(time::Duration::days(400)));
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let register = officer.get("/long-term-missing").await;
    assert_eq!(register.status, StatusCode::OK);
    assert!(register.text().contains(&format!("/episodes/{episode}")) && register.text().contains("Overdue"));
    let page = officer.episode_page(episode, "").await.text();
    assert!(page.contains("Long-term missing register") && page.contains("90 days (the default)"));

    let path = format!("/episodes/{episode}/long-term");
    let token = officer.get(&path).await.csrf_token();
    let bad = officer
        .post_form(&path, &[("csrf_token", token.as_str()), ("review_interval_days", "2"), ("guardian", "Someone")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("govuk-error-summary"));
    let saved = officer
        .post_form(
            &path,
            &[
                ("csrf_token", token.as_str()),
                ("liaison_officer", "DC Synthetic"),
                ("review_interval_days", "60"),
                ("mpu_referred_day", "1"),
                ("mpu_referred_month", "2"),
                ("mpu_referred_year", "2020"),
                ("mpu_reference", "MPU-SYN-9"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let review = format!("/episodes/{episode}/long-term/review");
    let today = homeward_core::domain::time::london(app.core().now()).date();
    let (day, month, year) = (today.day().to_string(), u8::from(today.month()).to_string(), today.year().to_string());
    let none = officer.post_form(&review, &[("csrf_token", token.as_str()), ("summary", "Checked.")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = officer
        .post_form(
            &review,
            &[
                ("csrf_token", token.as_str()),
                ("reviewed_day", day.as_str()),
                ("reviewed_month", month.as_str()),
                ("reviewed_year", year.as_str()),
                ("summary", "Checked bank and phone records."),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let page = officer.episode_page(episode, "?long_term_reviewed=1").await.text();
    assert!(
        page.contains("DC Synthetic") && page.contains("MPU-SYN-9") && page.contains("Checked bank and phone records.")
    );
}
