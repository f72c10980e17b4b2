//! The episode list: filters (status, risk, agency, those imported as "absent" awaiting review), order and pages,
//! read through the core, so it is scoped to the user's agency and audited exactly as the API is.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use homeward_core::CoreError;
use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::episode::{EpisodeOrder, EpisodeQuery, EpisodeStatus};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::domain::time::{age_on, format_london};

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::forms::Choice;
use super::session::SignedIn;
use crate::AppState;
use crate::filters::{ListParams, parse_query, query_string};

/// A select's options: "any" first, then each option, the current one selected.
fn choices(any: &str, options: impl IntoIterator<Item = (String, String)>, current: Option<&str>) -> Vec<Choice> {
    std::iter::once((String::new(), any.to_owned()))
        .chain(options)
        .map(|(value, label)| Choice::new(&value, &label, current.unwrap_or_default() == value))
        .collect()
}

struct Row {
    id: String,
    name: String,
    age: i32,
    went_missing: String,
    status: &'static str,
    status_class: &'static str,
    risk: &'static str,
    risk_class: &'static str,
}

#[derive(Template)]
#[template(path = "episodes.html")]
struct EpisodesPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    status: Vec<Choice>,
    risk: Vec<Choice>,
    agency: Vec<Choice>,
    legacy_absent: bool,
    order: Vec<Choice>,
    caption: String,
    sort: &'static str,
    reverse_href: String,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

pub(super) fn status_tag(status: EpisodeStatus) -> (&'static str, &'static str) {
    match status {
        EpisodeStatus::Missing => ("Missing", "govuk-tag--red"),
        EpisodeStatus::Returned => ("Returned", "govuk-tag--green"),
    }
}

pub(super) fn risk_tag(grade: Option<RiskGrade>) -> (&'static str, &'static str) {
    match grade {
        Some(RiskGrade::High) => ("High", "govuk-tag--red"),
        Some(RiskGrade::Medium) => ("Medium", "govuk-tag--orange"),
        Some(RiskGrade::Low) => ("Low", "govuk-tag--yellow"),
        Some(RiskGrade::NoApparentRisk) => ("No apparent risk", "govuk-tag--grey"),
        None => ("Not assessed", "govuk-tag--grey"),
    }
}

/// `GET /episodes`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    let failed = |e: CoreError| HtmlError::new(e, signed_in.request_id.clone());
    let agencies = state.core.agencies().await.map_err(failed)?;
    let (query, errors) = match parse_query(&params) {
        Ok(query) => (query, Vec::new()),
        Err(CoreError::Invalid(fields)) => (
            EpisodeQuery::default(),
            fields.iter().map(|(field, message)| (field.to_owned(), message.to_owned())).collect(),
        ),
        Err(other) => return Err(failed(other)),
    };
    let page = if errors.is_empty() {
        Some(state.core.list_episodes(&signed_in.current.actor, query.clone()).await.map_err(failed)?)
    } else {
        None
    };
    let rows: Vec<Row> = page
        .iter()
        .flat_map(|page| &page.items)
        .map(|listing| {
            let e = &listing.episode;
            let (status, status_class) = status_tag(e.status);
            let (risk, risk_class) = risk_tag(e.risk.joint);
            Row {
                id: e.id.to_string(),
                name: format!("{} {}", listing.given_name, listing.family_name),
                age: age_on(listing.date_of_birth, e.went_missing_at.date()),
                went_missing: format_london(e.went_missing_at),
                status,
                status_class,
                risk,
                risk_class,
            }
        })
        .collect();
    let first_page = EpisodeQuery { after: None, ..query.clone() };
    let next_href = page.as_ref().and_then(|p| p.next).map(|cursor| {
        format!("/episodes?{}", query_string(&EpisodeQuery { after: Some(cursor), ..first_page.clone() }))
    });
    let first_href = query.after.map(|_| format!("/episodes?{}", query_string(&first_page)));
    let reversed = match query.order {
        EpisodeOrder::NewestFirst => EpisodeOrder::OldestFirst,
        EpisodeOrder::OldestFirst => EpisodeOrder::NewestFirst,
    };
    let reverse_href = format!("/episodes?{}", query_string(&EpisodeQuery { order: reversed, ..first_page.clone() }));
    let status_choices = EpisodeStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_tag(*s).0.to_owned()));
    let risk_choices = RiskGrade::ALL.iter().rev().map(|g| (g.as_str().to_owned(), g.label().to_owned()));
    let agency_choices = agencies.iter().map(|a| (a.code.to_string(), a.name.to_string()));
    let title = if errors.is_empty() { "Missing episodes" } else { "Error: Missing episodes" };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let listing = EpisodesPage {
        chrome: Chrome::signed_in(&state.assets, title, &signed_in, Nav::Episodes),
        status: choices("Any status", status_choices, query.status.map(EpisodeStatus::as_str)),
        risk: choices("Any risk", risk_choices, query.risk.map(RiskGrade::as_str)),
        agency: choices("Any agency", agency_choices, query.agency.as_ref().map(AgencyCode::as_str)),
        legacy_absent: query.legacy_absent,
        order: vec![
            Choice::new("newest", "Newest first", query.order == EpisodeOrder::NewestFirst),
            Choice::new("oldest", "Oldest first", query.order == EpisodeOrder::OldestFirst),
        ],
        caption: format!("{} episode{} on this page", rows.len(), if rows.len() == 1 { "" } else { "s" }),
        sort: match query.order {
            EpisodeOrder::NewestFirst => "descending",
            EpisodeOrder::OldestFirst => "ascending",
        },
        reverse_href,
        errors,
        rows,
        next_href,
        first_href,
    };
    let mut response = render(&listing);
    *response.status_mut() = status;
    Ok(response)
}
