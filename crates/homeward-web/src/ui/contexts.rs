//! Contexts on the pages: the agency's contexts (`/contexts`), opening one about a place, associate or child
//! (`/contexts/new`), and one context with its members and a button to close it (`/contexts/{id}`).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::context::{Context, ContextKind};
use homeward_core::domain::ids::ContextId;
use homeward_core::domain::time::{format_date_long, format_london};
use homeward_core::services::intel::{ContextInput, ContextView, NewContext};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    href: String,
    title: String,
    kind: &'static str,
    review: String,
    state: &'static str,
}

fn kind_label(kind: ContextKind) -> &'static str {
    match kind {
        ContextKind::Place => "A place",
        ContextKind::PeerGroup => "A peer group",
    }
}

fn row(c: &Context) -> Row {
    Row {
        href: format!("/contexts/{}", c.id),
        title: c.title.to_string(),
        kind: kind_label(c.kind),
        review: format_date_long(c.review_on),
        state: if c.closed_at.is_some() { "Closed" } else { "Open" },
    }
}

#[derive(Template)]
#[template(path = "contexts.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

/// `GET /contexts`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let paging = paging(&mut FieldErrors::new(), fields.one("cursor").map(str::to_owned).as_ref(), None);
    let page = state
        .core
        .contexts(&signed_in.current.actor, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Contexts", &signed_in, Nav::None),
        rows: page.items.iter().map(row).collect(),
        next_href: page.next.map(|c| format!("/contexts?cursor={}", c.encode())),
        first_href: paging.after.map(|_| "/contexts".to_owned()),
    };
    Ok(render(&page).into_response())
}

#[derive(Template)]
#[template(path = "context_new.html")]
struct NewPage {
    chrome: Chrome,
    form: FormState,
    kinds: Vec<Choice>,
    /// The members carried in hidden fields: (field name, id).
    members: Vec<(&'static str, String)>,
}

fn members(fields: &Fields) -> Vec<(&'static str, String)> {
    ["place", "associate", "child"]
        .iter()
        .flat_map(|name| fields.all(name).into_iter().map(|id| (*name, id.to_owned())))
        .collect()
}

fn new_page(state: &AppState, signed_in: &SignedIn, form: FormState) -> Response {
    let title = if form.has_errors() { "Error: Open a context" } else { "Open a context" };
    let kinds = vec![
        Choice::new("place", "A place", form.chosen("kind", "place")),
        Choice::new("peer_group", "A peer group", form.chosen("kind", "peer_group")),
    ];
    let page = NewPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::None),
        members: members(&form.fields),
        kinds,
        form,
    };
    let has_errors = page.form.has_errors();
    render_form(&page, has_errors)
}

/// `GET /contexts/new?place=ID` (or `associate=`, `child=`, repeated): a place's context unless the link says.
pub async fn new_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(mut pairs): Query<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    if !pairs.iter().any(|(name, _)| name == "kind") {
        let kind = if pairs.iter().any(|(name, _)| name == "child") { "peer_group" } else { "place" };
        pairs.push(("kind".to_owned(), kind.to_owned()));
    }
    Ok(new_page(&state, &signed_in, FormState::new(Fields::from(pairs), Vec::new())))
}

/// `POST /contexts/new`: opens the context, then shows it.
pub async fn new_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let all = |name: &str| fields.all(name).into_iter().map(str::to_owned).collect::<Vec<_>>();
    let input = ContextInput {
        kind: fields.one("kind").unwrap_or_default().to_owned(),
        title: fields.one("title").unwrap_or_default().to_owned(),
        plan: fields.one("plan").unwrap_or_default().to_owned(),
        review_on: fields.one("review_on").unwrap_or_default().to_owned(),
        places: all("place"),
        associates: all("associate"),
        children: all("child"),
    };
    let opened = match NewContext::parse(&input) {
        Ok(new) => state.core.open_context(&signed_in.current.actor, new).await,
        Err(refused) => Err(refused),
    };
    match opened {
        Ok(view) => Ok(Redirect::to(&format!("/contexts/{}?opened=1", view.context.id)).into_response()),
        Err(refused) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(refused, "title").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            Ok(new_page(&state, &signed_in, form))
        }
    }
}

#[derive(Template)]
#[template(path = "context.html")]
struct ContextPage {
    chrome: Chrome,
    notice: Option<&'static str>,
    id: String,
    open: bool,
    title: String,
    facts: Vec<(&'static str, String)>,
    /// What the context links: (what, label, href).
    linked: Vec<(&'static str, String, String)>,
}

fn context_page(state: &AppState, signed_in: &SignedIn, view: &ContextView, notice: Option<&'static str>) -> Response {
    let c = &view.context;
    let mut facts = vec![
        ("About", kind_label(c.kind).to_owned()),
        ("Plan", c.plan.to_string()),
        ("Review by", format_date_long(c.review_on)),
        ("Opened", format_london(c.opened_at)),
    ];
    if let Some(closed) = c.closed_at {
        facts.push(("Closed", format_london(closed)));
    }
    let linked = view
        .places
        .iter()
        .map(|p| ("Place", p.label(), format!("/places/{}", p.id)))
        .chain(view.associates.iter().map(|a| ("Associate", a.label(), format!("/associates/{}", a.id))))
        .chain(
            view.children
                .iter()
                .map(|p| ("Child", format!("{} {}", p.given_name, p.family_name), format!("/people/{}/network", p.id))),
        )
        .collect();
    let page = ContextPage {
        chrome: Chrome::signed_in(&state.assets, c.title.as_str(), signed_in, Nav::None),
        notice,
        id: c.id.to_string(),
        open: c.closed_at.is_none(),
        title: c.title.to_string(),
        facts,
        linked,
    };
    render(&page).into_response()
}

/// `GET /contexts/{id}`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let id: ContextId = signed_in.id(&id)?;
    let view = state
        .core
        .context_view(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let notice = if fields.one("opened").is_some() {
        Some("The context is open: a new episode or finding that touches it will alert your agency")
    } else if fields.one("closed").is_some() {
        Some("The context is closed")
    } else {
        None
    };
    Ok(context_page(&state, &signed_in, &view, notice))
}

/// `POST /contexts/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id: ContextId = signed_in.id(&id)?;
    state
        .core
        .close_context(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to(&format!("/contexts/{id}?closed=1")).into_response())
}
