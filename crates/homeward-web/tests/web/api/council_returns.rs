//! `GET /api/v1/returns/{kind}`: the same files as the command line and the Returns page, as CSV, for those who
//! write them, with bad fields named in the error envelope.

use crate::support::{AgencyKind, Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn returns_are_csv_for_their_writers_and_bad_fields_are_named() {
    let app = TestApp::spawn().await;
    let analyst = app.with_user(Role::Analyst, AgencyKind::LocalAuthority).await;
    let coordinator = app.with_user(Role::LaCoordinator, AgencyKind::LocalAuthority).await;
    let june = "from=2026-06-01&to=2026-06-30&la=E0000000X";
    let ssd = coordinator.get(&format!("/api/v1/returns/ssd?{june}")).await;
    assert_eq!(ssd.status, StatusCode::OK);
    assert_eq!(ssd.header("content-type"), "text/csv; charset=utf-8");
    let text = ssd.text();
    assert!(text.starts_with("miss_table_id,miss_person_id,"));
    assert_eq!(text.lines().count(), 2, "the world's child's episode");
    // A council's return never names anyone.
    assert!(!text.contains("Test") && !text.contains("Child,"));
    // It identifies the child by council id and date of birth, so analysts, who get figures and pseudonymised
    // extracts only (CONTRACT.md), are refused it.
    for kind in ["ssd", "annex-a"] {
        let refused = analyst.get(&format!("/api/v1/returns/{kind}?{june}")).await;
        refused.assert_error(StatusCode::FORBIDDEN, "forbidden");
    }
    let figures = analyst.get(&format!("/api/v1/returns/rhi-figures?{june}")).await.text();
    assert!(figures.starts_with("figure,description,value\nchildren,Individual children who went missing,1\n"));

    analyst.get("/api/v1/returns/nonsense").await.assert_error(StatusCode::NOT_FOUND, "not_found");
    let other = coordinator.get("/api/v1/returns/annex-a?from=2026-06-01&to=2026-06-30&la=E0000000Y").await;
    other.assert_error(StatusCode::FORBIDDEN, "forbidden");
    for (path, fields) in [
        ("/api/v1/returns/annex-a?from=2026-06-01&to=2026-06-30", vec!["la"]),
        ("/api/v1/returns/ssd?from=2026-13-01&la=NOWHERE!", vec!["from", "la", "to"]),
        ("/api/v1/returns/ssd?from=2026-06-01&to=2026-06-30&la=E9999999Z", vec!["la"]),
    ] {
        assert_eq!(coordinator.get(path).await.invalid_fields(), fields, "{path}");
    }
    assert_eq!(analyst.get("/api/v1/returns/research?k=1").await.invalid_fields(), ["k"]);
    let officer = app.with_user(Role::PoliceOfficer, WorldAgency::ForceA).await;
    officer.get(&format!("/api/v1/returns/annex-a?{june}")).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    officer.get("/api/v1/returns/research").await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    app.anonymous().get("/api/v1/returns/research").await.assert_error(StatusCode::UNAUTHORIZED, "unauthenticated");

    let doc = app.anonymous().openapi().await.json();
    assert!(doc["paths"]["/api/v1/returns/{kind}"]["get"]["responses"]["200"]["content"]["text/csv"].is_object());
}
