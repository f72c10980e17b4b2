//! A person's Philomena or Herbert profile: read by anyone who may see the person, saved as a new version by the
//! care provider or council that keeps it.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::profile::ProfileKind;
use homeward_core::domain::time::format_london;
use homeward_core::services::NewProfile;
use homeward_core::{Action, CoreError};

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Fields, sentence};
use super::session::SignedIn;
use crate::AppState;

struct FieldBox {
    value: &'static str,
    label: &'static str,
    text: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    person_id: String,
    name: String,
    saved: bool,
    has_photo: bool,
    /// Whether the user keeps this profile (its care provider or council), or only reads it.
    may_keep: bool,
    version: i64,
    status: String,
    kind: &'static str,
    kind_label: &'static str,
    other_kind: &'static str,
    other_label: &'static str,
    fields: Vec<FieldBox>,
    /// The current profile's type, when this page offers the other: saving it replaces that one, if confirmed.
    replaces: Option<&'static str>,
    errors: Vec<(String, String)>,
}

impl ProfilePage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct Shown {
    kind: Option<String>,
    saved: Option<String>,
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: PersonId,
    shown: &Shown,
    submitted: Option<&Fields>,
    errors: Vec<(String, String)>,
) -> Result<Response, HtmlError> {
    let record = state
        .core
        .person(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let adult = !record.person.is_child_at(state.core.now());
    let kind = shown
        .kind
        .as_deref()
        .and_then(|k| ProfileKind::parse(k).ok())
        .or(record.profile.as_ref().map(|p| p.kind))
        .unwrap_or(if adult { ProfileKind::Herbert } else { ProfileKind::Philomena });
    let other = if kind == ProfileKind::Philomena { ProfileKind::Herbert } else { ProfileKind::Philomena };
    let current = record.profile.as_ref().filter(|p| p.kind == kind);
    let fields = kind
        .fields()
        .iter()
        .map(|(code, label)| FieldBox {
            value: code,
            label,
            text: match submitted {
                Some(form) => form.one(code).unwrap_or_default().to_owned(),
                None => current.and_then(|p| p.fields.get(*code)).map(ToString::to_string).unwrap_or_default(),
            },
        })
        .collect();
    let page = ProfilePage {
        chrome: Chrome::signed_in(
            &state.assets,
            if errors.is_empty() { kind.label() } else { "Error: profile" },
            signed_in,
            Nav::Episodes,
        ),
        person_id: id.to_string(),
        name: format!("{} {}", record.person.given_name, record.person.family_name),
        saved: shown.saved.is_some(),
        has_photo: record.has_photo,
        may_keep: record.actions.contains(Action::KeepProfile),
        version: record.profile.as_ref().map_or(0, |p| p.version),
        status: match &record.profile {
            Some(p) => format!("Version {}, saved {}.", p.version, format_london(p.saved_at)),
            None => "No profile has been prepared yet.".to_owned(),
        },
        kind: kind.as_str(),
        kind_label: kind.label(),
        other_kind: other.as_str(),
        other_label: other.label(),
        fields,
        replaces: record.profile.as_ref().filter(|p| p.kind != kind).map(|p| p.kind.label()),
        errors,
    };
    let has_errors = !page.errors.is_empty();
    Ok(render_form(&page, has_errors))
}

/// `GET /people/{id}/profile`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(shown): Query<Shown>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<PersonId>(&id)?;
    page(&state, &signed_in, id, &shown, None, Vec::new()).await
}

/// `POST /people/{id}/profile`.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(form.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<PersonId>(&id)?;
    let kind = form.one("kind").unwrap_or_default().to_owned();
    let texts: BTreeMap<String, String> = ProfileKind::parse(&kind)
        .map(|k| {
            k.fields()
                .iter()
                .map(|(code, _)| ((*code).to_owned(), form.one(code).unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let saved = match NewProfile::parse(&kind, &texts) {
        Ok(new) => {
            let new = new.replacing_type(form.one("replace_type").is_some());
            state.core.save_profile(&signed_in.current.actor, id, new).await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/people/{id}/profile?saved=1")).into_response()),
        Err(CoreError::Rule { code: "profile_type_changed", message, .. }) => {
            let shown = Shown { kind: Some(kind), saved: None };
            let errors = vec![("replace_type".to_owned(), sentence("replace_type", &message))];
            page(&state, &signed_in, id, &shown, Some(&form), errors).await
        }
        Err(CoreError::Invalid(fields)) => {
            let errors = fields
                .iter()
                .map(|(f, m)| {
                    (f.trim_start_matches("fields.").to_owned(), sentence(f.trim_start_matches("fields."), m))
                })
                .collect();
            let shown = Shown { kind: Some(kind), saved: None };
            page(&state, &signed_in, id, &shown, Some(&form), errors).await
        }
        Err(other) => Err(HtmlError::new(other, signed_in.request_id.clone())),
    }
}
