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

#[tokio::test]
async fn a_reporter_is_shown_a_record_already_held_and_reports_for_it_or_records_a_new_person() {
    let app = TestApp::spawn().await;
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let token = officer.report_form().await.csrf_token();
    let report = |given: &'static str, day: &'static str| {
        vec![
            ("given_name", given),
            ("family_name", "Fairclough"),
            ("dob_day", day),
            ("dob_month", "3"),
            ("dob_year", "2011"),
            ("sex", "F"),
            ("went_day", "1"),
            ("went_month", "6"),
            ("went_year", "2026"),
            ("went_time", "11:30"),
            ("missing_from", "home"),
        ]
    };
    fn with_token<'a>(mut fields: Vec<(&'a str, &'a str)>, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        fields.extend_from_slice(extra);
        fields
    }
    let first = officer.submit_report(&with_token(report("Tamsin", "4"), &[("csrf_token", token.as_str())])).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "nothing like her held: recorded at once");
    let held_episode = first.location().trim_start_matches("/episodes/").trim_end_matches("?reported=1").to_owned();
    let held = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await.episode(&held_episode).await.json();
    let held = held["person"]["id"].as_str().expect("a person").to_owned();
    // She comes back and goes missing again, reported with her name in capitals: the page asks first.
    let again = with_token(report("TAMSIN", "4"), &[("csrf_token", token.as_str())]);
    let asked = officer.submit_report(&again).await;
    assert_eq!(asked.status, StatusCode::OK, "shown, not recorded");
    let text = asked.text();
    assert!(
        text.contains("Is this someone already recorded?") && text.contains("Tamsin Fairclough, born 4 March 2011")
    );
    assert!(text.contains(&format!("value=\"{held}\"")) && text.contains("None of these: record a new person"));
    assert!(text.contains("Date of birth: the same."), "how each field compared");
    // Sent on without a choice, it asks again with an error.
    let unchosen = officer.submit_report(&with_token(again.clone(), &[("matches_shown", "yes")])).await;
    assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unchosen.text().contains("href=\"#match_choice\""));
    // Her record chosen, the episode is hers: nobody new is recorded. Her first episode is still open, so the report
    // is refused as the one already missing, pointing at it, which shows it went to her record.
    let chosen = officer.submit_report(&with_token(again.clone(), &[("match_choice", held.as_str())])).await;
    assert!(chosen.text().contains(&format!("/episodes/{held_episode}")), "{}", chosen.status);
    // A different person (her twin) is recorded new when the reporter says none of these is them.
    let twin = with_token(report("Maisie", "4"), &[("csrf_token", token.as_str())]);
    let recorded = officer.submit_report(&twin).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "a twin is not offered as a match");
    let new = officer.submit_report(&with_token(again, &[("match_choice", "new")])).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER, "recorded as a new person when the reporter says so");
    let forged = officer.submit_report(&with_token(report("Tamsin", "4"), &[("match_choice", "not-an-id")])).await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST, "no CSRF token, nothing recorded");
}
