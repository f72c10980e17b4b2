//! A children's home's notifications to Ofsted (Children's Homes Regulations 2015 reg 40(4)): the list of what it
//! owes, oldest prompt first, and recording one (when Ofsted was told, and its reference).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::ids::OfstedNotificationId;
use homeward_core::domain::ofsted::OfstedFilter;
use homeward_core::domain::time::format_london;
use homeward_core::rules::ofsted::overdue_at;
use homeward_core::services::{NewOfstedNotification, OfstedInput, OfstedView};
use homeward_core::{Action, CoreError, FieldErrors};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Fields, FormState, london_time};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Card {
    id: String,
    episode_id: String,
    child: String,
    cause: &'static str,
    prompted: String,
    alert_at: String,
    overdue: bool,
    notified: Option<String>,
    reference: String,
    may_record: bool,
}

fn card(view: &OfstedView, now: homeward_core::domain::time::Timestamp) -> Card {
    let n = &view.notification;
    let child = view.person.as_ref().map_or_else(
        || "A child your home no longer sees".to_owned(),
        |p| format!("{} {}", p.given_name, p.family_name),
    );
    Card {
        id: n.id.to_string(),
        episode_id: n.episode_id.to_string(),
        child,
        cause: n.cause.describe(),
        prompted: format_london(n.prompted_at),
        alert_at: format_london(overdue_at(n)),
        overdue: n.notified_at.is_none() && overdue_at(n) <= now,
        notified: n.notified_at.map(format_london),
        reference: n.reference.as_ref().map(ToString::to_string).unwrap_or_default(),
        may_record: view.actions.contains(Action::RecordOfstedNotification),
    }
}

#[derive(Template)]
#[template(path = "ofsted_notifications.html")]
struct ListPage {
    chrome: Chrome,
    all: bool,
    notice: bool,
    cards: Vec<Card>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct ListParams {
    all: Option<String>,
    recorded: Option<String>,
    cursor: Option<String>,
}

/// `GET /ofsted-notifications`: those not yet recorded, or all with `all=true`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    let all = params.all.as_deref() == Some("true");
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    let filter = OfstedFilter { unrecorded_only: !all };
    let page = state
        .core
        .ofsted_notifications(&signed_in.current.actor, filter, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let now = state.core.now();
    let list = if all { "/ofsted-notifications?all=true&" } else { "/ofsted-notifications?" };
    let shown = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Notifications to Ofsted", &signed_in, Nav::None),
        all,
        notice: params.recorded.is_some(),
        cards: page.items.iter().map(|v| card(v, now)).collect(),
        next_href: page.next.map(|cursor| format!("{list}cursor={}", cursor.encode())),
        first_href: paging.after.map(|_| list.trim_end_matches(['?', '&']).to_owned()),
    };
    Ok(render(&shown).into_response())
}

#[derive(Template)]
#[template(path = "ofsted_record.html")]
struct RecordPage {
    chrome: Chrome,
    card: Card,
    form: FormState,
}

async fn record_page(
    state: &AppState,
    signed_in: &SignedIn,
    id: OfstedNotificationId,
    form: FormState,
) -> Result<Response, HtmlError> {
    let view = state
        .core
        .ofsted_notification(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let title =
        if form.has_errors() { "Error: Record a notification to Ofsted" } else { "Record a notification to Ofsted" };
    let page = RecordPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::None),
        card: card(&view, state.core.now()),
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /ofsted-notifications/{id}`.
pub async fn record_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<OfstedNotificationId>(&id)?;
    record_page(&state, &signed_in, id, FormState::default()).await
}

/// `POST /ofsted-notifications/{id}`.
pub async fn record_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<OfstedNotificationId>(&id)?;
    let notified_at = london_time(&fields, "notified", "Ofsted was told");
    let parsed = match &notified_at {
        Ok(at) => NewOfstedNotification::parse(&OfstedInput {
            notified_at: Some(at.clone()),
            reference: fields.one("reference").map(str::to_owned),
        }),
        Err(message) => Err(CoreError::invalid("notified_at", message.clone())),
    };
    let result = match parsed {
        Ok(new) => state.core.record_ofsted_notification(&signed_in.current.actor, id, new).await.map(|_| ()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/ofsted-notifications?recorded=1").into_response()),
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, "notified_at").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            record_page(&state, &signed_in, id, form).await
        }
    }
}
