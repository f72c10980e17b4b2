//! One typed method per JSON API endpoint the tests call. Paths take ids as anything displayable, so a test can ask
//! for a record by its id or by something that is not an id at all.

use std::fmt::Display;

use reqwest::Method;

use super::client::{Body, Client, JsonText, Reply};

impl Client {
    pub async fn health(&self) -> Reply {
        self.get("/healthz").await
    }

    pub async fn openapi(&self) -> Reply {
        self.get("/api/openapi.json").await
    }

    /// `GET /api/v1/episodes`, with a query string (`""` or `"?status=missing"`).
    pub async fn episodes(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/episodes{query}")).await
    }

    pub async fn episode(&self, id: impl Display) -> Reply {
        self.get(&format!("/api/v1/episodes/{id}")).await
    }

    pub async fn report_episode(&self, json: impl Into<JsonText>) -> Reply {
        self.post_json("/api/v1/episodes", json).await
    }

    pub async fn person(&self, id: impl Display) -> Reply {
        self.get(&format!("/api/v1/people/{id}")).await
    }

    pub async fn record_person(&self, json: impl Into<JsonText>) -> Reply {
        self.post_json("/api/v1/people", json).await
    }

    pub async fn search_matches(&self, json: impl Into<JsonText>) -> Reply {
        self.post_json("/api/v1/people/matches", json).await
    }

    pub async fn record_placement(&self, person: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/people/{person}/placements"), json).await
    }

    pub async fn end_placement(&self, placement: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/placements/{placement}/end"), json).await
    }

    pub async fn save_profile(&self, person: impl Display, json: impl Into<JsonText>) -> Reply {
        self.send(Method::PUT, &format!("/api/v1/people/{person}/profile"), Body::Json(json.into().0)).await
    }

    pub async fn save_photo(&self, person: impl Display, taken_on: &str, image: Vec<u8>) -> Reply {
        let path = format!("/api/v1/people/{person}/photo?taken_on={taken_on}");
        self.send(Method::PUT, &path, Body::Bytes(image)).await
    }

    pub async fn photo(&self, person: impl Display) -> Reply {
        self.get(&format!("/api/v1/people/{person}/photo")).await
    }

    pub async fn assess(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/episodes/{episode}/risk-assessments"), json).await
    }

    pub async fn alerts(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/alerts{query}")).await
    }

    pub async fn alert_counts(&self) -> Reply {
        self.get("/api/v1/alerts/counts").await
    }

    pub async fn acknowledge_alerts(&self, json: impl Into<JsonText>) -> Reply {
        self.post_json("/api/v1/alerts/acknowledge", json).await
    }

    /// The kinds of alert emailed to the caller, and replacing them.
    pub async fn alert_emails(&self) -> Reply {
        self.get("/api/v1/me/alert-emails").await
    }

    pub async fn choose_alert_emails(&self, json: impl Into<JsonText>) -> Reply {
        self.send(reqwest::Method::PUT, "/api/v1/me/alert-emails", super::client::Body::Json(json.into().0)).await
    }

    /// The agency's notifications given up on (its admin's).
    pub async fn given_up_notifications(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/notifications/given-up{query}")).await
    }

    pub async fn acknowledge_alert(&self, alert: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/alerts/{alert}/acknowledge"), json).await
    }

    pub async fn record_return(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/episodes/{episode}/return"), json).await
    }

    pub async fn record_safe_and_well(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/episodes/{episode}/safe-and-well"), json).await
    }

    /// `GET /api/v1/return-interviews`, with a query string.
    pub async fn return_interviews(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/return-interviews{query}")).await
    }

    pub async fn return_interview(&self, id: impl Display) -> Reply {
        self.get(&format!("/api/v1/return-interviews/{id}")).await
    }

    pub async fn offer_return_conversation(&self, episode: impl Display) -> Reply {
        self.post_json(&format!("/api/v1/episodes/{episode}/return-conversation"), "{}").await
    }

    pub async fn assign_interview(&self, id: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/return-interviews/{id}/assign"), json).await
    }

    pub async fn record_outcome(&self, id: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/return-interviews/{id}/outcome"), json).await
    }

    /// `GET /api/v1/recommendations`, with a query string.
    pub async fn recommendations(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/recommendations{query}")).await
    }

    pub async fn respond_to_recommendation(&self, id: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/recommendations/{id}/response"), json).await
    }

    /// `GET /api/v1/stats`, the key figures, with a query string.
    pub async fn key_figures(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/stats{query}")).await
    }

    /// `GET /api/v1/link-proposals`, with a query string (`""` or `"?status=confirmed"`).
    pub async fn link_proposals(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/link-proposals{query}")).await
    }

    /// `POST /api/v1/link-proposals/{id}/{decision}`: `confirm`, `reject` or `undo`.
    pub async fn decide_link(&self, id: impl Display, decision: &str, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/link-proposals/{id}/{decision}"), json).await
    }

    /// `GET /api/v1/{path}` for the places-and-people questions, with a query string.
    pub async fn intel(&self, path: &str, query: &str) -> Reply {
        self.get(&format!("/api/v1/{path}{query}")).await
    }

    pub async fn review_legacy_absent(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/episodes/{episode}/legacy-absent-review"), json).await
    }

    pub async fn record_missing_description(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        let path = format!("/api/v1/episodes/{episode}/missing-description");
        self.send(Method::PUT, &path, Body::Json(json.into().0)).await
    }

    /// `GET /api/v1/people/{id}/profile/versions`, with a query string.
    pub async fn profile_versions(&self, person: impl Display, query: &str) -> Reply {
        self.get(&format!("/api/v1/people/{person}/profile/versions{query}")).await
    }

    pub async fn profile_version(&self, person: impl Display, version: impl Display) -> Reply {
        self.get(&format!("/api/v1/people/{person}/profile/versions/{version}")).await
    }

    /// `GET /api/v1/long-term-missing`, with a query string.
    pub async fn long_term_register(&self, query: &str) -> Reply {
        self.get(&format!("/api/v1/long-term-missing{query}")).await
    }

    pub async fn long_term(&self, episode: impl Display) -> Reply {
        self.get(&format!("/api/v1/episodes/{episode}/long-term")).await
    }

    pub async fn save_long_term(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        let path = format!("/api/v1/episodes/{episode}/long-term");
        self.send(Method::PUT, &path, Body::Json(json.into().0)).await
    }

    pub async fn review_long_term(&self, episode: impl Display, json: impl Into<JsonText>) -> Reply {
        self.post_json(&format!("/api/v1/episodes/{episode}/long-term/reviews"), json).await
    }
}
