//! `GET /long-term-missing`: the long-term missing register as the police and the responsible council see it,
//! the longest missing first, each with when its next review falls due.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::long_term::LongTermItem;
use homeward_core::domain::time::{format_date_long, format_london};

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::forms::Fields;
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    href: String,
    name: String,
    went_missing: String,
    liaison: String,
    review_due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "long_term_register.html")]
struct RegisterPage {
    chrome: Chrome,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

fn row(item: &LongTermItem) -> Row {
    let listing = &item.listing.listing;
    Row {
        href: format!("/episodes/{}", listing.episode.id),
        name: format!("{} {}", listing.given_name, listing.family_name),
        went_missing: format_london(listing.episode.went_missing_at),
        liaison: item
            .listing
            .entry
            .as_ref()
            .and_then(|e| e.liaison_officer.as_ref())
            .map_or_else(|| "Not recorded".to_owned(), ToString::to_string),
        review_due: format_date_long(item.review_due_on),
        overdue: item.review_overdue,
    }
}

/// `GET /long-term-missing`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let paging = paging(&mut FieldErrors::new(), fields.one("cursor").map(str::to_owned).as_ref(), None);
    let page = state
        .core
        .list_long_term(&signed_in.current.actor, paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let page = RegisterPage {
        chrome: Chrome::signed_in(&state.assets, "Long-term missing", &signed_in, Nav::Episodes),
        rows: page.items.iter().map(row).collect(),
        next_href: page.next.map(|c| format!("/long-term-missing?cursor={}", c.encode())),
        first_href: paging.after.map(|_| "/long-term-missing".to_owned()),
    };
    Ok(render(&page).into_response())
}
