//! The web interface through its real forms: sign-in with CSRF, cookies, security headers, scoped pages.

use homeward_store_tests::backends;
use homeward_store_tests::world::{PASSWORD, World};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};

struct Browser {
    address: String,
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
    world: World,
    _db: backends::TestDatabase,
}

impl Browser {
    async fn open() -> Self {
        let db = backends::sqlite().await;
        let world = World::build(db.store.clone()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let app = homeward_web::app(world.core.clone(), &homeward_web::WebConfig::default());
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
        Self { address, client, cookies: Vec::new(), world, _db: db }
    }

    fn remember(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(SET_COOKIE) {
            let text = value.to_str().expect("ASCII");
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() && !text.contains("Max-Age=0") {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn get(&mut self, path: &str) -> (StatusCode, HeaderMap, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("answers");
        let (status, headers) = (response.status(), response.headers().clone());
        self.remember(&headers);
        (status, headers, response.text().await.expect("text"))
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, HeaderMap, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .expect("answers");
        let (status, headers) = (response.status(), response.headers().clone());
        self.remember(&headers);
        (status, headers, response.text().await.expect("text"))
    }

    /// The CSRF token in the page's form.
    fn token(html: &str) -> String {
        let start = html.find("name=\"csrf_token\" value=\"").expect("a CSRF field") + 25;
        html[start..].split('"').next().expect("a value").to_owned()
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> (StatusCode, HeaderMap, String) {
        let (_, _, page) = self.get("/sign-in").await;
        let token = Self::token(&page);
        self.post("/sign-in", &[("email", email), ("password", password), ("csrf_token", &token)]).await
    }

    fn has_session(&self) -> bool {
        self.cookies.iter().any(|(n, _)| n == "homeward_session")
    }
}

fn location(headers: &HeaderMap) -> &str {
    headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn pages_need_sign_in_and_carry_security_headers() {
    let mut browser = Browser::open().await;
    let (status, headers, _) = browser.get("/").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/sign-in");
    let (status, headers, page) = browser.get("/sign-in").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("govuk-template") && page.contains("Sign in to Homeward"));
    let csp = headers["content-security-policy"].to_str().expect("text");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(!page.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn sign_in_needs_the_csrf_token_and_the_right_password() {
    let mut browser = Browser::open().await;
    let email = "worker.x@test.example";
    let (status, _, _) = browser.post("/sign-in", &[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no CSRF token, no sign-in");
    assert!(!browser.has_session());
    let (_, _, page) = browser.get("/sign-in").await;
    let (status, _, _) = browser
        .post("/sign-in", &[("email", email), ("password", PASSWORD), ("csrf_token", "forged-token-value")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a wrong CSRF token, no sign-in");
    assert!(!browser.has_session() && page.contains("csrf_token"));

    let (status, _, page) = browser.sign_in(email, "the wrong password entirely").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("govuk-error-summary") && page.contains("Enter a correct email address and password"));
    assert!(!browser.has_session());
    let (_, _, unknown) = browser.sign_in("nobody@test.example", "the wrong password entirely").await;
    assert!(unknown.contains("Enter a correct email address and password"), "unknown emails fail alike");

    let (status, headers, _) = browser.sign_in(email, PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/");
    let cookie = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().expect("ASCII"))
        .find(|c| c.starts_with("homeward_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback");
    let (status, _, home) = browser.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Signed in as") && home.contains("Missing now"));
    let events = browser.world.core.store().audit_events_after(0, 1_000).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.action == "session.sign_in_failed").count(), 2);
    assert!(events.iter().any(|e| e.action == "session.signed_in"));
}

#[tokio::test]
async fn pages_are_scoped_and_reads_are_audited() {
    let mut browser = Browser::open().await;
    browser.sign_in("coordinator.y@test.example", PASSWORD).await;
    let (status, _, list) = browser.get("/episodes").await;
    assert_eq!(status, StatusCode::OK);
    let id = browser.world.episode.to_string();
    assert!(list.contains(&format!("/episodes/{id}")), "the host council sees its out-of-area child");
    let (status, _, page) = browser.get(&format!("/episodes/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for heading in ["Person", "Episode", "Risk", "Timeline"] {
        assert!(page.contains(&format!(">{heading}</h2>")), "{heading}");
    }
    let events = browser.world.core.store().audit_events_after(0, 1_000).await.expect("events");
    assert!(events.iter().any(|e| e.action == "episode.read" && e.target_id.as_deref() == Some(id.as_str())));
    let (status, _, filtered) = browser.get("/episodes?status=returned").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!filtered.contains(&format!("/episodes/{id}")));
    let (status, _, bad) = browser.get("/episodes?status=absent").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("govuk-error-summary"));

    let mut other = Browser::open().await;
    other.sign_in("analyst@test.example", PASSWORD).await;
    let id = other.world.episode.to_string();
    let (status, _, page) = other.get(&format!("/episodes/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Page not found") && page.contains("Reference:"));
    assert!(page.contains("Sign out"), "a signed-in person keeps their header on an error page");
    let (status, _, _) = other.get("/episodes").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = other.get("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sign_out_needs_its_token_and_ends_the_session() {
    let mut browser = Browser::open().await;
    browser.sign_in("officer.a@test.example", PASSWORD).await;
    let (_, _, home) = browser.get("/").await;
    let (status, _, _) = browser.post("/sign-out", &[("csrf_token", "not-the-token")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = browser.get("/").await;
    assert_eq!(status, StatusCode::OK, "a forged sign-out changes nothing");
    let session = browser.cookies.clone();
    let (status, headers, _) = browser.post("/sign-out", &[("csrf_token", &Browser::token(&home))]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/sign-in?signed_out=1");
    browser.cookies = session;
    let (status, headers, _) = browser.get("/episodes").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the old cookie no longer works");
    assert!(location(&headers).starts_with("/sign-in"));
}

#[tokio::test]
async fn the_api_accepts_a_signed_in_session() {
    let mut browser = Browser::open().await;
    browser.sign_in("officer.a@test.example", PASSWORD).await;
    let (status, _, body) = browser.get("/api/v1/episodes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&browser.world.episode.to_string()));
}

#[tokio::test]
async fn a_session_cannot_change_anything_through_the_api_without_its_csrf_token() {
    let mut browser = Browser::open().await;
    browser.sign_in("officer.a@test.example", PASSWORD).await;
    let url = format!("{}/api/v1/episodes/{}/risk-assessments", browser.address, browser.world.episode);
    let response = browser
        .client
        .post(&url)
        .header("cookie", browser.cookie_header())
        .json(&serde_json::json!({"grade": "high", "rationale": "From another site"}))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_officer_reports_an_episode_records_an_assessment_and_the_council_acknowledges_its_alert() {
    let mut browser = Browser::open().await;
    browser.sign_in("officer.a@test.example", PASSWORD).await;
    let (status, _, form) = browser.get("/episodes/new").await;
    assert_eq!(status, StatusCode::OK);
    let token = Browser::token(&form);
    let council = browser.world.council_x.id.to_string();
    let report = [
        ("csrf_token", token.as_str()),
        ("given_name", "Synthetic"),
        ("family_name", "Twelve"),
        ("dob_day", "1"),
        ("dob_month", "1"),
        ("dob_year", "2014"),
        ("sex", "M"),
        ("responsible_la", council.as_str()),
        ("went_day", "1"),
        ("went_month", "6"),
        ("went_year", "2026"),
        ("went_time", "11:30"),
        ("missing_from", "home"),
    ];
    let (status, headers, _) = browser.post("/episodes/new", &report).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let episode = location(&headers).trim_start_matches("/episodes/").trim_end_matches("?reported=1").to_owned();
    let (status, _, page) = browser.get(&format!("/episodes/{episode}?reported=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("The episode has been reported") && page.contains("1 June 2026, 11:30am"), "UK time kept");

    let assess = [("csrf_token", token.as_str()), ("grade", "low"), ("rationale", "Back soon, says mum.")];
    let (status, headers, _) = browser.post(&format!("/episodes/{episode}/assess"), &assess).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{headers:?}");
    let (_, _, page) = browser.get(&format!("/episodes/{episode}")).await;
    assert!(page.contains("Risk: Medium"), "a 12-year-old is never below medium");
    let (status, _, page) = browser
        .post(&format!("/episodes/{episode}/assess"), &[("csrf_token", token.as_str()), ("grade", "absent")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("govuk-error-summary") && page.contains("absent"));
    let (status, _, _) =
        browser.post(&format!("/episodes/{episode}/assess"), &[("grade", "high"), ("rationale", "x")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no CSRF token, no change");

    let (status, _, page) =
        browser.post("/episodes/new", &[("csrf_token", token.as_str()), ("went_time", "25:99")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter a real date of birth") && page.contains("Select where they went missing from"));

    browser.cookies.clear();
    let council_browser = &mut browser;
    council_browser.sign_in("manager.x@test.example", PASSWORD).await;
    let (_, _, home) = council_browser.get("/").await;
    let (_, _, record) = council_browser.get(&format!("/episodes/{episode}/assess")).await;
    let high =
        [("csrf_token", Browser::token(&record)), ("grade", "high".into()), ("rationale", "Known to gangs.".into())];
    let high: Vec<(&str, &str)> = high.iter().map(|(k, v)| (*k, v.as_str())).collect();
    council_browser.post(&format!("/episodes/{episode}/assess"), &high).await;
    let (_, _, home_after) = council_browser.get("/").await;
    assert!(!home.contains("A child is graded high risk"));
    assert!(home_after.contains("A child is graded high risk"));
    let alert_id =
        home_after.split("/alerts/").nth(1).and_then(|rest| rest.split('/').next()).expect("an alert form").to_owned();
    let token = Browser::token(&home_after);
    let (status, headers, _) = council_browser
        .post(
            &format!("/alerts/{alert_id}/acknowledge"),
            &[("csrf_token", token.as_str()), ("note", "Senior manager told.")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/?acknowledged=1");
}

#[tokio::test]
async fn a_carer_prepares_a_profile_that_the_police_see_on_the_episode() {
    let mut browser = Browser::open().await;
    browser.sign_in("carer@test.example", PASSWORD).await;
    let path = format!("/people/{}/profile", browser.world.child);
    let (status, _, form) = browser.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("Philomena Protocol profile"), "a child gets Philomena by default");
    let token = Browser::token(&form);
    let fields = [
        ("csrf_token", token.as_str()),
        ("kind", "philomena"),
        ("physical_description", "Slim, long dark hair, small scar on left hand"),
        ("places_frequented", "Skate park by the station"),
    ];
    let (status, headers, _) = browser.post(&path, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), format!("{path}?saved=1"));
    let (_, _, saved) = browser.get(&format!("{path}?saved=1")).await;
    assert!(saved.contains("saved as version 1") && saved.contains("Skate park by the station"));

    browser.cookies.clear();
    browser.sign_in("officer.a@test.example", PASSWORD).await;
    let (_, _, episode) = browser.get(&format!("/episodes/{}", browser.world.episode)).await;
    assert!(episode.contains(">Philomena Protocol profile</h2>") && episode.contains("small scar on left hand"));
    let (status, _, _) = browser.post(&path, &[("csrf_token", "x"), ("kind", "philomena")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn analysts_read_the_figures_as_charts_and_tables_and_download_them() {
    let mut browser = Browser::open().await;
    browser.sign_in("analyst@test.example", PASSWORD).await;
    let (_, _, home) = browser.get("/").await;
    assert!(home.contains(r#"href="/figures""#), "the analyst has a link to the figures");

    // With no period chosen, the last 12 complete months: the clock stands at 1 June 2026.
    let (status, _, page) = browser.get("/figures").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 June 2025 to 31 May 2026") && page.contains(r#"value="2025""#), "the default period");
    assert!(page.contains(r#"aria-current="page">Figures<"#));

    let june = "/figures?from_day=1&from_month=6&from_year=2026&to_day=30&to_month=6&to_year=2026&agency=E0000000X";
    let (status, _, page) = browser.get(june).await;
    assert_eq!(status, StatusCode::OK);
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
        ("from_day=31&from_month=2&from_year=2026&to_day=1&to_month=3&to_year=2026", "Enter a real start date"),
        ("from_day=1&from_month=7&from_year=2026&to_day=1&to_month=6&to_year=2026", "End date must be the same as"),
        ("from_day=1&from_month=6&from_year=2026&to_day=30&to_month=6&to_year=2026&agency=FA", "Your role cannot do"),
    ] {
        let (status, _, page) = browser.get(&format!("/figures?{query}")).await;
        assert!(page.contains(message), "{query}: {message}");
        let expected =
            if message.starts_with("Your role") { StatusCode::FORBIDDEN } else { StatusCode::UNPROCESSABLE_ENTITY };
        assert_eq!(status, expected, "{query}");
    }

    let (status, headers, csv) = browser.get("/figures.csv?from=2026-06-01&to=2026-06-30").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(headers["content-disposition"], r#"attachment; filename="key-figures-2026-06-01-to-2026-06-30.csv""#);
    assert!(csv.starts_with("figure,value\nincidents,1\nindividuals,1\n") && csv.contains("\nrisk.unassessed,1\n"));
    let (status, _, _) = browser.get("/figures.csv?from=2026-06-31&to=2026-06-30").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Police officers have their figures through the API, not this page.
    let mut officer = Browser::open().await;
    officer.sign_in("officer.a@test.example", PASSWORD).await;
    let (_, _, home) = officer.get("/").await;
    assert!(!home.contains(r#"href="/figures""#));
    assert_eq!(officer.get("/figures").await.0, StatusCode::FORBIDDEN);
    assert_eq!(officer.get("/figures.csv?from=2026-06-01&to=2026-06-30").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_offer_what_the_core_allows_and_nothing_more() {
    let mut browser = Browser::open().await;
    let core = browser.world.core.clone();
    let officer = browser.world.actor("officer.a@test.example");
    let back = homeward_core::services::NewReturn::parse(&homeward_core::services::ReturnInput {
        returned_at: &core.now().to_rfc3339(),
        outcome: "returned_self",
        ..homeward_core::services::ReturnInput::default()
    })
    .expect("valid");
    let (_, interview) = core.record_return(&officer, browser.world.episode, back).await.expect("returned");
    let interview = interview.expect("created").id;
    let practitioner = browser.world.user("practitioner@test.example").id;
    let council = browser.world.actor("worker.x@test.example");
    core.assign_interview(&council, interview, practitioner).await.expect("assigned");
    let page = format!("/return-interviews/{interview}");

    browser.sign_in("practitioner@test.example", PASSWORD).await;
    let (_, _, theirs) = browser.get(&page).await;
    assert!(theirs.contains("Record the outcome") && !theirs.contains("Assign the interview"));
    let token = Browser::token(&theirs);
    let id = practitioner.to_string();
    let (status, _, _) =
        browser.post(&format!("{page}/assign"), &[("csrf_token", &token), ("practitioner_id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not offered, and not accepted either");

    browser.cookies.clear();
    browser.sign_in("coordinator.y@test.example", PASSWORD).await;
    let (_, _, hosts) = browser.get(&page).await;
    assert!(hosts.contains("Assign the interview"), "the host council assigns too");

    browser.cookies.clear();
    browser.sign_in("officer.a@test.example", PASSWORD).await;
    let (_, _, profile) = browser.get(&format!("/people/{}/profile", browser.world.child)).await;
    assert!(!profile.contains("Save a new version") && !profile.contains("Upload photograph"));
    assert!(profile.contains("you may read it"), "the police read the profile its keepers keep");
}
