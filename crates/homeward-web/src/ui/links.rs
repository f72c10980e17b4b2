//! The review queue of proposed links between records of one person: the lists of potential, confirmed and
//! rejected proposals about people the user sees, the page deciding one (confirm or reject, with a reason), and
//! undoing a decision from the lists.

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
        evidence: homeward_core::domain::link::fields_compared(&p.evidence)
            .iter()
            .map(|f| format!("{}: {}.", f.label, f.words))
            .collect::<Vec<_>>()
            .join(" "),
        proposed: format_london(p.proposed_at),
    }
}

#[derive(Template)]
#[template(path = "link_proposals.html")]
struct ListPage {
    chrome: Chrome,
    notice: Option<&'static str>,
    /// `potential`, `confirmed` or `rejected`: which list this is.
    status: &'static str,
    cards: Vec<Card>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub struct ListParams {
    status: Option<String>,
    cursor: Option<String>,
    decided: Option<String>,
    undone: Option<String>,
}

/// `GET /link-proposals`: the potential links, oldest first.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<ListParams>,
) -> Result<Response, HtmlError> {
    // A cursor this page did not give out shows the first page rather than an error.
    let paging = paging(&mut FieldErrors::new(), params.cursor.as_ref(), None);
    // An unknown status shows the potential ones, as the first page does.
    let status = params.status.as_deref().and_then(|s| LinkStatus::parse(s).ok()).unwrap_or(LinkStatus::Potential);
    let page = state
        .core
        .link_proposals(&signed_in.current.actor, status, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let list = format!("/link-proposals?status={status}");
    let notice = if params.decided.is_some() {
        Some("Your decision has been recorded")
    } else if params.undone.is_some() {
        Some("The decision has been undone: the records are awaiting a decision again")
    } else {
        None
    };
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Possible duplicate records", &signed_in, Nav::None),
        notice,
        status: status.as_str(),
        cards: page.items.iter().map(card).collect(),
        next_href: page.next.map(|cursor| format!("{list}&cursor={}", cursor.encode())),
        first_href: paging.after.map(|_| list.clone()),
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

/// `POST /link-proposals/{id}/undo`: a confirmed or rejected proposal is awaiting a decision again.
pub async fn undo(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<LinkProposalId>(&id)?;
    state
        .core
        .undo_link(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to("/link-proposals?undone=1").into_response())
}
