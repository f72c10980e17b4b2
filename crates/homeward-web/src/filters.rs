//! The lists' filters and paging, as the API and the pages both take them from a query string. A parameter no list
//! knows is refused by name, so a mistyped filter never answers unfiltered records.

use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::episode::{EpisodeCursor, EpisodeOrder, EpisodeQuery, EpisodeStatus};
use homeward_core::domain::paging::{Cursor, MAX_LIMIT, Paging, SortKey};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::{CoreError, FieldErrors};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// Filters and paging of the episode list. Unknown values are refused with a field message.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// `missing` or `returned`.
    #[param(schema_with = episode_statuses)]
    pub status: Option<String>,
    /// The joint grade: `no_apparent_risk`, `low`, `medium` or `high`.
    #[param(schema_with = risk_grades)]
    pub risk: Option<String>,
    /// An agency's code (`MPS`, `E09000001`): episodes it recorded, investigates, or that started in its area.
    pub agency: Option<String>,
    /// `true`: only episodes imported with the abolished "absent" grade that a police supervisor has not yet
    /// reviewed.
    #[param(schema_with = yes_or_no)]
    pub legacy_absent: Option<String>,
    /// `newest` (the default) or `oldest` first, by when the person went missing.
    #[param(schema_with = episode_orders)]
    pub order: Option<String>,
    /// The `next` value of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    pub limit: Option<String>,
}

pub(crate) fn blank(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The OpenAPI schema of a query parameter that takes one of `codes`, or nothing: blank is the same as not given.
pub(crate) fn codes_or_blank(codes: impl IntoIterator<Item = &'static str>) -> RefOr<Schema> {
    let values: Vec<&str> = std::iter::once("").chain(codes).collect();
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).into()
}

/// `true`, `false`, or blank (false).
pub(crate) fn yes_or_no() -> RefOr<Schema> {
    codes_or_blank(["true", "false"])
}

fn episode_statuses() -> RefOr<Schema> {
    codes_or_blank(EpisodeStatus::ALL.iter().copied().map(EpisodeStatus::as_str))
}

fn risk_grades() -> RefOr<Schema> {
    codes_or_blank(RiskGrade::ALL.iter().copied().map(RiskGrade::as_str))
}

fn episode_orders() -> RefOr<Schema> {
    codes_or_blank(EpisodeOrder::ALL.iter().copied().map(EpisodeOrder::as_str))
}

/// A yes-or-no filter: blank or `false` is no.
pub(crate) fn flag(errors: &mut FieldErrors, field: &'static str, value: Option<&String>) -> bool {
    let parsed = match blank(value) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err("must be true or false"),
    };
    errors.check(field, parsed).unwrap_or_default()
}

/// Items per page, 1 to 200; the default when blank.
fn limit(errors: &mut FieldErrors, value: Option<&String>, default: u32) -> u32 {
    let parsed = blank(value)
        .map(|l| {
            l.parse::<u32>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or("must be a whole number from 1 to 200")
        })
        .transpose();
    errors.check("limit", parsed).flatten().unwrap_or(default)
}

/// A list's `cursor`, which only this service gives out.
fn cursor<C>(errors: &mut FieldErrors, value: Option<&String>, decode: impl Fn(&str) -> Option<C>) -> Option<C> {
    let parsed = blank(value).map(|c| decode(c).ok_or("is not a cursor this service gave out")).transpose();
    errors.check("cursor", parsed).flatten()
}

/// Which page of a list: the `cursor` and `limit` parameters.
pub(crate) fn paging<K, Id>(
    errors: &mut FieldErrors,
    after: Option<&String>,
    per_page: Option<&String>,
) -> Paging<K, Id>
where
    K: SortKey,
    Id: std::fmt::Display + std::str::FromStr + Copy,
{
    let after = cursor(errors, after, Cursor::decode);
    Paging { after, limit: limit(errors, per_page, homeward_core::domain::paging::DEFAULT_LIMIT) }
}

/// Turns query text into a domain query, collecting every problem. Blank values mean "any".
pub fn parse_query(params: &ListParams) -> Result<EpisodeQuery, CoreError> {
    let mut errors = FieldErrors::new();
    let status = errors.check("status", blank(params.status.as_ref()).map(EpisodeStatus::parse).transpose());
    let risk = errors.check("risk", blank(params.risk.as_ref()).map(RiskGrade::parse_current).transpose());
    let agency = errors.check("agency", blank(params.agency.as_ref()).map(AgencyCode::parse).transpose());
    let legacy_absent = flag(&mut errors, "legacy_absent", params.legacy_absent.as_ref());
    let order = errors.check("order", blank(params.order.as_ref()).map(EpisodeOrder::parse).transpose());
    let after = cursor(&mut errors, params.cursor.as_ref(), EpisodeCursor::decode);
    let limit = limit(&mut errors, params.limit.as_ref(), EpisodeQuery::DEFAULT_LIMIT);
    errors.into_result()?;
    Ok(EpisodeQuery {
        status: status.flatten(),
        risk: risk.flatten(),
        agency: agency.flatten(),
        legacy_absent,
        order: order.flatten().unwrap_or(EpisodeOrder::NewestFirst),
        after,
        limit,
    })
}

/// The query string that asks for `query` again (with its cursor, if any): for next-page and sort links. Every
/// value comes from a parsed domain type, so none needs escaping.
pub fn query_string(query: &EpisodeQuery) -> String {
    let mut pairs = Vec::new();
    if let Some(status) = query.status {
        pairs.push(format!("status={status}"));
    }
    if let Some(risk) = query.risk {
        pairs.push(format!("risk={risk}"));
    }
    if let Some(agency) = &query.agency {
        pairs.push(format!("agency={agency}"));
    }
    if query.legacy_absent {
        pairs.push("legacy_absent=true".to_owned());
    }
    pairs.push(format!("order={}", query.order));
    if query.limit != EpisodeQuery::DEFAULT_LIMIT {
        pairs.push(format!("limit={}", query.limit));
    }
    if let Some(cursor) = query.after {
        pairs.push(format!("cursor={}", cursor.encode()));
    }
    pairs.join("&")
}
