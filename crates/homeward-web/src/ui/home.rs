//! The home page: what needs the signed-in user's attention, as counts with links.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use axum::response::{IntoResponse, Redirect};
use homeward_core::CoreError;
use homeward_core::authz::{Action, may_at_all};
use homeward_core::domain::alert::AlertPaging;
use homeward_core::domain::ids::AlertId;
use homeward_core::domain::paging::MAX_LIMIT;
use homeward_core::domain::time::format_london;
use homeward_core::domain::user::Role;

use super::forms::Fields;

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::session::SignedIn;
use crate::AppState;

/// Alerts shown on the home page at once.
const MAX_ALERTS: usize = 20;

struct Card {
    count: i64,
    label: &'static str,
    href: &'static str,
}

struct AlertCard {
    id: String,
    description: &'static str,
    episode_id: Option<String>,
    raised_at: String,
}

#[derive(Debug, serde::Deserialize)]
pub struct Done {
    acknowledged: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    acknowledged: bool,
    can_report: bool,
    alerts: Vec<AlertCard>,
    /// Open alerts beyond those shown.
    more_alerts: usize,
    agency: String,
    intro: &'static str,
    cards: Vec<Card>,
    coming: Vec<&'static str>,
    figures: bool,
}

/// `GET /`.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(done): Query<Done>,
) -> Result<Response, HtmlError> {
    let role = signed_in.current.user.role;
    let counts = state
        .core
        .case_counts(&signed_in.current.actor)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let work = vec![
        Card { count: counts.missing_now, label: "Missing now", href: "/episodes?status=missing" },
        Card { count: counts.reviews_due, label: "Risk reviews due", href: "/episodes?status=missing&order=oldest" },
        Card { count: counts.interviews_open, label: "Return interviews due", href: "/return-interviews" },
        Card {
            count: counts.interviews_overdue,
            label: "Return interviews overdue",
            href: "/return-interviews?overdue=true",
        },
        Card {
            count: counts.recommendations_open,
            label: "Recommendations awaiting your response",
            href: "/recommendations",
        },
    ];
    let (intro, cards, coming) = match role {
        Role::Analyst => (
            "Analysts see figures and statutory returns, never named records.",
            Vec::new(),
            vec!["The SSDA903 Missing return will appear here."],
        ),
        Role::Admin => (
            "Administrators manage the user accounts of their own agency.",
            Vec::new(),
            vec!["Managing your agency's users will appear here. Until then, ask your service's operators."],
        ),
        Role::RhiPractitioner => ("The children whose return interviews are assigned to you.", work, Vec::new()),
        _ => ("Missing episodes shared with your agency.", work, Vec::new()),
    };
    let actor = &signed_in.current.actor;
    let alerts = if may_at_all(actor, Action::AcknowledgeAlert) {
        every_alert(&state, actor).await.map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?
    } else {
        Vec::new()
    };
    // The newest first, a page's worth: what has just happened is never buried under a backlog.
    let alerts: Vec<_> = alerts.into_iter().rev().collect();
    let more_alerts = alerts.len().saturating_sub(MAX_ALERTS);
    let page = HomePage {
        chrome: Chrome::signed_in(&state.assets, "Home", &signed_in, Nav::Home),
        more_alerts,
        acknowledged: done.acknowledged.is_some(),
        can_report: may_at_all(actor, Action::ReportEpisode),
        alerts: alerts
            .iter()
            .take(MAX_ALERTS)
            .map(|a| AlertCard {
                id: a.id.to_string(),
                description: a.kind.describe(),
                episode_id: a.episode_id.map(|e| e.to_string()),
                raised_at: format_london(a.raised_at),
            })
            .collect(),
        agency: signed_in.current.agency.name.to_string(),
        intro,
        cards,
        coming,
        figures: super::figures::may_open(role),
    };
    Ok(render(&page))
}

/// `POST /alerts/{id}/acknowledge`.
pub async fn acknowledge(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(form.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<AlertId>(&id)?;
    let note = form.one("note").unwrap_or_default();
    state
        .core
        .acknowledge_alert(&signed_in.current.actor, id, note)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to("/?acknowledged=1").into_response())
}

/// Every open alert of the actor's agency, page by page: the home page shows the newest and counts the rest.
async fn every_alert(
    state: &AppState,
    actor: &homeward_core::Actor,
) -> Result<Vec<homeward_core::domain::alert::Alert>, CoreError> {
    let mut paging = AlertPaging { after: None, limit: MAX_LIMIT };
    let mut alerts = Vec::new();
    loop {
        let page = state.core.alerts(actor, &paging).await?;
        alerts.extend(page.items);
        match page.next {
            Some(cursor) => paging.after = Some(cursor),
            None => return Ok(alerts),
        }
    }
}
