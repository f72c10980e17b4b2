//! While a long job (an import, the national seed) holds the database's writer, a request that needs it waits its
//! turn for a bounded time and is then told to try again (503 with `Retry-After`), changing nothing, rather than
//! failing with a 500 or hanging; reads go on being answered, audited reads included (their events are spooled and
//! sealed onto the audit chain once the job is done).

use crate::support::{AgencyKind, Role, StatusCode, TestApp, json};

#[tokio::test]
async fn a_write_behind_a_long_job_is_told_to_try_again_and_changes_nothing_while_reads_are_answered() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let browser = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let form = browser.alert_emails_page("").await;
    let token = form.csrf_token();

    // A long job holds the writer, as an import does, for longer than a request waits.
    let job = app.world.core.store().begin().await.expect("the writer");
    let started = std::time::Instant::now();
    let refused = officer.choose_alert_emails(json!({"kinds": ["not_assessed"]})).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    assert_eq!(refused.json()["error"]["code"], "busy");
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "waited a bounded time");
    let page = browser.submit_alert_emails(&[("csrf_token", &token), ("kind", "review_overdue")]).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.text());
    assert!(page.headers.contains_key("retry-after") && page.text().contains("Homeward is busy"));
    // Reads are answered meanwhile, a read of a personal record too, promptly: its audit event, on disk before the
    // answer, waits in the spool rather than for the job.
    assert_eq!(officer.alert_emails().await.status, StatusCode::OK);
    let started = std::time::Instant::now();
    assert_eq!(officer.episode(app.world.episode).await.status, StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "an audited read does not wait for the job");
    drop(job);

    assert_eq!(officer.alert_emails().await.json()["kinds"], json!([]), "nothing was changed");
    let after = officer.choose_alert_emails(json!({"kinds": ["not_assessed"]})).await;
    assert_eq!(after.status, StatusCode::OK, "the job done, it goes through");
}
