//! The home page: what needs the signed-in user's attention, as counts with links.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use homeward_core::domain::user::Role;

use super::chrome::{Chrome, Nav, render};
use super::error::HtmlError;
use super::session::SignedIn;
use crate::AppState;

struct Card {
    count: i64,
    label: &'static str,
    href: &'static str,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    agency: String,
    intro: &'static str,
    cards: Vec<Card>,
    coming: Vec<&'static str>,
}

/// `GET /`.
pub async fn home(State(state): State<AppState>, signed_in: SignedIn) -> Result<Response, HtmlError> {
    let role = signed_in.current.user.role;
    let counts = state
        .core
        .case_counts(&signed_in.current.actor)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let work = vec![
        Card { count: counts.missing_now, label: "Missing now", href: "/episodes?status=missing" },
        Card { count: counts.reviews_due, label: "Risk reviews due", href: "/episodes?status=missing&order=oldest" },
        Card { count: counts.interviews_open, label: "Return interviews due", href: "/episodes?status=returned" },
        Card {
            count: counts.interviews_overdue,
            label: "Return interviews overdue",
            href: "/episodes?status=returned",
        },
    ];
    let (intro, cards, coming) = match role {
        Role::Analyst => (
            "Analysts see figures and statutory returns, never named records.",
            Vec::new(),
            vec!["Key figures and the SSDA903 Missing return will appear here."],
        ),
        Role::Admin => (
            "Administrators manage the user accounts of their own agency.",
            Vec::new(),
            vec!["Managing your agency's users will appear here. Until then, ask your service's operators."],
        ),
        Role::RhiPractitioner => ("The children whose return interviews are assigned to you.", work, Vec::new()),
        _ => ("Missing episodes shared with your agency.", work, Vec::new()),
    };
    let page = HomePage {
        chrome: Chrome::signed_in(&state.assets, "Home", &signed_in, Nav::Home),
        agency: signed_in.current.agency.name.to_string(),
        intro,
        cards,
        coming,
    };
    Ok(render(&page))
}
