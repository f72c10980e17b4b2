//! Helpline and self-referral contacts on the pages (issue 17, item 3), without JavaScript: a provider logs a
//! contact through the form (errors shown again, 422, nothing written), the council reads it from its alert and
//! links it to the child through the form; it then shows on the child's record.

use crate::support::{Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn a_provider_logs_a_shared_contact_and_the_council_links_it_to_the_child() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let provider = app.browser_with_user(Role::RhiPractitioner, WorldAgency::Interviews).await;
    let list = provider.get("/helpline-contacts").await.text();
    assert!(list.contains("href=\"/helpline-contacts\"") && list.contains("Log a contact"), "the navigation has it");
    let page = provider.get("/helpline-contacts/new").await;
    assert_eq!(page.status, StatusCode::OK);
    let token = page.csrf_token();

    let head = app.audit_head().await;
    let wrong = provider
        .post_form("/helpline-contacts/new", &[("csrf_token", &token), ("sharing", "consent"), ("asked", "Synthetic")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = wrong.text();
    assert!(text.contains("govuk-error-summary"));
    for field in ["contacted_at", "channel", "contact_by", "share_with"] {
        assert!(text.contains(&format!("href=\"#{field}\"")), "{field} is named");
    }
    assert_eq!(app.written_since(head).await, Vec::<String>::new(), "nothing was written");

    let now = homeward_core::domain::time::london(app.core().now().plus(time::Duration::hours(-1)));
    let (day, month, year) = (now.day().to_string(), u8::from(now.month()).to_string(), now.year().to_string());
    let at = format!("{:02}:{:02}", now.hour(), now.minute());
    let form = [
        ("csrf_token", token.as_str()),
        ("contacted_day", &day),
        ("contacted_month", &month),
        ("contacted_year", &year),
        ("contacted_time", &at),
        ("channel", "webchat"),
        ("contact_by", "self"),
        ("asked", "Synthetic: where can I go tonight"),
        ("sharing", "consent"),
        ("ground", ""),
        ("share_with", "E0000000X"),
    ];
    let logged = provider.post_form("/helpline-contacts/new", &form).await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text());
    let contact = logged.location().trim_end_matches("?logged=1").to_owned();
    assert!(provider.get(&contact).await.text().contains("Synthetic: where can I go tonight"));

    let council = app.browser_with_user(Role::SocialWorker, WorldAgency::CouncilX).await;
    let home = council.get("/").await.text();
    assert!(home.contains(&format!("href=\"{contact}\"")), "the council's alert leads to the contact");
    let page = council.get(&contact).await;
    let token = page.csrf_token();
    assert!(
        page.text().contains("Add it to a person&#x27;s record") || page.text().contains("Add it to a person's record")
    );
    let link = format!("{contact}/link");
    let wrong = council.post_form(&link, &[("csrf_token", &token), ("person_id", "nobody")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("href=\"#person_id\""));
    // A well-formed number naming no one the council holds is the form's error too, not the not-found page.
    let nobody = homeward_core::domain::ids::PersonId::random().to_string();
    let unknown = council.post_form(&link, &[("csrf_token", &token), ("person_id", &nobody)]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text().contains("names no one your council holds") && unknown.text().contains(&nobody));
    let linked = council.post_form(&link, &[("csrf_token", &token), ("person_id", &child.to_string())]).await;
    assert_eq!((linked.status, linked.location()), (StatusCode::SEE_OTHER, format!("{contact}?linked=1").as_str()));
    let record = council.get(&format!("/people/{child}/helpline")).await.text();
    assert!(record.contains(&format!("href=\"{contact}\"")), "on the child's record");
    // Linked to the wrong child, it is taken off their record from its page, and linked again.
    let linked_page = council.get(&contact).await.text();
    assert!(linked_page.contains(&format!("action=\"{contact}/unlink\"")), "{linked_page}");
    let undone = council.post_form(&format!("{contact}/unlink"), &[("csrf_token", &token)]).await;
    assert_eq!((undone.status, undone.location()), (StatusCode::SEE_OTHER, format!("{contact}?unlinked=1").as_str()));
    assert!(!council.get(&format!("/people/{child}/helpline")).await.text().contains(&format!("href=\"{contact}\"")));
    let again = council.post_form(&link, &[("csrf_token", &token), ("person_id", &child.to_string())]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);

    let carer = app.browser_with_user(Role::CareStaff, WorldAgency::Carer).await;
    assert_eq!(carer.get(&contact).await.status, StatusCode::NOT_FOUND, "care staff read no contact");
    let episode = carer.get(&format!("/episodes/{}", app.world.episode)).await.text();
    assert!(!episode.contains("/helpline\""), "nor are they offered the person's contacts");
    let other = app.browser_with_user(Role::LaCoordinator, WorldAgency::CouncilZ).await;
    assert_eq!(other.get(&contact).await.status, StatusCode::NOT_FOUND);
}
