//! Core errors as JSON answers: a stable `code`, a plain message, and field messages where a request's fields were
//! at fault. Internal failures are logged once with the request id and answered without their details.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use homeward_core::{CoreError, FieldErrors, StoreError};
use serde::Serialize;

/// An error answer of the API.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    fields: FieldErrors,
    open_episode_id: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable for programs: `not_found`, `unauthenticated`, `forbidden`, `invalid`, `bad_request`,
    /// `payload_too_large`, `method_not_allowed`, `busy`, `unavailable`, `internal`, or a rule's own code.
    code: &'static str,
    message: String,
    /// Messages by field name, when fields were at fault.
    #[schema(value_type = Object)]
    fields: FieldErrors,
    /// With `already_missing`: the person's open episode, to add to instead of reporting another.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uuid")]
    open_episode_id: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), fields: FieldErrors::new(), open_episode_id: None }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

impl From<CoreError> for ApiError {
    fn from(error: CoreError) -> Self {
        match error {
            CoreError::NotFound => Self::new(StatusCode::NOT_FOUND, "not_found", "There is no such record."),
            CoreError::Unauthenticated => Self::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Sign in, or send a valid API token as 'Authorization: Bearer TOKEN'.",
            ),
            CoreError::Forbidden(why) => Self::new(StatusCode::FORBIDDEN, "forbidden", capitalise(why)),
            CoreError::Invalid(fields) => Self {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid",
                message: "Some fields are not valid.".into(),
                fields,
                open_episode_id: None,
            },
            CoreError::Rule { code, message, field } => Self {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code,
                fields: field.map(|f| FieldErrors::one(f, message.clone())).unwrap_or_default(),
                message,
                open_episode_id: None,
            },
            CoreError::AlreadyMissing { open_episode_id } => Self {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "already_missing",
                message: "This person is already missing: add to the open episode instead of reporting another.".into(),
                fields: FieldErrors::one("person_id", "is already missing: add to the open episode"),
                open_episode_id: Some(open_episode_id.to_string()),
            },
            CoreError::Store(StoreError::Busy(why)) => {
                tracing::warn!(%why, "busy: asked to try again");
                Self::busy()
            }
            CoreError::Store(StoreError::Unavailable(why)) => {
                tracing::warn!(%why, "database unavailable: asked to try again");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Homeward cannot reach its database just now (for example while it fails over to a standby). \
                     A change sent may or may not have been made: send it again with the same Idempotency-Key to \
                     be sure it is made once. Try again in a few seconds.",
                )
            }
            CoreError::Store(store) => {
                // Logged here, once; the request id on the span ties it to the answer the caller got.
                tracing::error!(error = %store, "store failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. Quote the request id if you report it.",
                )
            }
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>() + ".").unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let unauthenticated = self.status == StatusCode::UNAUTHORIZED;
        let error = ErrorDetail {
            code: self.code,
            message: self.message,
            fields: self.fields,
            open_episode_id: self.open_episode_id,
        };
        let body = ErrorBody { error };
        let mut response = (self.status, Json(body)).into_response();
        response.extensions_mut().insert(ErrorCode(self.code));
        if unauthenticated {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        response
    }
}

/// Every error answer under `/api` is the JSON envelope, whatever gave it (an extractor's own rejection, such as an
/// undecodable path, or the request timeout): one that is not JSON is replaced by the envelope for its status,
/// keeping its `Allow` and `Retry-After` headers.
pub(crate) async fn envelope(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/json"));
    if !api || json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let error = match status {
        StatusCode::UNAUTHORIZED => ApiError::from(CoreError::Unauthenticated),
        StatusCode::NOT_FOUND => ApiError::from(CoreError::NotFound),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large(),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::method_not_allowed(),
        StatusCode::SERVICE_UNAVAILABLE => ApiError::busy(),
        StatusCode::FORBIDDEN => ApiError::new(status, "forbidden", "This request is not allowed."),
        status if status.is_server_error() => ApiError::new(
            status,
            "internal",
            "Something went wrong on our side. Quote the request id if you report it.",
        ),
        status => ApiError::new(status, "bad_request", "The request could not be read."),
    };
    let mut answer = error.into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(&name) {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}
/// The `code` of an error answer, kept on the response for the layers it passes back out through.
#[derive(Debug, Clone, Copy)]
struct ErrorCode(&'static str);

/// What a busy answer asks the caller to wait before trying again, in seconds.
pub(crate) const RETRY_AFTER_SECONDS: &str = "5";

/// A panic in a handler becomes a plain 500, logged without the panic's payload (it could hold data).
pub(crate) fn panic_response(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side.").into_response()
}

/// Turns axum's rejections of malformed input into the API's error shape. A field that is missing, unknown or of
/// the wrong type is a 422 naming it, as a field that fails parsing is; only input that cannot be read at all (not
/// JSON, the wrong content type) is a 400.
pub(crate) fn rejection(rejection: impl std::error::Error + 'static) -> ApiError {
    // A body over the limit was cut off, not malformed: 413, in the envelope like every other answer.
    use axum::extract::rejection::{BytesRejection, JsonRejection};
    let any = &rejection as &dyn std::any::Any;
    let json = any.downcast_ref::<JsonRejection>().map(JsonRejection::status);
    let bytes = any.downcast_ref::<BytesRejection>().map(BytesRejection::status);
    if json.or(bytes) == Some(StatusCode::PAYLOAD_TOO_LARGE) {
        return ApiError::payload_too_large();
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
    while let Some(error) = source {
        let json = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>();
        // Only JSON of the wrong shape names a field; text that is not JSON at all is a 400.
        if let Some(json) = json.filter(|json| json.inner().classify() == serde_json::error::Category::Data) {
            let path = json.path().to_string();
            let inner = json.inner().to_string();
            // serde_json ends each message with where in the text it was; the field's name says more.
            let inner = inner.rsplit_once(" at line ").map_or(inner.as_str(), |(message, _)| message);
            if let Some(field) = field_error(&path, inner) {
                return field.into();
            }
        }
        source = error.source();
    }
    // A query string names the field in serde's own words.
    field_error(".", &rejection.to_string())
        .map_or_else(|| ApiError::bad_request(format!("The request could not be read: {rejection}")), Into::into)
}

/// The field a deserialiser's message at `path` is about, and what to tell the caller; `None` when the message
/// names no field (the whole body was of the wrong shape).
fn field_error(path: &str, message: &str) -> Option<CoreError> {
    let named = |marker: &str| {
        let (_, rest) = message.split_once(marker)?;
        let (name, _) = rest.split_once('`')?;
        // An unknown field's path is already the field itself.
        let at_field = path == name || path.ends_with(&format!(".{name}"));
        Some(if path == "." || at_field {
            if path == "." { name.to_owned() } else { path.to_owned() }
        } else {
            format!("{path}.{name}")
        })
    };
    if let Some(field) = named("missing field `") {
        return Some(CoreError::invalid(&field, "is required"));
    }
    if let Some(field) = named("unknown field `") {
        return Some(CoreError::invalid(&field, "is not one this request accepts"));
    }
    let expected = message.split_once(", expected ").map(|(_, expected)| expected);
    (path != ".").then(|| CoreError::invalid(path, format!("must be {}", expected.unwrap_or("valid"))))
}

impl ApiError {
    /// A body longer than the service reads.
    pub(crate) fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The request body is longer than this service accepts; nothing was changed.",
        )
    }

    /// The database kept the request waiting too long; nothing was changed.
    pub(crate) fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Homeward is busy (a long job such as an import, or many requests at once); nothing was changed. Try \
             again in a few seconds.",
        )
    }

    /// The `code` of an error answer made here, if the response is one.
    pub(crate) fn code_of(response: &Response) -> Option<&'static str> {
        response.extensions().get::<ErrorCode>().map(|code| code.0)
    }

    /// A repeat of a request whose first sending is still under way.
    pub(crate) fn idempotency_key_in_use() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "idempotency_key_in_use",
            "A request with this Idempotency-Key is still being carried out. Send it again in a few seconds to be \
             given its answer.",
        )
    }

    /// A repeat of a request that was carried out but whose answer was lost before it could be kept.
    pub(crate) fn idempotency_answer_lost() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "idempotency_answer_lost",
            "The request with this Idempotency-Key was carried out, but its answer was lost when the database went \
             away; it will not be carried out again. Look the record up rather than sending it with a new key.",
        )
    }

    /// The key was sent before with a different request.
    pub(crate) fn idempotency_key_reused() -> Self {
        let mut error = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request (another body, address or method); use a new \
             key for each request.",
        );
        error.fields = FieldErrors::one(homeward_core::domain::idempotency::HEADER, "was used for another request");
        error
    }

    /// A method the address does not answer to.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This address does not answer to that method.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_out_of_reach_is_a_503_to_try_again_in_the_envelope() {
        let response = ApiError::from(CoreError::Store(StoreError::Unavailable("no primary".into()))).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("5"));
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
    }
}
