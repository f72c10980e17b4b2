//! Every request gets an id (or keeps a well-formed one it brought), echoed in `x-request-id`, recorded on the
//! request's tracing span and in every audit event it causes, and shown on error pages.

use axum::http::{HeaderName, Request};
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub(crate) static HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, as set by the layer below, from a request's extensions.
pub(crate) fn from_extensions(extensions: &axum::http::Extensions) -> Option<String> {
    extensions.get::<RequestId>().and_then(|id| id.header_value().to_str().ok()).map(str::to_owned)
}

fn of<B>(request: &Request<B>) -> Option<String> {
    from_extensions(request.extensions())
}

fn span<B>(request: &Request<B>) -> tracing::Span {
    // The matched route, never the raw path or query: those could carry personal data.
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(unmatched)", axum::extract::MatchedPath::as_str)
        .to_owned();
    tracing::info_span!("request", method = %request.method(), route, request_id = of(request).unwrap_or_default())
}

type MakeSpan = for<'a> fn(&'a Request<axum::body::Body>) -> tracing::Span;

/// Sets the id, traces the request in a span carrying it, and copies it onto the response.
pub(crate) fn layer(router: axum::Router) -> axum::Router {
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(HEADER.clone(), MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(span as MakeSpan))
            .layer(PropagateRequestIdLayer::new(HEADER.clone())),
    )
}
