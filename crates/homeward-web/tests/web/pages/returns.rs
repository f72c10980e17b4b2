//! The Returns page: linked from the figures, a GOV.UK form for which file and period, errors named, and the CSV
//! downloaded whole (more rows than any page of a list holds), audited; only for those who write returns.

use crate::support::{AgencyKind, Role, StatusCode, TestApp};

const JUNE: &str = "from_day=1&from_month=6&from_year=2026&to_day=30&to_month=6&to_year=2026";

#[tokio::test]
async fn a_councils_senior_manager_downloads_its_returns_whole() {
    let app = TestApp::spawn().await;
    // More of the council's children missing than a list's largest page (200) holds.
    for _ in 0..210 {
        app.world.add_missing_child(time::macros::date!(2012 - 03 - 04)).await;
    }
    let manager = app.browser_with_user(Role::LaSeniorManager, AgencyKind::LocalAuthority).await;
    assert!(manager.figures_page("").await.text().contains(r#"href="/returns""#), "linked from the figures");

    let page = manager.get("/returns").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(
        text.contains(r#"value="annex-a""#)
            && text.contains(r#"value="ssd""#)
            && text.contains(r#"value="rhi-figures""#)
    );
    assert!(!text.contains(r#"value="research""#), "the research extract is for analysts");
    assert!(!text.contains("Your file is ready"));

    let page = manager.get(&format!("/returns?kind=ssd&{JUNE}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let href = "/returns/ssd?from=2026-06-01&#38;to=2026-06-30&#38;la=E0000000X";
    assert!(page.text().contains(&format!(r#"href="{href}" download>"#)), "{}", page.text());

    let head = app.audit_head().await;
    let csv = manager.get("/returns/ssd?from=2026-06-01&to=2026-06-30").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        r#"attachment; filename="ssd-E0000000X-2026-06-01-to-2026-06-30.csv""#
    );
    let text = csv.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "miss_table_id,miss_person_id,miss_missing_episode_start_date,miss_missing_episode_type,\
             miss_missing_episode_end_date,miss_missing_rhi_offered,miss_missing_rhi_accepted"
        )
    );
    assert_eq!(lines.count(), 211, "the world's child and the 210 more, none capped");
    assert!(text.contains(&format!("{},{},2026-06-01,Missing,,NA,NA", app.world.episode, app.world.child)));
    assert_eq!(app.written_since(head).await, ["return.written"]);

    let annex = manager.get("/returns/annex-a?from=2026-06-01&to=2026-06-30").await.text();
    assert!(annex.starts_with("Child Unique ID,Gender,Date of Birth,"));
    assert_eq!(annex.lines().count(), 212);
    let figures = manager.get("/returns/rhi-figures?from=2026-06-01&to=2026-06-30").await.text();
    assert!(figures.contains("\nincidents,Missing incidents of those children,211\n"), "{figures}");
}

#[tokio::test]
async fn bad_choices_are_named_and_write_nothing() {
    let app = TestApp::spawn().await;
    let manager = app.browser_with_user(Role::LaSeniorManager, AgencyKind::LocalAuthority).await;
    let head = app.audit_head().await;
    for (query, message) in [
        (format!("?{JUNE}"), "Choose which file to download"),
        (
            "?kind=annex-a&from_day=31&from_month=2&from_year=2026&to_day=1&to_month=3&to_year=2026".to_owned(),
            "Enter a real start date",
        ),
        (
            "?kind=ssd&from_day=1&from_month=7&from_year=2026&to_day=1&to_month=6&to_year=2026".to_owned(),
            "Enter a real end date",
        ),
        ("?kind=research&k=50".to_owned(), "Choose which file to download"),
    ] {
        let page = manager.get(&format!("/returns{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let text = page.text();
        assert!(text.contains("govuk-error-summary") && text.contains(message), "{query}: {message}");
    }
    let backwards = manager.get("/returns/annex-a?from=2026-06-30&to=2026-06-01").await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other = manager.get("/returns/annex-a?from=2026-06-01&to=2026-06-30&la=E0000000Y").await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another council's return");
    assert_eq!(manager.get("/returns/research?k=5").await.status, StatusCode::FORBIDDEN);
    assert_eq!(manager.get("/returns/nonsense").await.status, StatusCode::NOT_FOUND);
    assert!(app.written_since(head).await.is_empty(), "refusals are audited as such, nothing else is written");

    let worker = app.browser_with_user(Role::SocialWorker, AgencyKind::LocalAuthority).await;
    assert_eq!(worker.get("/returns").await.status, StatusCode::FORBIDDEN);
    assert_eq!(worker.get("/returns/ssd?from=2026-06-01&to=2026-06-30").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn analysts_download_the_research_extract_with_rare_people_suppressed() {
    let app = TestApp::spawn().await;
    let analyst = app.browser_with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let page = analyst.get("/returns").await.text();
    assert!(page.contains(r#"value="research""#) && page.contains(r#"value="rhi-figures""#));
    assert!(
        !page.contains(r#"value="annex-a""#) && !page.contains(r#"value="ssd""#),
        "a child's id is not for analysts"
    );
    let bad_k = analyst.get(&format!("/returns?kind=research&k=1&{JUNE}")).await;
    assert_eq!(bad_k.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_k.text().contains("Enter k as a whole number from 2 to 1000"));
    let ready = analyst.get(&format!("/returns?kind=research&k=2&{JUNE}")).await;
    assert!(ready.text().contains(r#"href="/returns/research?from=2026-06-01&#38;to=2026-06-30&#38;k=2" download>"#));
    let csv = analyst.get("/returns/research?from=2026-06-01&to=2026-06-30&k=2").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-disposition"), r#"attachment; filename="research-k2.csv""#);
    // One child is fewer than two people: suppressed, whatever is generalised.
    assert_eq!(csv.text().lines().count(), 1, "{}", csv.text());
    assert!(csv.text().starts_with("pseudonym,age_band,sex,looked_after,month_missing,found_postcode_district,"));
}
