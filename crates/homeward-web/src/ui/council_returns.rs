//! The Returns page (`/returns`, linked from the figures page): a council's Annex A list, Standard Safeguarding
//! Dataset table and return interview figures, and the research extract, each chosen with a period and downloaded
//! as CSV (`/returns/{kind}`). Which kinds a person may write, for which council, and every cell are the core's
//! decisions (docs/RETURNS.md); a user's council is their own.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use homeward_core::domain::returns::{CouncilReturnRequest, ResearchRequest, ReturnFile, ReturnKind};
use homeward_core::domain::time::format_date;
use homeward_core::{Actor, Core, CoreError};

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, date_given, date_text};
use super::session::SignedIn;
use crate::AppState;

#[derive(Template)]
#[template(path = "returns.html")]
struct ReturnsPage {
    chrome: Chrome,
    form: FormState,
    kinds: Vec<Choice>,
    caption: String,
    /// The download's address and what it is, once the form is right.
    ready: Option<(String, String)>,
}

/// The kinds this person writes, or a refusal: the page is for nobody else.
fn kinds_for(signed_in: &SignedIn) -> Result<Vec<ReturnKind>, HtmlError> {
    let actor = &signed_in.current.actor;
    let kinds: Vec<ReturnKind> = ReturnKind::ALL.iter().copied().filter(|k| actor.may_write_return(*k)).collect();
    if kinds.is_empty() {
        Err(HtmlError::new(
            CoreError::Forbidden("returns are for council coordinators, senior managers and analysts"),
            signed_in.request_id.clone(),
        ))
    } else {
        Ok(kinds)
    }
}

/// The download's query for a valid form, or the form's problems as GOV.UK messages.
fn download_query(signed_in: &SignedIn, form: &mut FormState, kinds: &[ReturnKind]) -> Option<(ReturnKind, String)> {
    let kind = form.fields.one("kind").and_then(|k| ReturnKind::parse(k).ok()).filter(|k| kinds.contains(k));
    let Some(kind) = kind else {
        form.errors.push(("kind".into(), "Choose which file to download".into()));
        return None;
    };
    let dated = |prefix| date_given(&form.fields, prefix).then(|| date_text(&form.fields, prefix));
    let (from, to) = (dated("from"), dated("to"));
    let la = signed_in.current.agency.code.to_string();
    let k = form.fields.one("k").map(str::to_owned);
    let parsed = if kind.is_councils() {
        CouncilReturnRequest::parse(from.as_deref(), to.as_deref(), Some(&la))
            .map(|r| format!("from={}&to={}&la={}", format_date(r.period.from()), format_date(r.period.to()), r.la))
    } else {
        ResearchRequest::parse(from.as_deref(), to.as_deref(), k.as_deref()).map(|r| {
            let period = r
                .period
                .map_or_else(String::new, |p| format!("from={}&to={}&", format_date(p.from()), format_date(p.to())));
            format!("{period}k={}", r.k.get())
        })
    };
    match parsed {
        Ok(query) => Some((kind, query)),
        Err(fields) => {
            let said = |field: &str| match field {
                "from" => "Enter a real start date, for example 1 4 2025",
                "to" => "Enter a real end date, on or after the start and within 10 years",
                "k" => "Enter k as a whole number from 2 to 1000",
                _ => "Only your own council's returns are yours to download",
            };
            form.errors.extend(fields.iter().map(|(field, _)| (field.to_owned(), said(field).to_owned())));
            None
        }
    }
}

/// `GET /returns`: the choice of file and period; once chosen and right, the link to download it.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let kinds = kinds_for(&signed_in)?;
    let asked = fields.one("kind").is_some() || ["from", "to"].iter().any(|p| date_given(&fields, p));
    let mut form = FormState::new(fields, Vec::new());
    let ready = if asked {
        download_query(&signed_in, &mut form, &kinds)
            .map(|(kind, query)| (format!("/returns/{kind}?{query}"), kind.describe().to_owned()))
    } else {
        None
    };
    let kinds = kinds.iter().map(|k| Choice::new(k.as_str(), k.describe(), false)).collect();
    let title = if form.has_errors() { "Error: Returns" } else { "Returns" };
    let page = ReturnsPage {
        chrome: Chrome::signed_in(&state.assets, title, &signed_in, Nav::Figures),
        caption: signed_in.current.agency.name.to_string(),
        kinds,
        ready,
        form,
    };
    Ok(render_form(&page, page.form.has_errors()))
}

/// The file as a download, named for its kind, council and period.
fn csv_response(file: &ReturnFile, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        file.csv(),
    )
        .into_response()
}

/// What a download asks for, as the page's link and the API's query both give it.
#[derive(Debug, Default)]
pub struct ReturnQuery<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub la: Option<&'a str>,
    pub k: Option<&'a str>,
}

/// The file of `kind` the query asks for, written by the core for the actor, as a CSV download: the one answer of
/// the page's link and of `GET /api/v1/returns/{kind}`.
pub async fn return_download(
    core: &Core,
    actor: &Actor,
    kind: &str,
    query: ReturnQuery<'_>,
) -> Result<Response, CoreError> {
    let kind = ReturnKind::parse(kind).map_err(|_| CoreError::NotFound)?;
    if kind.is_councils() {
        let request = CouncilReturnRequest::parse(query.from, query.to, query.la).map_err(CoreError::Invalid)?;
        let (from, to) = (format_date(request.period.from()), format_date(request.period.to()));
        let file = core.council_return(actor, kind, &request).await?;
        Ok(csv_response(&file, &format!("{kind}-{}-{from}-to-{to}", request.la)))
    } else {
        let request = ResearchRequest::parse(query.from, query.to, query.k).map_err(CoreError::Invalid)?;
        let file = core.research_extract(actor, &request).await?;
        Ok(csv_response(&file, &format!("research-k{}", request.k.get())))
    }
}

/// The page's link's query: the same names the API takes.
#[derive(Debug, serde::Deserialize)]
pub struct DownloadParams {
    from: Option<String>,
    to: Option<String>,
    la: Option<String>,
    k: Option<String>,
}

/// `GET /returns/{kind}?from=&to=&la=&k=`: the file; the council is the user's own unless named.
pub async fn download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(kind): Path<String>,
    Query(params): Query<DownloadParams>,
) -> Result<Response, HtmlError> {
    let own = signed_in.current.agency.code.to_string();
    let query = ReturnQuery {
        from: params.from.as_deref(),
        to: params.to.as_deref(),
        la: Some(params.la.as_deref().unwrap_or(&own)),
        k: params.k.as_deref(),
    };
    return_download(&state.core, &signed_in.current.actor, &kind, query)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))
}
