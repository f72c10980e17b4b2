//! Need to know on the pages and in exports: care staff see that the police's disclosures are not shared with them,
//! never the words.

use crate::api::need_to_know::{DISCLOSURE, checked_with_a_disclosure};
use crate::support::{AgencyKind, Role, StatusCode, TestApp};

#[tokio::test]
async fn the_episode_page_tells_care_staff_the_disclosures_are_not_shared_and_no_export_carries_them() {
    let app = TestApp::spawn().await;
    checked_with_a_disclosure(&app).await;
    let carer = app.browser_with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let page = carer.episode_page(app.world.episode, "").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(!html.contains(DISCLOSURE), "the disclosure on the care staff's page");
    assert!(html.contains("Not shared with your agency"), "{html}");
    assert!(html.contains("Told the council"), "the safeguarding actions are shared");

    let coordinator = app.browser_with_user(Role::LaCoordinator, AgencyKind::LocalAuthority).await;
    assert!(coordinator.episode_page(app.world.episode, "").await.text().contains(DISCLOSURE));

    // The CSV exports are figures, counted and never worded: care staff get none, those who do get no disclosure.
    let csv = carer.figures_csv("?from=2026-06-01&to=2026-06-30").await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    assert!(!csv.text().contains(DISCLOSURE));
    let csv = coordinator.figures_csv("?from=2026-06-01&to=2026-06-30").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(!csv.text().contains(DISCLOSURE));
}
