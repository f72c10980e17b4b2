//! The home page as a worklist (issue 11, item 9): the agency's open alerts counted by kind with a link to each
//! kind's list, newest first a page at a time, and acknowledged several at once with one note, without JavaScript.

use crate::support::{AgencyKind, Role, StatusCode, TestApp};

/// The ids of the boxes to tick on a home page, in the page's order.
fn boxes(page: &str) -> Vec<String> {
    page.split(r#"name="alert" type="checkbox" value=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_home_page_groups_pages_and_acknowledges_alerts_together() {
    let app = TestApp::spawn().await;
    let made = app.world.add_worklists(60).await.alerts;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let home = officer.home().await;
    assert_eq!(home.status, StatusCode::OK);
    let text = home.text();
    assert!(text.contains("Open alerts by kind") && text.contains(r#"href="/?kind=review_overdue#alerts""#), "{text}");
    assert!(!text.contains("more, to be acknowledged"), "no silent cap");
    assert_eq!(text.matches(r#"name="note""#).count(), 1, "one note for the lot");
    let first_page = boxes(&text);
    assert_eq!(first_page.len(), 50);
    // The last two share a time: the later id comes first.
    let newest = made[58].id.to_string().max(made[59].id.to_string());
    assert_eq!(first_page[0], newest, "newest first");
    let next = text.split(r#"govuk-pagination__link" href=""#).nth(1).and_then(|r| r.split('"').next()).expect("next");
    let second = officer.get(&next.replace("&amp;", "&")).await.text();
    assert_eq!(boxes(&second).len(), 10, "the rest on the next page");
    let kind = officer.home_page("?kind=review_overdue").await.text();
    assert!(kind.contains("<strong>The risk review is overdue</strong> (listed below)"), "{kind}");
    assert_eq!(officer.home_page("?kind=strategy_meeting").await.text().matches(r#"type="checkbox""#).count(), 0);

    let token = home.csrf_token();
    let nothing = officer.submit_acknowledgements(&[("csrf_token", &token), ("note", "Reviewed.")]).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nothing.text().contains("Select the alerts you have dealt with")
            && nothing.text().contains(r##"href="#alert""##)
    );
    let (a, b) = (first_page[0].as_str(), first_page[1].as_str());
    let no_note = officer.submit_acknowledgements(&[("csrf_token", &token), ("alert", a), ("alert", b)]).await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_note.text().contains(r##"href="#note""##));
    assert_eq!(no_note.text().matches(" checked>").count(), 2, "the ticked boxes stay ticked");
    let form =
        [("csrf_token", token.as_str()), ("alert", a), ("alert", b), ("note", "Reviewed."), ("kind", "review_overdue")];
    let done = officer.submit_acknowledgements(&form).await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/?acknowledged=2&kind=review_overdue#alerts"));
    let after = officer.home_page("?acknowledged=2&kind=review_overdue").await.text();
    assert!(after.contains("2 alerts have been acknowledged"));
    assert!(!boxes(&after).contains(&a.to_owned()), "acknowledged alerts leave the list");
    let again = officer.submit_acknowledgements(&form).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "already acknowledged: nothing changes");
}

#[tokio::test]
async fn each_user_chooses_on_their_own_page_which_alerts_are_emailed_to_them() {
    let app = TestApp::spawn().await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let home = officer.home().await.text();
    assert!(home.contains(r#"href="/account/alert-emails""#));
    let page = officer.alert_emails_page("").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("never name the person") && text.matches(r#"name="kind" type="checkbox""#).count() > 10);
    let token = page.csrf_token();
    let saved = officer
        .submit_alert_emails(&[("csrf_token", &token), ("kind", "pnc_record_due"), ("kind", "not_assessed")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let after = officer.alert_emails_page("?saved=1").await.text();
    assert!(after.contains("has been saved"));
    assert!(
        after.contains(r#"value="pnc_record_due" checked"#) && !after.contains(r#"value="review_overdue" checked"#)
    );
    let forged = officer.submit_alert_emails(&[("csrf_token", "forged"), ("kind", "review_overdue")]).await;
    assert_ne!(forged.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_supervisor_chooses_the_daily_digest_and_an_officer_is_not_offered_it() {
    let app = TestApp::spawn().await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert!(!officer.alert_emails_page("").await.text().contains("daily_digest"), "not an officer's");
    let supervisor = app.browser_with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let page = supervisor.alert_emails_page("").await;
    assert!(page.text().contains(r#"name="daily_digest" type="checkbox" value="yes">"#), "offered, not chosen");
    let token = page.csrf_token();
    let saved = supervisor.submit_alert_emails(&[("csrf_token", &token), ("daily_digest", "yes")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(supervisor.alert_emails_page("?saved=1").await.text().contains(r#"value="yes" checked"#));
    supervisor.submit_alert_emails(&[("csrf_token", &token)]).await;
    assert!(!supervisor.alert_emails_page("").await.text().contains(r#"value="yes" checked"#), "unticked, stopped");
}

#[tokio::test]
async fn the_admin_sees_the_notifications_given_up_on_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let admin = app.browser_with_user(Role::Admin, AgencyKind::Police).await;
    assert!(admin.home().await.text().contains(r#"href="/notifications/given-up""#));
    let page = admin.given_up_page("").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("delivered or is still being tried"));
    assert_eq!(admin.given_up_page("?cursor=nonsense").await.status, StatusCode::OK, "a stray cursor: first page");

    // More than a page of them: every one is reached by following "Next page".
    give_up_emails(&app, 57).await;
    let mut seen = 0;
    let mut query = String::new();
    loop {
        let text = admin.given_up_page(&query).await.text();
        seen += text.matches("duty-").count();
        assert!(!text.contains("Jordan"), "no names: notifications carry none");
        let Some(next) = text.split(r#"href="/notifications/given-up?cursor="#).nth(1) else { break };
        query = format!("?cursor={}", next.split('"').next().expect("the cursor"));
    }
    assert_eq!(seen, 57);
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert!(!officer.home().await.text().contains("/notifications/given-up"));
    assert_eq!(officer.given_up_page("").await.status, StatusCode::FORBIDDEN);
}

/// Puts `count` emails of force A given up after every attempt straight into the outbox.
async fn give_up_emails(app: &TestApp, count: usize) {
    use homeward_core::domain::ids::{AlertId, NotificationId};
    use homeward_core::domain::notification::{AlertEvent, Channel, Event, Notification};
    let now = app.world.core.now();
    let agency = app.world.force_a.id;
    let notifications: Vec<Notification> = (0..count)
        .map(|i| Notification {
            id: NotificationId::random(),
            agency_id: agency,
            channel: Channel::Email,
            recipient: format!("duty-{i}@force-a.example"),
            event: Event::Alert(AlertEvent {
                delivery_id: format!("given-up-{i}"),
                alert_id: AlertId::random(),
                kind: homeward_core::domain::alert::AlertKind::NotAssessed,
                agency: "FA".into(),
                episode_id: None,
                record_kind: None,
                record_id: None,
                raised_at: now.to_rfc3339(),
            }),
            created_at: now,
            attempts: 8,
            next_attempt_at: now,
            delivered_at: None,
            gave_up_at: Some(now),
            last_error: Some("the SMTP server: 550 mailbox unavailable".into()),
        })
        .collect();
    let mut tx = app.world.core.store().begin().await.expect("tx");
    tx.enqueue_notifications(&notifications).await.expect("queued");
    tx.commit().await.expect("commit");
}
