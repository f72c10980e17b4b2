//! The API as a caller sees it: a real server on a random port with its own database, one typed helper per call.

use homeward_core::Actor;
use homeward_core::domain::user::Email;
use homeward_store_tests::backends;
use homeward_store_tests::world::World;
use reqwest::StatusCode;
use serde_json::Value;

struct TestApp {
    address: String,
    client: reqwest::Client,
    world: World,
    _db: backends::TestDatabase,
}

impl TestApp {
    async fn spawn() -> Self {
        let db = backends::sqlite().await;
        let world = World::build(db.store.clone()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let app = homeward_web::app(world.core.clone(), &homeward_web::WebConfig::default());
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
        Self { address, client: reqwest::Client::new(), world, _db: db }
    }

    /// A bearer token for the test world's user with this email.
    async fn token(&self, email: &str) -> String {
        let email = Email::parse(email).expect("valid");
        let (secret, _) = self.world.core.create_token(&Actor::operator("test"), &email, None).await.expect("issued");
        secret.expose().to_owned()
    }

    async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("the server answers")
    }

    async fn get_json(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let response = self.get(path, token).await;
        let status = response.status();
        (status, response.json().await.expect("a JSON body"))
    }

    async fn episode(&self, token: &str) -> (StatusCode, Value) {
        self.get_json(&format!("/api/v1/episodes/{}", self.world.episode), Some(token)).await
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().expect("an error code")
}

#[tokio::test]
async fn health_and_openapi_answer_without_sign_in() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_json("/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "sqlite");
    let (status, doc) = app.get_json("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().expect("a version").starts_with("3."));
    for path in ["/api/v1/episodes", "/api/v1/episodes/{id}", "/api/v1/people/{id}"] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}

#[tokio::test]
async fn the_api_needs_a_valid_token() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/episodes", None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(error_code(&body), "unauthenticated");
    let (status, _) = app.get_json("/api/v1/episodes", Some("hw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.get_json("/api/v1/episodes", Some("not even a token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn lists_are_scoped_to_the_callers_agency() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_json("/api/v1/episodes", Some(&app.token("officer.a@test.example").await)).await;
    assert_eq!(status, StatusCode::OK);
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], app.world.episode.to_string());
    assert_eq!(items[0]["status"], "missing");
    assert!(body["next"].is_null());
    let (_, other) = app.get_json("/api/v1/episodes", Some(&app.token("officer.b@test.example").await)).await;
    assert_eq!(other["items"].as_array().expect("items").len(), 0);
}

#[tokio::test]
async fn an_episode_reads_with_its_person_and_risk_and_is_audited_with_the_request_id() {
    let app = TestApp::spawn().await;
    let token = app.token("worker.x@test.example").await;
    let response = app.get(&format!("/api/v1/episodes/{}", app.world.episode), Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let request_id = response.headers()["x-request-id"].to_str().expect("text").to_owned();
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["person"]["id"], app.world.child.to_string());
    assert_eq!(body["risk"]["joint"], Value::Null);
    assert_eq!(body["risk"]["disagreement"], false);
    assert_eq!(body["age_at_start"], 14);
    let events = app.world.core.store().audit_events_after(0, 1_000).await.expect("events");
    let read = events.iter().rev().find(|e| e.action == "episode.read").expect("the read was audited");
    assert_eq!(read.request_id.as_deref(), Some(request_id.as_str()));

    let (status, person) = app.get_json(&format!("/api/v1/people/{}", app.world.child), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(person["episodes"].as_array().expect("episodes").len(), 1);
    assert!(person["profile"].is_null());
}

#[tokio::test]
async fn out_of_scope_and_unknown_records_are_not_found_alike() {
    let app = TestApp::spawn().await;
    for email in ["analyst@test.example", "admin@test.example", "officer.b@test.example", "practitioner@test.example"] {
        let (status, body) = app.episode(&app.token(email).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{email}");
        assert_eq!(error_code(&body), "not_found");
    }
    let token = app.token("officer.a@test.example").await;
    let (status, _) = app.get_json("/api/v1/episodes/00000000-0000-4000-8000-000000000000", Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get_json("/api/v1/episodes/not-an-id", Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get_json("/api/v1/people/not-an-id", Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app.get_json("/api/v1/nothing-here", Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    let (status, body) = app.get_json("/api/v1/episodes", Some(&app.token("analyst@test.example").await)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "forbidden");
}

#[tokio::test]
async fn bad_filters_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let token = app.token("officer.a@test.example").await;
    let before = app.world.core.store().audit_head().await.expect("head");
    let (status, body) =
        app.get_json("/api/v1/episodes?status=lost&risk=absent&limit=0&cursor=junk&order=sideways", Some(&token)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "invalid");
    for field in ["status", "risk", "limit", "cursor", "order"] {
        assert!(body["error"]["fields"][field].is_string(), "{field} is named");
    }
    assert!(body["error"]["fields"]["risk"].as_str().expect("text").contains("absent"));
    assert_eq!(app.world.core.store().audit_head().await.expect("head"), before, "nothing was written");
    let (status, _) = app.get_json("/api/v1/episodes?limit=201", Some(&token)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.get_json("/api/v1/episodes?status=missing&risk=&limit=5", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "blank filters are ignored");
}

impl TestApp {
    async fn assess(&self, token: &str, body: &str) -> (StatusCode, Value) {
        self.post_json(&format!("/api/v1/episodes/{}/risk-assessments", self.world.episode), token, body).await
    }
}

#[tokio::test]
async fn risk_assessments_are_recorded_with_the_joint_picture() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let (status, body) = app
        .assess(
            &officer,
            r#"{"grade": "low", "rationale": "Known to be with a friend.", "cse_concern": true,
                "answers": {"out_of_character": {"answer": false}, "exploitation_concerns": {"answer": true, "details": "older boyfriend"}}}"#,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["risk"]["police"], "low");
    assert_eq!(body["risk"]["joint"], "high", "an exploitation concern means high");
    assert!(body["raised_by_rule"].as_str().expect("the rule is named").contains("exploitation"));
    assert_eq!(body["assessment"]["answers"]["exploitation_concerns"]["details"], "older boyfriend");
    let (_, episode) = app.episode(&officer).await;
    assert_eq!(episode["risk"]["joint"], "high");
    assert_eq!(episode["assessments"].as_array().expect("assessments").len(), 1);
}

#[tokio::test]
async fn bad_risk_assessments_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let analyst = app.token("analyst@test.example").await;
    let before = app.world.core.store().audit_head().await.expect("head");
    let (status, body) = app.assess(&officer, r#"{"grade": "absent", "rationale": "x"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["grade"].as_str().expect("named").contains("absent"));
    let (status, body) =
        app.assess(&officer, r#"{"grade": "high", "rationale": "", "answers": {"made_up": {"answer": true}}}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["rationale"].is_string() && body["error"]["fields"]["answers.made_up"].is_string());
    let (status, body) = app.assess(&officer, "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "bad_request");
    let (status, _) = app.assess(&officer, r#"{"grade": 3}"#).await;
    assert!(status.is_client_error());
    let (status, _) = app.assess(&analyst, r#"{"grade": "high", "rationale": "x"}"#).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) =
        app.assess(&officer, r#"{"grade": "low", "rationale": "x", "override_reason": "I say so"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "override_not_permitted");
    assert_eq!(app.world.core.store().audit_head().await.expect("head"), before, "nothing was written");
}

#[tokio::test]
async fn the_council_sees_an_alert_for_its_child_graded_high_and_acknowledges_it() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let council = app.token("worker.x@test.example").await;
    let (status, _) =
        app.assess(&officer, r#"{"grade": "high", "rationale": "Seen getting into a car with older men."}"#).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, alerts) = app.get_json("/api/v1/alerts", Some(&council)).await;
    assert_eq!(status, StatusCode::OK);
    let alert = alerts["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["kind"] == "child_high_risk")
        .expect("the council is alerted")
        .clone();
    assert_eq!(alert["episode_id"], app.world.episode.to_string());
    let url = format!("{}/api/v1/alerts/{}/acknowledge", app.address, alert["id"].as_str().expect("an id"));
    let empty = app.client.post(&url).bearer_auth(&council).json(&serde_json::json!({"note": ""})).send().await;
    assert_eq!(empty.expect("answers").status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done =
        app.client.post(&url).bearer_auth(&council).json(&serde_json::json!({"note": "Told the senior manager."}));
    let done = done.send().await.expect("answers");
    assert_eq!(done.status(), StatusCode::OK);
    let (_, after) = app.get_json("/api/v1/alerts", Some(&council)).await;
    assert!(after["items"].as_array().expect("items").iter().all(|a| a["id"] != alert["id"]));
    let (status, _) = app.get_json("/api/v1/alerts", Some(&app.token("analyst@test.example").await)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

impl TestApp {
    async fn post_json(&self, path: &str, token: &str, body: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        (status, response.json().await.expect("a JSON body"))
    }
}

#[tokio::test]
async fn police_record_a_person_and_report_their_episode() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let (status, person) = app
        .post_json(
            "/api/v1/people",
            &officer,
            r#"{"given_name": "Synthetic", "family_name": "Person", "date_of_birth": "2011-05-06", "sex": "M",
                "looked_after": false, "responsible_la": "E0000000X"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{person}");
    let person_id = person["id"].as_str().expect("an id");
    let body = format!(
        r#"{{"person_id": "{person_id}", "went_missing_at": "2026-06-01T09:30:00+01:00", "missing_from": "home",
            "last_seen_place": "Outside school", "police_reference": "FA-26-000001"}}"#
    );
    let (status, episode) = app.post_json("/api/v1/episodes", &officer, &body).await;
    assert_eq!(status, StatusCode::CREATED, "{episode}");
    assert_eq!(episode["status"], "missing");
    assert_eq!(episode["went_missing_at"], "2026-06-01T08:30:00.000000Z");
    let (status, _) =
        app.get_json(&format!("/api/v1/episodes/{}", episode["id"].as_str().expect("id")), Some(&officer)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = app.post_json("/api/v1/people", &officer, r#"{"given_name": "", "family_name": "X", "date_of_birth": "31/12/2010", "sex": "Q", "looked_after": false}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["given_name", "date_of_birth", "sex"] {
        assert!(body["error"]["fields"][field].is_string(), "{field}");
    }
    let (status, _) = app.post_json("/api/v1/people", &officer, r#"{"given_name": "A"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "missing required fields");
    let (status, body) = app
        .post_json(
            "/api/v1/episodes",
            &officer,
            &format!(r#"{{"person_id": "{person_id}", "went_missing_at": "noon", "missing_from": "absent"}}"#),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["fields"]["went_missing_at"].is_string() && body["error"]["fields"]["missing_from"].is_string()
    );
}

#[tokio::test]
async fn a_carer_keeps_the_profile_and_the_police_read_it() {
    let app = TestApp::spawn().await;
    let carer = app.token("carer@test.example").await;
    let path = format!("/api/v1/people/{}/profile", app.world.child);
    let put = |token: String, body: &'static str| {
        let request = app.client.put(format!("{}{path}", app.address)).bearer_auth(token);
        async move { request.header("content-type", "application/json").body(body).send().await.expect("answers") }
    };
    let saved = put(carer.clone(), r#"{"kind": "philomena", "fields": {"places_frequented": "Skate park"}}"#).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.expect("JSON");
    assert_eq!(saved["version"], 1);
    let officer = app.token("officer.a@test.example").await;
    let (_, episode) = app.episode(&officer).await;
    assert_eq!(episode["profile"]["fields"]["places_frequented"], "Skate park");
    let (_, person) = app.get_json(&format!("/api/v1/people/{}", app.world.child), Some(&officer)).await;
    assert_eq!(person["profile"]["kind"], "philomena");
    assert_eq!(put(officer, r#"{"kind": "philomena", "fields": {}}"#).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        put(carer.clone(), r#"{"kind": "philomena", "fields": {"shoe_size": "5"}}"#).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(put(carer, "[]").await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn photographs_go_in_as_images_and_come_back_only_within_scope() {
    let app = TestApp::spawn().await;
    let carer = app.token("carer@test.example").await;
    let url = format!("{}/api/v1/people/{}/photo", app.address, app.world.child);
    let jpeg = b"\xFF\xD8\xFF\xE0 synthetic jpeg bytes".to_vec();
    let put = |token: &str, body: Vec<u8>, taken: &str| {
        app.client.put(format!("{url}?taken_on={taken}")).bearer_auth(token).body(body).send()
    };
    assert_eq!(put(&carer, jpeg.clone(), "2026-05-01").await.expect("answers").status(), StatusCode::NO_CONTENT);
    let refused = put(&carer, b"GIF89a...".to_vec(), "2026-05-01").await.expect("answers");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(put(&carer, jpeg.clone(), "1st May").await.expect("answers").status(), StatusCode::UNPROCESSABLE_ENTITY);
    let officer = app.token("officer.a@test.example").await;
    let got = app.client.get(&url).bearer_auth(&officer).send().await.expect("answers");
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    assert_eq!(got.headers()["cache-control"], "no-store");
    assert_eq!(got.bytes().await.expect("bytes").to_vec(), jpeg);
    let other = app.client.get(&url).bearer_auth(app.token("officer.b@test.example").await).send().await;
    assert_eq!(other.expect("answers").status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_return_creates_the_interview_which_goes_to_someone_independent_and_falls_overdue() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let council = app.token("worker.x@test.example").await;
    let practitioner = app.token("practitioner@test.example").await;
    let returned_at = app.world.core.now().to_rfc3339();
    let path = format!("/api/v1/episodes/{}/return", app.world.episode);
    let (status, body) = app
        .post_json(&path, &officer, &format!(r#"{{"returned_at": "{returned_at}", "outcome": "returned_self"}}"#))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "returned");
    let interview = &body["return_interview"];
    let due = app.world.core.now().plus(time::Duration::hours(72)).to_rfc3339();
    assert_eq!(interview["due_at"], due.as_str(), "due exactly 72 hours after the return");
    let id = interview["id"].as_str().expect("an id").to_owned();

    let assign = format!("/api/v1/return-interviews/{id}/assign");
    let own = app.world.user("worker.x@test.example").id;
    let (status, body) = app.post_json(&assign, &council, &format!(r#"{{"practitioner_id": "{own}"}}"#)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "not_independent");
    let independent = app.world.user("practitioner@test.example").id;
    let (status, _) = app.post_json(&assign, &council, &format!(r#"{{"practitioner_id": "{independent}"}}"#)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, theirs) = app.get_json("/api/v1/return-interviews", Some(&practitioner)).await;
    assert_eq!(theirs["items"][0]["id"], id.as_str());
    let (status, _) = app.get_json(&format!("/api/v1/episodes/{}", app.world.episode), Some(&practitioner)).await;
    assert_eq!(status, StatusCode::OK, "the practitioner sees the episode the interview covers");

    let (_, none) = app.get_json("/api/v1/return-interviews?overdue=true", Some(&council)).await;
    assert!(none["items"].as_array().expect("items").is_empty());
    app.world.clock.set(app.world.core.now().plus(time::Duration::hours(96)));
    let (_, overdue) = app.get_json("/api/v1/return-interviews?overdue=true", Some(&council)).await;
    assert_eq!(overdue["items"].as_array().expect("items").len(), 1, "96 hours after the return, not offered");
    let (status, _) = app.get_json("/api/v1/return-interviews?overdue=maybe&status=lost", Some(&council)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.post_json(&path, &officer, r#"{"returned_at": "soon", "outcome": "gone"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_completed_outcome_sends_its_recommendation_to_the_police_who_answer_it() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let council = app.token("worker.x@test.example").await;
    let practitioner = app.token("practitioner@test.example").await;
    let analyst = app.token("analyst@test.example").await;
    let now = app.world.core.now();
    let path = format!("/api/v1/episodes/{}/return", app.world.episode);
    let body = format!(
        r#"{{"returned_at": "{}", "outcome": "found_by_police", "found_place": "Bus station", "found_postcode": "ls1 4dy", "found_by": "Patrol officer", "found_out_of_area": true}}"#,
        now.plus(time::Duration::hours(-2)).to_rfc3339()
    );
    let (status, body) = app.post_json(&path, &officer, &body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["found_postcode"].as_str(), body["found_out_of_area"].as_bool()), (Some("LS1 4DY"), Some(true)));
    let id = body["return_interview"]["id"].as_str().expect("an id").to_owned();

    // The police safe and well check closes the police side; bad input changes nothing.
    let check = format!("/api/v1/episodes/{}/safe-and-well", app.world.episode);
    let (status, body) = app.post_json(&check, &officer, r#"{"checked_at": "later", "face_to_face": null}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["checked_at"].is_string() && body["error"]["fields"]["face_to_face"].is_string());
    let (status, _) =
        app.post_json(&check, &council, &format!(r#"{{"checked_at": "{now}", "face_to_face": true}}"#)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let ok =
        format!(r#"{{"checked_at": "{}", "face_to_face": true, "disclosures": "Slept in a car"}}"#, now.to_rfc3339());
    let (status, body) = app.post_json(&check, &officer, &ok).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, episode) = app.get_json(&format!("/api/v1/episodes/{}", app.world.episode), Some(&officer)).await;
    assert!(episode["police_closed_at"].is_string() && episode["safe_and_well"]["face_to_face"] == true);

    let assign = format!("/api/v1/return-interviews/{id}/assign");
    let independent = app.world.user("practitioner@test.example").id;
    let (status, _) = app.post_json(&assign, &council, &format!(r#"{{"practitioner_id": "{independent}"}}"#)).await;
    assert_eq!(status, StatusCode::OK);

    // Bad outcomes: every problem named, nothing written.
    let outcome = format!("/api/v1/return-interviews/{id}/outcome");
    let (status, body) = app
        .post_json(
            &outcome,
            &practitioner,
            r#"{"status": "completed", "findings": {"reasons": []},
        "recommendations": [{"owner_agency": "NOPE", "action": "x", "due_on": "2026-13-01"}]}"#,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["completed_at", "findings", "recommendations[0].due_on"] {
        assert!(body["error"]["fields"][field].is_string(), "{field} named in {body}");
    }
    let (status, _) = app.post_json(&outcome, &practitioner, "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, still) = app.get_json(&format!("/api/v1/return-interviews/{id}"), Some(&practitioner)).await;
    assert_eq!(still["status"], "assigned");

    let done = format!(
        r#"{{"status": "completed", "offered_at": "{}", "completed_at": "{}",
            "findings": {{"pull_factors": ["exploitation"], "cce_indicators": ["found_out_of_area"],
                         "places": [{{"description": "Flat", "postcode": "LS1 4DY"}}], "childs_words": "I owed them"}},
            "recommendations": [{{"owner_agency": "FA", "action": "Visit the flat named", "due_on": "2026-06-08"}}]}}"#,
        now.plus(time::Duration::minutes(-30)).to_rfc3339(),
        now.to_rfc3339()
    );
    let (status, body) = app.post_json(&outcome, &practitioner, &done).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recommendations"][0]["owner_agency"], "FA");
    let (status, body) = app.post_json(&outcome, &practitioner, &done).await;
    assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "interview_closed"));

    // The police see it and record their response; analysts see no recommendations.
    let (status, listed) = app.get_json("/api/v1/recommendations", Some(&officer)).await;
    assert_eq!(status, StatusCode::OK);
    let rec = listed["items"][0]["id"].as_str().expect("the police's recommendation").to_owned();
    assert_eq!(listed["items"][0]["status"], "open");
    let (_, councils) = app.get_json("/api/v1/recommendations", Some(&council)).await;
    assert!(councils["items"].as_array().expect("items").is_empty());
    let (status, _) = app.get_json("/api/v1/recommendations", Some(&analyst)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let respond = format!("/api/v1/recommendations/{rec}/response");
    let (status, body) = app.post_json(&respond, &officer, r#"{"response": "declined"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["reason"].is_string());
    let (status, _) = app.post_json(&respond, &council, r#"{"response": "accepted"}"#).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only the owning agency answers");
    let answer =
        format!(r#"{{"response": "Flat visited; warning notice served", "responded_at": "{}"}}"#, now.to_rfc3339());
    let (status, body) = app.post_json(&respond, &officer, &answer).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["response"].as_str()),
        (Some("accepted"), Some("Flat visited; warning notice served"))
    );
    let (_, open) = app.get_json("/api/v1/recommendations", Some(&officer)).await;
    assert!(open["items"].as_array().expect("items").is_empty());
    let (_, all) = app.get_json("/api/v1/recommendations?all=true", Some(&officer)).await;
    assert_eq!(all["items"][0]["status"], "accepted");
    let (status, _) = app.get_json("/api/v1/recommendations?all=perhaps", Some(&officer)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn key_figures_count_what_the_caller_sees_and_name_bad_fields() {
    let app = TestApp::spawn().await;
    let analyst = app.token("analyst@test.example").await;
    let june = "/api/v1/stats?from=2026-06-01&to=2026-06-30";
    // The world's looked-after child went missing on 1 June in council X's area and is still missing, ungraded.
    let response = app.get(june, Some(&analyst)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let request_id = response.headers()["x-request-id"].to_str().expect("text").to_owned();
    let body: Value = response.json().await.expect("JSON");
    let keys: Vec<&str> = body.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 14, "exactly CONTRACT.md's keys: {keys:?}");
    assert_eq!(
        (&body["incidents"], &body["child_incidents"], &body["looked_after_individuals"], &body["adult_incidents"]),
        (&Value::from(1), &Value::from(1), &Value::from(1), &Value::from(0))
    );
    assert_eq!((&body["risk"]["unassessed"], &body["duration"]["still_missing"]), (&Value::from(1), &Value::from(1)));
    assert_eq!(body["rhi"]["due"], 0, "not returned, so no interview is due yet");
    let events = app.world.core.store().audit_events_after(0, 1_000).await.expect("events");
    let read = events.iter().rev().find(|e| e.action == "figures.read").expect("audited");
    assert_eq!(read.request_id.as_deref(), Some(request_id.as_str()));
    assert_eq!(read.details, r#"{"agency":null,"from":"2026-06-01","to":"2026-06-30"}"#);

    let (status, own) = app.get_json(&format!("{june}&agency=e0000000x"), Some(&analyst)).await;
    assert_eq!((status, &own), (StatusCode::OK, &body), "naming one's own agency changes nothing");
    let (status, other) = app.get_json(&format!("{june}&agency=FA"), Some(&analyst)).await;
    assert_eq!((status, error_code(&other)), (StatusCode::FORBIDDEN, "forbidden"));
    let (status, admin) = app.get_json(june, Some(&app.token("admin@test.example").await)).await;
    assert_eq!((status, error_code(&admin)), (StatusCode::FORBIDDEN, "forbidden"));
    let (status, elsewhere) = app.get_json(june, Some(&app.token("officer.b@test.example").await)).await;
    assert_eq!((status, &elsewhere["incidents"]), (StatusCode::OK, &Value::from(0)), "another force's view");
    assert_eq!(app.get(june, None).await.status(), StatusCode::UNAUTHORIZED);

    for (query, fields) in [
        ("", vec!["from", "to"]),
        ("?from=2026-13-01&to=30/06/2026&agency=not%20a%20code", vec!["agency", "from", "to"]),
        ("?from=2026-07-01&to=2026-06-30", vec!["to"]),
        ("?from=2016-06-01&to=2026-06-01", vec!["to"]),
        ("?from=2026-06-01&to=2026-06-30&agency=NOWHERE", vec!["agency"]),
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/stats{query}"), Some(&analyst)).await;
        assert_eq!((status, error_code(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid"), "{query}");
        let named: Vec<&str> =
            body["error"]["fields"].as_object().expect("fields").keys().map(String::as_str).collect();
        assert_eq!(named, fields, "{query}");
    }

    let (_, doc) = app.get_json("/api/openapi.json", None).await;
    assert!(doc["paths"]["/api/v1/stats"]["get"].is_object());
    let schema = &doc["components"]["schemas"]["KeyFigures"];
    assert_eq!(schema["properties"]["rhi"]["properties"]["offered_within_72h"]["type"], "integer");
    assert_eq!(schema["required"].as_array().expect("required").len(), 14);
}

#[tokio::test]
async fn records_carry_the_actions_the_caller_may_take_and_no_others_are_accepted() {
    let app = TestApp::spawn().await;
    let officer = app.token("officer.a@test.example").await;
    let council = app.token("worker.x@test.example").await;
    let practitioner = app.token("practitioner@test.example").await;
    let codes = |body: &Value| body["actions"].as_array().expect("actions").clone();
    let (_, episode) = app.episode(&officer).await;
    assert_eq!(codes(&episode), ["report_episode", "assess_risk", "record_return"]);
    let (_, person) = app.get_json(&format!("/api/v1/people/{}", app.world.child), Some(&council)).await;
    assert_eq!(codes(&person), ["report_episode", "keep_profile"]);
    let (_, person) = app.get_json(&format!("/api/v1/people/{}", app.world.child), Some(&officer)).await;
    assert_eq!(codes(&person), ["report_episode"], "the police read the profile, the carers and council keep it");

    let returned_at = app.world.core.now().to_rfc3339();
    let path = format!("/api/v1/episodes/{}/return", app.world.episode);
    let body = format!(r#"{{"returned_at": "{returned_at}", "outcome": "returned_self"}}"#);
    let (_, returned) = app.post_json(&path, &officer, &body).await;
    let id = returned["return_interview"]["id"].as_str().expect("an interview").to_owned();
    let assign = format!("/api/v1/return-interviews/{id}/assign");
    let me = app.world.user("practitioner@test.example").id;
    let (status, _) = app.post_json(&assign, &council, &format!(r#"{{"practitioner_id": "{me}"}}"#)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, interview) = app.get_json(&format!("/api/v1/return-interviews/{id}"), Some(&practitioner)).await;
    assert_eq!(codes(&interview), ["record_outcome", "read_childs_account"]);
    // The core let a practitioner reassign the interview the pages never offered them.
    let (status, body) = app.post_json(&assign, &practitioner, &format!(r#"{{"practitioner_id": "{me}"}}"#)).await;
    assert_eq!((status, error_code(&body)), (StatusCode::FORBIDDEN, "forbidden"));
    let (_, interview) = app.get_json(&format!("/api/v1/return-interviews/{id}"), Some(&council)).await;
    assert_eq!(codes(&interview), ["assign_interview", "record_outcome", "read_childs_account"]);
    let (_, episode) = app.episode(&officer).await;
    assert_eq!(codes(&episode), ["report_episode", "assess_risk", "record_safe_and_well"]);
}
