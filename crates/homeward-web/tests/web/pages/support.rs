//! Post-missing support on the pages (issue 17, item 4), without JavaScript: the interview offers "Plan support";
//! the form shows its errors (422) and then makes the plan; the plan page records a session; another agency's
//! browser finds no plan.

use time::Duration;

use crate::support::{Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn a_practitioner_plans_support_from_the_interview_page_and_records_a_session() {
    let app = TestApp::spawn().await;
    let browser = app.browser_with_user(Role::RhiPractitioner, WorldAgency::Interviews).await;
    let interview = app.world.add_completed_interview(browser.id()).await;
    let page = browser.get(&format!("/return-interviews/{interview}")).await.text();
    let new = format!("/return-interviews/{interview}/support/new");
    assert!(page.contains(&format!("href=\"{new}\"")), "the interview offers support");
    let token = browser.get(&new).await.csrf_token();

    let review = app.core().now().date() + Duration::days(14);
    let (day, month, year) =
        (review.day().to_string(), u8::from(review.month()).to_string(), review.year().to_string());
    let wrong =
        browser.post_form(&new, &[("csrf_token", &token), ("sessions_planned", "none"), ("safety_plan", "")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = wrong.text();
    assert!(text.contains("govuk-error-summary") && text.contains("href=\"#sessions_planned\""), "{text}");
    let form = [
        ("csrf_token", token.as_str()),
        ("sessions_planned", "3"),
        ("safety_plan", "Childline 0800 1111"),
        ("review_on_day", &day),
        ("review_on_month", &month),
        ("review_on_year", &year),
    ];
    let made = browser.post_form(&new, &form).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text());
    let plan = made.location().split('?').next().expect("a path").to_owned();
    assert!(plan.starts_with("/support-plans/"), "{plan}");
    let shown = browser.get(made.location()).await.text();
    assert!(shown.contains("The support plan has been made") && shown.contains("Record a session"));
    let (episode, child) = (app.world.episode, app.world.child);
    assert!(shown.contains(&format!("href=\"/episodes/{episode}\"")), "the plan leads to its episode");
    assert!(shown.contains(&format!("href=\"/people/{child}/support\"")), "and to the person's other plans");

    let today = app.core().now().date();
    let (day, month, year) = (today.day().to_string(), u8::from(today.month()).to_string(), today.year().to_string());
    let session = [
        ("csrf_token", token.as_str()),
        ("held_on_day", &day),
        ("held_on_month", &month),
        ("held_on_year", &year),
        ("attended", "yes"),
        ("note", "Went to the cinema together"),
    ];
    let unreal =
        [("csrf_token", token.as_str()), ("held_on_day", "40"), ("held_on_month", &month), ("held_on_year", &year)];
    let wrong = browser.post_form(&format!("{plan}/sessions"), &unreal).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = wrong.text();
    assert!(text.contains("Held on: enter a real date, for example 30 11 2026") && !text.contains("YYYY"), "{text}");
    let recorded = browser.post_form(&format!("{plan}/sessions"), &session).await;
    assert_eq!((recorded.status, recorded.location()), (StatusCode::SEE_OTHER, format!("{plan}?session=1").as_str()));
    assert!(browser.get(&plan).await.text().contains("Went to the cinema together"));
    let blank = browser.post_form(&format!("{plan}/outcome"), &[("csrf_token", token.as_str())]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = browser.get("/support-plans").await.text();
    assert!(listed.contains(&format!("href=\"{plan}\"")));
    assert!(listed.contains("Synthetic Child"), "the agency's list names whom each plan is for");

    let other = app.browser_with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    assert_eq!(other.get(&plan).await.status, StatusCode::NOT_FOUND, "another agency finds no plan");
    assert_eq!(other.get(&new).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_practitioner_reaches_the_childs_records_from_the_episode_page() {
    // The practitioner acts on nothing on the episode page, but the child's profile, support and education are
    // read from it: they were once left out with the actions.
    let app = TestApp::spawn().await;
    let browser = app.browser_with_user(Role::RhiPractitioner, WorldAgency::Interviews).await;
    app.world.add_completed_interview(browser.id()).await;
    let page = browser.episode_page(app.world.episode, "").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.text();
    let child = app.world.child;
    for record in ["profile", "support", "education"] {
        assert!(page.contains(&format!("href=\"/people/{child}/{record}\"")), "the episode links to the {record}");
    }
    assert!(!page.contains("/assess\""), "and offers no risk assessment");
}
