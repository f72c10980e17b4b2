//! The forms refuse what cannot be (issue 11, item 7) the GOV.UK way: the page again, 422, the problem named at its
//! field, and nothing changed.

use crate::support::{AgencyKind, Role, StatusCode, TestApp};

#[tokio::test]
async fn reporting_someone_already_missing_links_to_their_open_episode() {
    let app = TestApp::spawn().await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let token = officer.report_form().await.csrf_token();
    let child = app.world.child.to_string();
    let report = [
        ("csrf_token", token.as_str()),
        ("person", child.as_str()),
        ("went_day", "1"),
        ("went_month", "6"),
        ("went_year", "2026"),
        ("went_time", "11:30"),
        ("missing_from", "home"),
    ];
    let refused = officer.submit_report(&report).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text();
    assert!(page.contains("This person is already missing"), "{page}");
    assert!(page.contains(&format!(r#"href="/episodes/{}""#, app.world.episode)), "links to the open episode");
    assert!(page.contains(r##"href="#person_id""##) && page.contains(r#"id="person_id""#), "the summary finds it");

    let unborn = [("went_year", "2011"), ("person", child.as_str())];
    let report: Vec<_> = report.iter().filter(|(k, _)| *k != "went_year").copied().chain(unborn).collect();
    let refused = officer.submit_report(&report).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("before the person&#39;s date of birth"), "{}", refused.text());
}

#[tokio::test]
async fn a_profile_of_the_other_type_is_saved_only_when_the_replacement_is_confirmed() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let carer = app.browser_with_user(Role::CareStaff, AgencyKind::CareProvider).await;
    let token = carer.profile_page(child, "").await.csrf_token();
    let philomena = [("csrf_token", token.as_str()), ("kind", "philomena"), ("places_frequented", "Skate park")];
    assert_eq!(carer.submit_profile(child, &philomena).await.status, StatusCode::SEE_OTHER);
    let herbert_page = carer.profile_page(child, "?kind=herbert").await.text();
    assert!(herbert_page.contains("Yes, replace the"), "the page asks before replacing the Philomena profile");
    let herbert = [("csrf_token", token.as_str()), ("kind", "herbert"), ("nickname", "Synth")];
    let refused = carer.submit_profile(child, &herbert).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains(r##"href="#replace_type""##), "{}", refused.text());
    let confirmed: Vec<_> = herbert.iter().copied().chain([("replace_type", "yes")]).collect();
    assert_eq!(carer.submit_profile(child, &confirmed).await.status, StatusCode::SEE_OTHER);
    assert!(!carer.profile_page(child, "").await.text().contains("Yes, replace the"), "now a Herbert profile");
}
