//! `GET /people/{id}/profile/versions` (every saved version of a person's profile, who saved each and when) and
//! `GET /people/{id}/profile/versions/{version}` (one of them), read through the core so each read is audited.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use homeward_core::FieldErrors;
use homeward_core::authz::class_of;
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::time::format_london;

use super::chrome::{Chrome, Nav, render};
use super::episodes::NOT_SHARED;
use super::error::HtmlError;
use super::forms::Fields;
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    href: String,
    version: i64,
    kind: &'static str,
    saved_by: String,
    saved_at: String,
}

#[derive(Template)]
#[template(path = "profile_versions.html")]
struct VersionsPage {
    chrome: Chrome,
    person_id: String,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Template)]
#[template(path = "profile_version.html")]
struct VersionPage {
    chrome: Chrome,
    person_id: String,
    version: i64,
    kind: &'static str,
    saved_by: String,
    saved_at: String,
    rows: Vec<(&'static str, String)>,
}

/// `GET /people/{id}/profile/versions`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<PersonId>(&id)?;
    let paging = paging(&mut FieldErrors::new(), fields.one("cursor").map(str::to_owned).as_ref(), None);
    let versions = state
        .core
        .profile_versions(&signed_in.current.actor, id, paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let rows = versions
        .page
        .items
        .iter()
        .map(|p| Row {
            href: format!("/people/{id}/profile/versions/{}", p.version),
            version: p.version,
            kind: p.kind.label(),
            saved_by: versions.savers.get(&p.saved_by).cloned().unwrap_or_else(|| p.saved_by.to_string()),
            saved_at: format_london(p.saved_at),
        })
        .collect();
    let page = versions.page;
    let page = VersionsPage {
        chrome: Chrome::signed_in(&state.assets, "Profile versions", &signed_in, Nav::Episodes),
        person_id: id.to_string(),
        rows,
        next_href: page.next.map(|c| format!("/people/{id}/profile/versions?cursor={}", c.encode())),
        first_href: paging.after.map(|_| format!("/people/{id}/profile/versions")),
    };
    Ok(render(&page).into_response())
}

/// `GET /people/{id}/profile/versions/{version}`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<PersonId>(&id)?;
    let version = signed_in.id::<i64>(&version)?;
    let (profile, withheld, saved_by) = state
        .core
        .profile_version(&signed_in.current.actor, id, version)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let rows = profile
        .kind
        .fields()
        .iter()
        .map(|(code, label)| {
            let value = if withheld.contains(&class_of("profile", code)) {
                NOT_SHARED.to_owned()
            } else {
                profile.fields.get(*code).map_or_else(|| "Not recorded".to_owned(), ToString::to_string)
            };
            (*label, value)
        })
        .collect();
    let page = VersionPage {
        chrome: Chrome::signed_in(&state.assets, &format!("Profile version {version}"), &signed_in, Nav::Episodes),
        person_id: id.to_string(),
        version,
        kind: profile.kind.label(),
        saved_by,
        saved_at: format_london(profile.saved_at),
        rows,
    };
    Ok(render(&page).into_response())
}
