//! The episode list's filters, as the API and the pages both take them from a query string.

use homeward_core::domain::episode::{EpisodeCursor, EpisodeOrder, EpisodeQuery, EpisodeStatus};
use homeward_core::domain::ids::AgencyId;
use homeward_core::domain::risk::RiskGrade;
use homeward_core::{CoreError, FieldErrors};

/// Filters and paging of the episode list. Unknown values are refused with a field message.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `missing` or `returned`.
    pub status: Option<String>,
    /// The joint grade: `no_apparent_risk`, `low`, `medium` or `high`.
    pub risk: Option<String>,
    /// An agency id: episodes it recorded, investigates, or that started in its area.
    pub agency: Option<String>,
    /// `newest` (the default) or `oldest` first, by when the person went missing.
    pub order: Option<String>,
    /// The `next` value of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    pub limit: Option<String>,
}

fn blank(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Turns query text into a domain query, collecting every problem. Blank values mean "any".
pub fn parse_query(params: &ListParams) -> Result<EpisodeQuery, CoreError> {
    let mut errors = FieldErrors::new();
    let status = errors.check("status", blank(params.status.as_ref()).map(EpisodeStatus::parse).transpose());
    let risk = errors.check("risk", blank(params.risk.as_ref()).map(RiskGrade::parse_current).transpose());
    let agency_id = errors.check("agency", blank(params.agency.as_ref()).map(AgencyId::parse).transpose());
    let order = errors.check("order", blank(params.order.as_ref()).map(EpisodeOrder::parse).transpose());
    let after = errors.check(
        "cursor",
        blank(params.cursor.as_ref())
            .map(|c| EpisodeCursor::decode(c).ok_or("is not a cursor this service gave out"))
            .transpose(),
    );
    let limit = errors.check(
        "limit",
        blank(params.limit.as_ref())
            .map(|l| {
                l.parse::<u32>()
                    .ok()
                    .filter(|n| (1..=EpisodeQuery::MAX_LIMIT).contains(n))
                    .ok_or("must be a whole number from 1 to 200")
            })
            .transpose(),
    );
    errors.into_result()?;
    Ok(EpisodeQuery {
        status: status.flatten(),
        risk: risk.flatten(),
        agency_id: agency_id.flatten(),
        order: order.flatten().unwrap_or(EpisodeOrder::NewestFirst),
        after: after.flatten(),
        limit: limit.flatten().unwrap_or(EpisodeQuery::DEFAULT_LIMIT),
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
    if let Some(agency) = query.agency_id {
        pairs.push(format!("agency={agency}"));
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
