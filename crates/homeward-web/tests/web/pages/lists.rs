//! The worklists' pages hold everything: past a page's worth, a "Next page" link (GOV.UK pagination, no
//! JavaScript) leads to the rest, and a "First page" link back.

use crate::support::{AgencyKind, Role, StatusCode, TestApp};

/// The `href` of the pagination link titled `title`, unescaped.
fn link(page: &str, title: &str) -> Option<String> {
    let at = page.find(&format!(">{title}</span>"))?;
    let anchor = &page[page[..at].rfind("<a ")?..at];
    let (_, rest) = anchor.split_once("href=\"")?;
    Some(rest.split_once('"')?.0.replace("&#38;", "&").replace("&amp;", "&"))
}

#[tokio::test]
async fn interviews_and_recommendations_page_with_next_and_first_links() {
    let app = TestApp::spawn().await;
    app.world.add_worklists(51).await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    for (list, first) in [
        ("/return-interviews", officer.interviews_page("").await),
        ("/recommendations", officer.recommendations_page("").await),
    ] {
        assert_eq!(first.status, StatusCode::OK, "{list}");
        let first = first.text();
        assert!(link(&first, "First page").is_none(), "{list}: already on the first page");
        let next = link(&first, "Next page").unwrap_or_else(|| panic!("{list}: 51 is more than a page"));
        assert!(next.starts_with(&format!("{list}?cursor=")), "{next}");
        let second = officer.get(&next).await;
        assert_eq!(second.status, StatusCode::OK, "{list}");
        let second = second.text();
        assert!(link(&second, "Next page").is_none(), "{list}: the 51st is the last");
        assert_eq!(link(&second, "First page").as_deref(), Some(list));
    }
}
