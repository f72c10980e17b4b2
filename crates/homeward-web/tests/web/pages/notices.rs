//! Issue 17 items 5 and 6 through the pages: a children's home records its notification to Ofsted from its list,
//! with the error summary on a bad time; a police officer records an abduction warning notice from an associate's
//! page.

use time::Duration;

use crate::api::intel::{WHY, named_in_records};
use crate::support::{Role, StatusCode, TestApp, WorldAgency, json};

#[tokio::test]
async fn a_home_records_its_notification_to_ofsted_through_the_form() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    let back = app.core().now().plus(Duration::hours(-3)).to_rfc3339();
    let returned = officer.record_return(app.world.episode, json!({"returned_at": back, "outcome": "returned_self"}));
    assert_eq!(returned.await.status, StatusCode::OK);
    let went = app.core().now().plus(Duration::hours(-1)).to_rfc3339();
    let report = json!({"person_id": app.world.child.to_string(), "went_missing_at": went,
        "missing_from": "childrens_home"});
    assert_eq!(officer.report_episode(report).await.status, StatusCode::CREATED);

    let browser = app.browser_with_user(Role::CareStaff, WorldAgency::Carer).await;
    assert!(browser.get("/").await.text().contains("href=\"/ofsted-notifications\""));
    let list = browser.get("/ofsted-notifications").await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.text();
    assert!(list.contains("Police called: reported missing"), "{list}");
    let id = list
        .split("href=\"/ofsted-notifications/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a notification to record")
        .to_owned();
    let form = browser.get(&format!("/ofsted-notifications/{id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let path = format!("/ofsted-notifications/{id}");
    let wrong =
        browser.post_form(&path, &[("csrf_token", &token), ("notified_day", "31"), ("notified_month", "2")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().contains("href=\"#notified_at\""), "the error summary names the field");

    let now = homeward_core::domain::time::london(app.core().now());
    let (day, month, year) = (now.day().to_string(), u8::from(now.month()).to_string(), now.year().to_string());
    let time = format!("{}:{:02}", now.hour(), now.minute());
    let recorded = browser
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("notified_day", &day),
                ("notified_month", &month),
                ("notified_year", &year),
                ("notified_time", &time),
                ("reference", "OFS-9"),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.text());
    let shown = browser.get(recorded.location()).await.text();
    assert!(shown.contains("Your notification to Ofsted has been recorded"));
    assert!(browser.get("/ofsted-notifications?all=true").await.text().contains("reference OFS-9"));

    // The police do not open a home's notifications.
    let police = app.browser_with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    assert_eq!(police.get("/ofsted-notifications").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_officer_records_an_abduction_notice_from_the_associates_page() {
    let app = TestApp::spawn().await;
    named_in_records(&app).await;
    let child = app.world.child.to_string();
    let browser = app.browser_with_user(Role::PoliceSupervisor, WorldAgency::ForceA).await;
    let network = browser.get(&format!("/people/{child}/network?steps=1&{WHY}")).await.text();
    let dan = network
        .split("href=\"/associates/")
        .nth(1)
        .and_then(|rest| rest.split(['?', '"']).next())
        .expect("an associate")
        .to_owned();
    let page = browser.get(&format!("/associates/{dan}?{WHY}")).await.text();
    let new = format!("/abduction-notices/new?associate_id={dan}");
    assert!(page.contains(&format!("href=\"{new}\"")), "the associate's page offers a notice");
    let form = browser.get(&new).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains(&format!("value=\"{dan}\"")));
    let token = form.csrf_token();
    let today = app.core().now().date().to_string();
    let form = |expires: &'static str| {
        [
            ("csrf_token", token.clone()),
            ("associate_id", dan.clone()),
            ("child_id", child.clone()),
            ("served_on", today.clone()),
            ("expires_on", expires.to_owned()),
        ]
    };
    let wrong = form("2001-01-01");
    let wrong = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>();
    let refused = browser.post_form("/abduction-notices/new", &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("href=\"#expires_on\""));
    let right = form("2099-01-01");
    let right = right.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>();
    let recorded = browser.post_form("/abduction-notices/new", &right).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.text());
    let shown = browser.get(recorded.location()).await.text();
    assert!(shown.contains("The notice has been recorded") && shown.contains("In force"));
}
