//! The answers an operation can give because of how it is reached rather than what it does, declared once here from
//! the shape of each operation instead of on every handler: every `/api/v1` call is authenticated (401) and reads
//! the store to do so (503 `busy`); a path, query string or body can be unreadable (400) or name a field wrongly (422);
//! a body can be too long (413); an id in the path can name nothing the caller sees (404); and a change made with a
//! signed-in session can lack its CSRF token (403). A handler's own declaration of the same status, which says more,
//! is kept. `tests/web/openapi.rs` checks the result over the whole document.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

/// Adds each status an operation's extractors can answer with, in the error envelope, where the handler did not.
pub(super) fn declare(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let changes = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in changes.into_iter().flatten() {
            add(operation, "403", "A change made with a signed-in session without its CSRF token (`csrf`)");
        }
        let all = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in all.into_iter().flatten() {
            declare_operation(operation);
        }
    }
}

fn declare_operation(operation: &mut Operation) {
    let body = operation.request_body.is_some();
    let located =
        |place: ParameterIn| operation.parameters.iter().flatten().any(|parameter| parameter.parameter_in == place);
    let (query, path) = (located(ParameterIn::Query), located(ParameterIn::Path));
    add(operation, "401", "No valid token or session (`unauthenticated`)");
    add(
        operation,
        "503",
        "Busy (`busy`, with `Retry-After`): the request waited too long for the database; nothing was changed",
    );
    if body || query || path {
        add(operation, "400", "The path, query string or body cannot be read at all (`bad_request`)");
    }
    if body || query {
        add(operation, "422", "A field is missing, unknown, of the wrong type or not valid (`invalid`)");
    }
    if body {
        add(operation, "413", "The body is longer than this service reads (`payload_too_large`); nothing was changed");
    }
    if path {
        add(operation, "404", "No such record, or not within the caller's scope (`not_found`)");
    }
}

fn add(operation: &mut Operation, status: &str, description: &str) {
    operation.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(error(description)));
}

/// An answer in the error envelope.
fn error(description: &str) -> Response {
    let envelope = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
    ResponseBuilder::new().description(description).content("application/json", envelope).build()
}
