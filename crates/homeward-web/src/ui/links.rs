//! The review queue of proposed links between records of one person: the list of potential proposals about people
//! the user sees, and the page deciding one (confirm or reject, with a reason). Undoing a decision is the API's
//! (`POST /api/v1/link-proposals/{id}/undo`).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::ids::LinkProposalId;
use homeward_core::domain::link::{LinkDecision, LinkProposal, LinkStatus};
use homeward_core::domain::time::format_london;

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

/// A proposal as the pages show it: ids, the probability and how each field compared, never a name.
struct Card {
    id: String,
    person_l: String,
    person_r: String,
    percent: String,
    evidence: String,
    proposed: String,
}

fn card(p: &LinkProposal) -> Card {
    Card {
        id: p.id.to_string(),
        person_l: p.person_l.to_string(),
        person_r: p.person_r.to_string(),
        percent: format!("{:.1}%", p.probability.fraction() * 100.0),
        evidence: p.evidence.join(", "),
        proposed: format_london(p.proposed_at),
    }
}

#[derive(Template)]
#[template(path = "link_proposals.html")]
struct ListPage {
    chrome: Chrome,
    notice: bool,
    cards: Vec<Card>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct ListParams {
    cursor: Option<String>,
    decided: Option<String>,
}

/// `GET /link-proposals`: the potential links, oldest first.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    // A cursor this page did not give out shows the first page rather than an error.
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    let page = state
        .core
        .link_proposals(&signed_in.current.actor, LinkStatus::Potential, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let list = "/link-proposals";
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Possible duplicate records", &signed_in, Nav::None),
        notice: params.decided.is_some(),
        cards: page.items.iter().map(card).collect(),
        next_href: page.next.map(|cursor| format!("{list}?cursor={}", cursor.encode())),
        first_href: paging.after.map(|_| list.to_owned()),
    };
    Ok(render(&page).into_response())
}

#[derive(Template)]
#[template(path = "link_review.html")]
struct ReviewPage {
    chrome: Chrome,
    card: Card,
    form: FormState,
    decisions: Vec<Choice>,
}

async fn review_page(
    state: &AppState,
    signed_in: &SignedIn,
    id: LinkProposalId,
    form: FormState,
) -> Result<Response, HtmlError> {
    let proposal = state
        .core
        .link_proposal(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let title = if form.has_errors() { "Error: Review a possible duplicate" } else { "Review a possible duplicate" };
    let page = ReviewPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::None),
        card: card(&proposal),
        decisions: vec![
            Choice::new("confirm", "The same person: link the records", form.chosen("decision", "confirm")),
            Choice::new("reject", "Different people", form.chosen("decision", "reject")),
        ],
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /link-proposals/{id}`.
pub async fn review_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<LinkProposalId>(&id)?;
    review_page(&state, &signed_in, id, FormState::default()).await
}

/// `POST /link-proposals/{id}`: confirms or rejects, then back to the list.
pub async fn review_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<LinkProposalId>(&id)?;
    let actor = &signed_in.current.actor;
    let decision = LinkDecision::parse(fields.one("reason"));
    let result = match (fields.one("decision"), decision) {
        (Some("confirm"), Ok(decision)) => state.core.confirm_link(actor, id, decision).await.map(drop),
        (Some("reject"), Ok(decision)) => state.core.reject_link(actor, id, decision).await.map(drop),
        (_, decision) => {
            let mut errors = FieldErrors::new();
            if !matches!(fields.one("decision"), Some("confirm" | "reject")) {
                errors.add("decision", "say whether they are the same person or different people");
            }
            if let Err(homeward_core::CoreError::Invalid(reason)) = decision {
                for (field, message) in reason.iter() {
                    errors.add(field, message);
                }
            }
            Err(homeward_core::CoreError::Invalid(errors))
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to("/link-proposals?decided=1").into_response()),
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, "decision").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            review_page(&state, &signed_in, id, form).await
        }
    }
}
