//! The figures pages: charts with a table each, a CSV download, named errors, and only for those who may see them.

use crate::support::{AgencyKind, Role, StatusCode, TestApp};

#[tokio::test]
async fn analysts_read_the_figures_as_charts_and_tables_and_download_them() {
    let app = TestApp::spawn().await;
    let analyst = app.browser_with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    assert!(analyst.home().await.text().contains(r#"href="/figures""#), "the analyst has a link to the figures");

    // With no period chosen, the last 12 complete months: the clock stands at 1 June 2026.
    let page = analyst.figures_page("").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("1 June 2025 to 31 May 2026") && text.contains(r#"value="2025""#), "the default period");
    assert!(text.contains(r#"aria-current="page">Figures<"#));

    let june = "?from_day=1&from_month=6&from_year=2026&to_day=30&to_month=6&to_year=2026&agency=E0000000X";
    let page = analyst.figures_page(june).await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.text();
    assert_eq!(page.matches(r#"<svg class="app-chart__drawing" role="img" aria-label=""#).count(), 4);
    assert_eq!(page.matches("<title>").count(), 5, "the page's title and one per chart");
    assert!(
        page.split("</figure>").skip(1).all(|after| after.trim_start().starts_with("<table")),
        "a table after each chart"
    );
    assert!(!page.contains("style="), "no inline styles: the CSP would block them");
    assert!(page.contains(r#"href="/figures.csv?from=2026-06-01&#38;to=2026-06-30&#38;agency=E0000000X" download>"#));
    let incidents = page.split("<dt class=\"govuk-summary-list__key\">Incidents</dt>").nth(1).expect("incidents");
    assert!(incidents.trim_start().starts_with(r#"<dd class="govuk-summary-list__value app-figure-value">1</dd>"#));

    for (query, message) in [
        ("?from_day=31&from_month=2&from_year=2026&to_day=1&to_month=3&to_year=2026", "Enter a real start date"),
        ("?from_day=1&from_month=7&from_year=2026&to_day=1&to_month=6&to_year=2026", "End date must be the same as"),
        ("?from_day=1&from_month=6&from_year=2026&to_day=30&to_month=6&to_year=2026&agency=FA", "Your role cannot do"),
    ] {
        let page = analyst.figures_page(query).await;
        assert!(page.text().contains(message), "{query}: {message}");
        let expected =
            if message.starts_with("Your role") { StatusCode::FORBIDDEN } else { StatusCode::UNPROCESSABLE_ENTITY };
        assert_eq!(page.status, expected, "{query}");
    }

    let csv = analyst.figures_csv("?from=2026-06-01&to=2026-06-30").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(csv.header("content-disposition"), r#"attachment; filename="key-figures-2026-06-01-to-2026-06-30.csv""#);
    let csv = csv.text();
    assert!(csv.starts_with("figure,value\nincidents,1\nindividuals,1\n") && csv.contains("\nrisk.unassessed,1\n"));
    let backwards = analyst.figures_csv("?from=2026-06-31&to=2026-06-30").await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Police officers have their figures through the API, not this page.
    let officer = app.browser_with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    assert!(!officer.home().await.text().contains(r#"href="/figures""#));
    assert_eq!(officer.figures_page("").await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.figures_csv("?from=2026-06-01&to=2026-06-30").await.status, StatusCode::FORBIDDEN);
}
