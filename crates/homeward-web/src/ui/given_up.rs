//! `/notifications/given-up`: the notifications of the admin's agency that Homeward gave up delivering after every
//! attempt failed, with the server's last answer, so the admin can put the address or the server right.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use homeward_core::FieldErrors;
use homeward_core::domain::notification::{Event, Notification};
use homeward_core::domain::time::format_london;

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

/// One row of the table.
struct Row {
    about: &'static str,
    channel: &'static str,
    recipient: String,
    attempts: i64,
    last_error: String,
    queued: String,
    given_up: String,
}

fn row(n: &Notification) -> Row {
    Row {
        about: match &n.event {
            Event::Alert(alert) => alert.kind.describe(),
            Event::Digest(_) => "The daily digest",
        },
        channel: match n.channel.as_str() {
            "webhook" => "Webhook",
            _ => "Email",
        },
        recipient: n.recipient.clone(),
        attempts: n.attempts,
        last_error: n.last_error.clone().unwrap_or_default(),
        queued: format_london(n.created_at),
        given_up: n.gave_up_at.map(format_london).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "given_up.html")]
struct GivenUpPage {
    chrome: Chrome,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct Params {
    cursor: Option<String>,
}

/// `GET /notifications/given-up`: the agency's admin only (the core refuses anyone else).
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<Params>,
) -> Result<Response, HtmlError> {
    // A cursor this page did not give out shows the first page rather than an error.
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    let page = state
        .core
        .given_up_notifications(&signed_in.current.actor, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let list = "/notifications/given-up";
    let page = GivenUpPage {
        chrome: Chrome::signed_in(&state.assets, "Notifications not delivered", &signed_in, Nav::None),
        rows: page.items.iter().map(row).collect(),
        next_href: page.next.map(|cursor| format!("{list}?cursor={}", cursor.encode())),
        first_href: paging.after.map(|_| list.to_owned()),
    };
    Ok(render(&page))
}
