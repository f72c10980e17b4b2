//! The possible-duplicates pages: the list, and deciding one through its form (no JavaScript, CSRF checked).

use crate::api::links::proposed_pair;
use crate::support::{AgencyKind, Role, StatusCode, TestApp};

#[tokio::test]
async fn a_supervisor_decides_a_possible_duplicate_through_the_form_and_a_missing_reason_is_asked_for() {
    let app = TestApp::spawn().await;
    let api = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let (id, first, second) = proposed_pair(&app, &api).await;
    let browser = app.browser_with_user(Role::PoliceSupervisor, AgencyKind::Police).await;

    let list = browser.get("/link-proposals").await;
    assert_eq!(list.status, StatusCode::OK);
    let text = list.text();
    assert!(text.contains(&format!("/link-proposals/{id}")) && text.contains(&first) && text.contains(&second));
    assert!(!text.contains("Twice"), "no names on the queue");

    let form = browser.get(&format!("/link-proposals/{id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let path = format!("/link-proposals/{id}");
    let forged = browser.post_form(&path, &[("csrf_token", "forged"), ("decision", "confirm"), ("reason", "x")]).await;
    assert_ne!(forged.status, StatusCode::SEE_OTHER, "a forged token changes nothing");
    let no_reason = browser.post_form(&path, &[("csrf_token", token.as_str()), ("decision", "confirm")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.text().contains("govuk-error-summary") && no_reason.text().contains("href=\"#reason\""));
    assert_eq!(api.link_proposals("").await.json()["items"][0]["status"], "potential", "nothing changed");

    let decided = browser
        .post_form(&path, &[("csrf_token", token.as_str()), ("decision", "confirm"), ("reason", "Same school.")])
        .await;
    assert_eq!((decided.status, decided.location()), (StatusCode::SEE_OTHER, "/link-proposals?decided=1"));
    let after = browser.get("/link-proposals?decided=1").await.text();
    assert!(after.contains("Your decision has been recorded") && !after.contains(&format!("/link-proposals/{id}")));
    assert_eq!(api.person(&first).await.json()["linked_people"][0], second.as_str());
    let person_page = browser.get(&format!("/people/{first}/placements")).await.text();
    assert!(person_page.contains(&format!("href=\"/people/{second}/placements\"")), "the page links the other record");

    // Undone from the list of linked records: awaiting a decision again.
    let linked = browser.get("/link-proposals?status=confirmed").await;
    assert!(linked.text().contains(&format!("/link-proposals/{id}/undo")));
    let token = linked.csrf_token();
    let undone = browser.post_form(&format!("/link-proposals/{id}/undo"), &[("csrf_token", token.as_str())]).await;
    assert_eq!((undone.status, undone.location()), (StatusCode::SEE_OTHER, "/link-proposals?undone=1"));
    assert!(browser.get("/link-proposals").await.text().contains(&format!("/link-proposals/{id}\"")));
    assert_eq!(api.person(&first).await.json()["linked_people"], crate::support::json!([]));
}
