//! `Idempotency-Key` on the API's POSTs: a client names a request with a key of its own so that sending it again
//! (after a timeout, a dropped connection, a failover) is answered as the first time, with `Idempotent-Replayed:
//! true`, and never makes a second record. The key is taken before the request is carried out and settled with its
//! answer after; the same key with another request is refused (422), and a repeat while the first is still under
//! way is a 409. The work's own transaction marks the key carried out, so a request whose server lost its database
//! part-way (a failover) is carried out again on a repeat only if its work was never committed; if it was, the
//! repeat is a 409 saying its answer was lost. Pages' forms do not send keys: POST-redirect-GET and
//! their CSRF tokens already keep a resubmitted form from doing harm twice in most cases, and a page is never
//! retried by a program.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use homeward_core::domain::idempotency::{Claim, Fingerprint, HEADER, IdempotencyKey, StoredResponse};
use homeward_core::domain::ids::UserId;

use crate::AppState;
use crate::auth::ApiActor;
use crate::error::ApiError;

/// The header a client names its request with (`Idempotency-Key`; header names are case-blind).
const KEY_HEADER: &str = "idempotency-key";

/// The header a replayed answer carries.
pub const REPLAYED: &str = "idempotent-replayed";

/// The longest body read for its fingerprint: as much as the API reads at all.
const BODY_LIMIT: usize = homeward_core::domain::photo::MAX_PHOTO_BYTES + 64 * 1024;

/// This server's requests under way with a key, and the id it takes keys under.
#[derive(Debug)]
pub(crate) struct KeysInFlight {
    holder: String,
    running: Mutex<HashSet<(UserId, String)>>,
}

impl Default for KeysInFlight {
    fn default() -> Self {
        Self { holder: uuid::Uuid::new_v4().to_string(), running: Mutex::default() }
    }
}

/// A key's place among those under way, given up when the request ends however it ends (a timeout drops it too).
struct Running {
    keys: Arc<KeysInFlight>,
    /// Only the first of two requests with one key at once holds the place.
    entry: Option<(UserId, String)>,
}

impl Running {
    /// Whether another request on this server was already under way with the key, and this request's place.
    fn enter(keys: &Arc<KeysInFlight>, user: UserId, key: &IdempotencyKey) -> (bool, Self) {
        let entry = (user, key.as_str().to_owned());
        let first = keys.running.lock().expect("never poisoned: nothing panics holding it").insert(entry.clone());
        (!first, Self { keys: Arc::clone(keys), entry: first.then_some(entry) })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(entry) = self.entry.take() {
            self.keys.running.lock().expect("never poisoned: nothing panics holding it").remove(&entry);
        }
    }
}

/// Carries out a POST with an `Idempotency-Key` at most once; every other request passes straight through.
pub(crate) async fn at_most_once(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(sent) = request.headers().get(KEY_HEADER) else {
        return next.run(request).await;
    };
    let key = match IdempotencyKey::from_header(sent.as_bytes()) {
        Ok(key) => key,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let (mut parts, body) = request.into_parts();
    let actor = match ApiActor::from_request_parts(&mut parts, &state).await {
        Ok(actor) => actor,
        Err(error) => return error.into_response(),
    };
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return ApiError::payload_too_large().into_response();
    };
    let path = parts.uri.path_and_query().map_or_else(|| parts.uri.path(), |p| p.as_str());
    let fingerprint = Fingerprint::of(parts.method.as_str(), path, &bytes);
    let Some(user) = actor.0.user_id() else {
        return ApiError::from(homeward_core::CoreError::Unauthenticated).into_response();
    };
    let (running_here, _running) = Running::enter(&state.keys, user, &key);
    let holder = state.keys.holder.as_str();
    match state.core.claim_idempotency_key(&actor.0, &key, &fingerprint, holder, running_here).await {
        Ok(Claim::Taken) => {}
        Ok(Claim::Replay(stored)) => return replay(stored),
        Ok(Claim::InFlight) => return ApiError::idempotency_key_in_use().into_response(),
        Ok(Claim::AnswerLost) => return ApiError::idempotency_answer_lost().into_response(),
        Ok(Claim::Mismatch) => return ApiError::idempotency_key_reused().into_response(),
        Err(error) => return ApiError::from(error).into_response(),
    }
    // The handler finds the caller already authenticated rather than looking the token up again.
    parts.extensions.insert(actor.clone());
    let work = next.run(Request::from_parts(parts, Body::from(bytes)));
    match state.core.carry_out(&actor.0, &key, work).await {
        Ok(response) => settle(&state, &actor, &key, response).await,
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// The answer given before, again.
fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, stored.body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// Keeps the answer against the key, or after a failure of ours (a 5xx) lets the key go unless its work was
/// committed (the store keeps a carried-out key), so that the request may be sent again. When the database cannot
/// be reached, or its writer is held (busy), the key is left as it is rather than keep the failed request waiting a
/// second time (its 503 would come only after two waits: beyond 5 seconds when unreachable, 20 when busy): its
/// record still says whether the work was committed, and a repeat here is answered from that at once (elsewhere,
/// once the request has surely ended).
async fn settle(state: &AppState, actor: &ApiActor, key: &IdempotencyKey, response: Response) -> Response {
    let status = response.status();
    if status.is_server_error() {
        if matches!(ApiError::code_of(&response), Some("unavailable" | "busy")) {
            return response;
        }
        if let Err(error) = state.core.release_idempotency_key(&actor.0, key).await {
            tracing::warn!(%error, "an idempotency key could not be let go after a failed request");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_else(|_| Bytes::new());
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let stored = StoredResponse { status: status.as_u16(), body: text.to_owned() };
        if let Err(error) = state.core.settle_idempotency_key(&actor.0, key, &stored).await {
            // The request was carried out and is answered; a repeat will be told its answer was lost.
            tracing::warn!(%error, "the answer to a request with an idempotency key could not be kept");
        }
    } else {
        tracing::warn!("an answer that is not text was not kept against its idempotency key");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Adds the `Idempotency-Key` header, and the answers it can bring (409, 422), to every POST of the document: done
/// here once, so no handler's description has to repeat it.
pub(crate) fn document(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Ref, Required, ResponseBuilder, Type};

    let key = ParameterBuilder::new()
        .name(HEADER)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "A key of the client's choosing (1 to 255 visible ASCII characters; a UUID) naming this request, so that \
             sending it again after a timeout or an error is answered as the first time (with `Idempotent-Replayed: \
             true`) and never makes a second record. Keys are the caller's own and kept 24 hours. The same key with \
             another request answers 422 `idempotency_key_reused`; a repeat while the first is under way 409 \
             `idempotency_key_in_use`; one whose first was carried out but lost its answer (a failover) 409 \
             `idempotency_answer_lost`.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[\\x21-\\x7E]+$")),
        ))
        .build();
    let error = || Ref::from_schema_name("ErrorBody");
    let conflict = ResponseBuilder::new()
        .description("A request with this Idempotency-Key is under way, or was carried out and lost its answer.")
        .content("application/json", utoipa::openapi::ContentBuilder::new().schema(Some(error())).build())
        .build();
    let reused = ResponseBuilder::new()
        .description("Some fields are not valid, or the Idempotency-Key was used for another request.")
        .content("application/json", utoipa::openapi::ContentBuilder::new().schema(Some(error())).build())
        .build();
    for item in openapi.paths.paths.values_mut() {
        let Some(post) = item.post.as_mut() else { continue };
        post.parameters.get_or_insert_with(Vec::new).push(key.clone());
        let responses = &mut post.responses.responses;
        responses.entry("409".to_owned()).or_insert_with(|| conflict.clone().into());
        responses.entry("422".to_owned()).or_insert_with(|| reused.clone().into());
    }
}
