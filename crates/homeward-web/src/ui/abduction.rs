//! Child abduction warning notices, for the police: the force's notices (all, one child's or one adult's) and the
//! form recording one, reached from an associate's page and a child's episode.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::abduction::NoticeFilter;
use homeward_core::domain::ids::{AssociateId, PersonId};
use homeward_core::domain::time::format_date_long;
use homeward_core::services::{NewAbductionNotice, NoticeInput, NoticeView};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Fields, FormState};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    adult: String,
    associate_id: String,
    child: String,
    served_on: String,
    expires_on: String,
    in_force: bool,
    reference: String,
}

fn row(view: &NoticeView) -> Row {
    let n = &view.notice;
    Row {
        adult: view
            .associate
            .as_ref()
            .map_or_else(|| "Unknown adult".to_owned(), homeward_core::domain::intel::Associate::label),
        associate_id: n.associate_id.to_string(),
        child: view.child.as_ref().map_or_else(
            || "A child your force no longer sees".to_owned(),
            |c| format!("{} {}", c.given_name, c.family_name),
        ),
        served_on: format_date_long(n.served_on),
        expires_on: format_date_long(n.expires_on),
        in_force: view.in_force,
        reference: n.police_reference.as_ref().map(ToString::to_string).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "abduction_notices.html")]
struct ListPage {
    chrome: Chrome,
    notice: bool,
    rows: Vec<Row>,
    new_href: String,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ListParams {
    child_id: Option<String>,
    associate_id: Option<String>,
    recorded: Option<String>,
    cursor: Option<String>,
}

/// `GET /abduction-notices`: the force's notices, perhaps one child's or one adult's.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    let child = params.child_id.as_deref().and_then(|id| PersonId::parse(id).ok());
    let associate = params.associate_id.as_deref().and_then(|id| AssociateId::parse(id).ok());
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    let page = state
        .core
        .abduction_notices(&signed_in.current.actor, NoticeFilter { child, associate }, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let mut query = Vec::new();
    if let Some(child) = child {
        query.push(format!("child_id={child}"));
    }
    if let Some(associate) = associate {
        query.push(format!("associate_id={associate}"));
    }
    let list = format!("/abduction-notices?{}", query.join("&"));
    let shown = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Child abduction warning notices", &signed_in, Nav::None),
        notice: params.recorded.is_some(),
        rows: page.items.iter().map(row).collect(),
        new_href: format!("/abduction-notices/new?{}", query.join("&")),
        next_href: page.next.map(|cursor| format!("{list}&cursor={}", cursor.encode())),
        first_href: paging.after.map(|_| list.clone()),
    };
    Ok(render(&shown).into_response())
}

#[derive(Template)]
#[template(path = "abduction_notice_new.html")]
struct NewPage {
    chrome: Chrome,
    form: FormState,
}

fn new_page(state: &AppState, signed_in: &SignedIn, form: FormState) -> Response {
    let title = if form.has_errors() {
        "Error: Record a child abduction warning notice"
    } else {
        "Record a child abduction warning notice"
    };
    let page = NewPage { chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::None), form };
    let has_errors = page.form.has_errors();
    render_form(&page, has_errors)
}

/// `GET /abduction-notices/new?associate_id=&child_id=`: the adult and child filled in from where it was opened.
pub async fn new_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    homeward_core::authz::check_at_all(&signed_in.current.actor, homeward_core::Action::RecordAbductionNotice)
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let chosen = [("associate_id", params.associate_id), ("child_id", params.child_id)];
    let pairs = chosen.into_iter().filter_map(|(name, id)| Some((name.to_owned(), id?))).collect::<Vec<_>>();
    Ok(new_page(&state, &signed_in, FormState::new(Fields::from(pairs), Vec::new())))
}

/// `POST /abduction-notices/new`.
pub async fn new_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let text = |name: &str| fields.one(name).unwrap_or_default().to_owned();
    let parsed = NewAbductionNotice::parse(&NoticeInput {
        associate_id: text("associate_id"),
        child_id: text("child_id"),
        served_on: text("served_on"),
        expires_on: text("expires_on"),
        police_reference: fields.one("police_reference").map(str::to_owned),
        notes: fields.one("notes").map(str::to_owned),
    });
    let result = match parsed {
        Ok(new) => state.core.record_abduction_notice(&signed_in.current.actor, new).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(view) => {
            Ok(Redirect::to(&format!("/abduction-notices?child_id={}&recorded=1", view.notice.child_id))
                .into_response())
        }
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, "associate_id").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            Ok(new_page(&state, &signed_in, form))
        }
    }
}
