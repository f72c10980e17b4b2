//! The home page as each role's way in: the lists of issue 17's records are reached from it, each offered only to
//! the roles that keep them (a page nobody links to is a page nobody finds).

use crate::support::{Role, TestApp, WorldAgency};

const LONG_TERM: &str = "href=\"/long-term-missing\"";
const SUPPORT: &str = "href=\"/support-plans\"";
const NOTICES: &str = "href=\"/abduction-notices\"";
const LEGACY: &str = "href=\"/episodes?legacy_absent=true\"";

#[tokio::test]
async fn the_home_page_links_each_role_to_the_lists_it_keeps() {
    let app = TestApp::spawn().await;
    let cases = [
        (Role::PoliceSupervisor, WorldAgency::ForceA, [true, false, true, true]),
        (Role::LaCoordinator, WorldAgency::CouncilX, [true, true, false, false]),
        (Role::RhiPractitioner, WorldAgency::Interviews, [false, true, false, false]),
        (Role::CareStaff, WorldAgency::Carer, [false, false, false, false]),
    ];
    for (role, agency, [long_term, support, notices, legacy]) in cases {
        let home = app.browser_with_user(role, agency).await.get("/").await.text();
        assert_eq!(home.contains(LONG_TERM), long_term, "{role:?}: the long-term missing register");
        assert_eq!(home.contains(SUPPORT), support, "{role:?}: support plans");
        assert_eq!(home.contains(NOTICES), notices, "{role:?}: child abduction warning notices");
        assert_eq!(home.contains(LEGACY), legacy, "{role:?}: episodes imported as absent awaiting review");
    }
}
