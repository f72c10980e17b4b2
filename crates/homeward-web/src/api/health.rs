//! The health check load balancers and monitors call.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    match state.core.store().ping().await {
        Ok(()) => {
            (StatusCode::OK, Json(serde_json::json!({ "status": "ok", "database": state.core.store().backend() })))
        }
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable" })))
        }
    }
}
