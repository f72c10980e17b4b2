//! Children missing education on the pages (issue 17, item 2), without JavaScript: the child's council records a
//! spell through the form (errors shown again, 422), it shows on the record and among the episode's exploitation
//! prompts; another council's browser finds nothing.

use time::Duration;

use crate::support::{Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn a_council_records_a_child_missing_education_on_the_childs_record() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let browser = app.browser_with_user(Role::SocialWorker, WorldAgency::CouncilX).await;
    let episode = browser.get(&format!("/episodes/{}", app.world.episode)).await.text();
    let path = format!("/people/{child}/education");
    assert!(episode.contains(&format!("href=\"{path}\"")), "the episode links the child's education record");
    let page = browser.get(&path).await;
    assert!(page.text().contains("Record a child missing education"));
    let token = page.csrf_token();

    let wrong = browser.post_form(&path, &[("csrf_token", &token), ("reason", "truant")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("govuk-error-summary") && wrong.text().contains("href=\"#reason\""));
    let since = app.core().now().date() - Duration::days(20);
    let (day, month, year) = (since.day().to_string(), u8::from(since.month()).to_string(), since.year().to_string());
    let form = [
        ("csrf_token", token.as_str()),
        ("reason", "persistent_absence"),
        ("started_on_day", &day),
        ("started_on_month", &month),
        ("started_on_year", &year),
    ];
    let recorded = browser.post_form(&path, &form).await;
    assert_eq!((recorded.status, recorded.location()), (StatusCode::SEE_OTHER, format!("{path}?recorded=1").as_str()));
    assert!(browser.get(&path).await.text().contains("Persistently absent from school since"));
    let assess = browser.get(&format!("/episodes/{}/assess", app.world.episode)).await.text();
    assert!(assess.contains("Persistently absent from school since"), "a prompt when assessing the risk");

    let other = app.browser_with_user(Role::LaCoordinator, WorldAgency::CouncilZ).await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND, "another council finds no record");
}
