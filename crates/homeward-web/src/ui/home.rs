//! The home page: what needs the signed-in user's attention, as counts with links, and the agency's open alerts
//! as a worklist (`worklist.rs`).

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::Response;
use axum::response::{IntoResponse, Redirect};
use homeward_core::FieldErrors;
use homeward_core::authz::{Action, may_at_all};
use homeward_core::domain::alert::AlertFilter;
use homeward_core::domain::user::Role;

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::Fields;
use super::session::SignedIn;
use super::worklist::{Worklist, refused};
use crate::AppState;
use crate::api::alerts::{alert_filter, alert_ids};
use crate::filters::paging;

struct Card {
    count: i64,
    label: &'static str,
    href: &'static str,
}

/// The home page's query: which alerts to list, and what was just done.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HomeParams {
    /// How many alerts were just acknowledged.
    acknowledged: Option<String>,
    kind: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    /// How many alerts were just acknowledged, for the banner.
    acknowledged: Option<String>,
    can_report: bool,
    worklist: Option<Worklist>,
    note: String,
    errors: Vec<(String, String)>,
    agency: String,
    intro: &'static str,
    cards: Vec<Card>,
    coming: Vec<&'static str>,
    figures: bool,
    /// Whether the user is their agency's admin, who puts right the notifications given up on.
    given_up: bool,
    /// Whether the user reviews possible duplicate records (a data quality role).
    reviews_links: bool,
    /// Whether the user asks of places and people (and so sees the places search), and of hotspots.
    reads_intelligence: bool,
    /// A children's home's staff: the notifications the home owes Ofsted.
    notifies_ofsted: bool,
    /// The police and councils keep the long-term missing register: its page is reached from here.
    keeps_long_term: bool,
    /// Interview providers and councils plan support after an interview: their agency's plans.
    plans_support: bool,
    /// The police serve child abduction warning notices: their force's notices.
    serves_notices: bool,
    /// Police supervisors review episodes imported with the abolished grade "absent": the list of those waiting.
    reviews_legacy_absent: bool,
    sees_hotspots: bool,
}

impl HomePage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
}

/// `GET /`.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<HomeParams>,
) -> Result<Response, HtmlError> {
    page(&state, &signed_in, &params, None, Vec::new()).await
}

/// The home page, with the worklist form as it came back (`submitted`) and its problems, if any.
async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    params: &HomeParams,
    submitted: Option<&Fields>,
    errors: Vec<(String, String)>,
) -> Result<Response, HtmlError> {
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let role = signed_in.current.user.role;
    let counts = state.core.case_counts(&signed_in.current.actor).await.map_err(failed)?;
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
            "Administrators manage the user accounts of their own agency and put right the notifications Homeward \
             could not deliver.",
            Vec::new(),
            vec!["Managing your agency's users will appear here. Until then, ask your service's operators."],
        ),
        Role::RhiPractitioner => ("The children whose return interviews are assigned to you.", work, Vec::new()),
        _ => ("Missing episodes shared with your agency.", work, Vec::new()),
    };
    let actor = &signed_in.current.actor;
    let worklist = if may_at_all(actor, Action::AcknowledgeAlert) {
        // A kind or cursor this page did not give out shows every alert from the start, rather than an error page.
        let mut ignored = FieldErrors::new();
        let filter = AlertFilter { newest_first: true, ..alert_filter(&mut ignored, params.kind.as_ref(), None) };
        let paging = paging(&mut ignored, params.cursor.as_ref(), None);
        let alerts = state.core.alert_worklist(actor, &filter, &paging).await.map_err(failed)?;
        let counts = state.core.alert_counts(actor).await.map_err(failed)?;
        let checked = submitted.map(|form| form.all("alert")).unwrap_or_default();
        Some(Worklist::new(&counts, filter, &alerts, paging.after.is_none(), &checked))
    } else {
        None
    };
    let title = if errors.is_empty() { "Home" } else { "Error: Home" };
    let page = HomePage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Home),
        acknowledged: params.acknowledged.clone(),
        can_report: may_at_all(actor, Action::ReportEpisode),
        worklist,
        note: submitted.and_then(|form| form.one("note")).unwrap_or_default().to_owned(),
        errors,
        agency: signed_in.current.agency.name.to_string(),
        intro,
        cards,
        coming,
        figures: super::figures::may_open(role),
        given_up: signed_in.current.actor.require_user_manager_of(signed_in.current.agency.id).is_ok(),
        reviews_links: homeward_core::authz::may_at_all(&signed_in.current.actor, homeward_core::Action::ReviewLink),
        reads_intelligence: may_at_all(actor, Action::ReadIntelligence),
        notifies_ofsted: may_at_all(actor, Action::RecordOfstedNotification),
        keeps_long_term: may_at_all(actor, Action::ReadLongTermRecord),
        plans_support: may_at_all(actor, Action::PlanSupport),
        serves_notices: may_at_all(actor, Action::RecordAbductionNotice),
        reviews_legacy_absent: may_at_all(actor, Action::ReviewLegacyAbsent),
        sees_hotspots: actor.hotspot_scope().is_ok(),
    };
    let has_errors = !page.errors.is_empty();
    Ok(render_form(&page, has_errors))
}

/// `POST /alerts/acknowledge`: the ticked alerts, with one note, all or none; back to the same list when done.
pub async fn acknowledge_many(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(form.one("csrf_token").unwrap_or_default())?;
    let params = HomeParams { kind: form.one("kind").map(str::to_owned), ..HomeParams::default() };
    let ids = form.all("alert");
    let acknowledged = match alert_ids(&ids) {
        Ok(ids) => {
            state.core.acknowledge_alerts(&signed_in.current.actor, &ids, form.one("note").unwrap_or_default()).await
        }
        Err(error) => Err(error),
    };
    match acknowledged {
        Ok(done) => {
            let kind = params.kind.map(|k| format!("&kind={k}")).unwrap_or_default();
            Ok(Redirect::to(&format!("/?acknowledged={}{kind}#alerts", done.len())).into_response())
        }
        Err(error) => {
            let errors = refused(error).map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            page(&state, &signed_in, &params, Some(&form), errors).await
        }
    }
}
