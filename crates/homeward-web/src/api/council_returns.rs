//! `GET /api/v1/returns/{kind}`: the returns councils owe and the research extract as CSV (docs/RETURNS.md), the
//! same files as `homeward export` and the Returns page. The whole file in one answer: a return is never paged or
//! capped.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use homeward_core::domain::returns::ReturnKind;
use serde::Deserialize;

use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::ui::{ReturnQuery, return_download};

/// Which file: a period, the council (a council's returns) or k (the research extract).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReturnParams {
    /// The first day, `YYYY-MM-DD` (a Europe/London date), included. Required for a council's return; for the
    /// research extract, with `to`, or neither for the last twelve whole months.
    #[param(format = Date)]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`, included; at most 10 years after `from`.
    #[param(format = Date)]
    to: Option<String>,
    /// The council's code, for `annex-a`, `ssd` and `rhi-figures`: only the caller's own council.
    la: Option<String>,
    /// For `research`: the fewest people each released combination of quasi-identifiers is shared by, 2 to 1000;
    /// 10 when not given.
    k: Option<String>,
}

/// The file as CSV with its documented columns (docs/RETURNS.md), every cell spreadsheet-safe. `annex-a`,
/// `ssd` and `rhi-figures` are a council's, for its coordinators and senior managers; its analysts get
/// `rhi-figures` only (the other two identify each child); `research` is pseudonymised and k-anonymous, for
/// analysts, over their agency's episodes. Never names anyone; audited.
#[utoipa::path(
    get,
    path = "/api/v1/returns/{kind}",
    tag = "figures",
    params(
        ("kind" = inline(ReturnKind), Path, description = "Which file: annex-a, ssd, rhi-figures or research"),
        ReturnParams,
    ),
    responses(
        (status = 200, description = "The file, as CSV with a header row", content_type = "text/csv", body = String),
        (status = 401, description = "No valid token or session", body = ErrorBody),
        (status = 403, description = "The caller's role does not write this file, or the council is not theirs",
         body = ErrorBody),
        (status = 404, description = "No such kind of file", body = ErrorBody),
        (status = 422, description = "A date is missing or not real, the period runs backwards or is over 10 \
                                      years, the council is unknown or not a council, or k is not 2 to 1000",
         body = ErrorBody),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(kind): Path<String>,
    params: Result<Query<ReturnParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let query = ReturnQuery {
        from: params.from.as_deref(),
        to: params.to.as_deref(),
        la: params.la.as_deref(),
        k: params.k.as_deref(),
    };
    Ok(return_download(&state.core, &actor, &kind, query).await?)
}
