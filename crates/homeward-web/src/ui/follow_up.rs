//! The forms reached from an episode page for what follows a report (issue 17): a police supervisor's review of a
//! legacy "absent" episode, the Philomena Protocol's part 2, and the long-term missing register's entry and
//! reviews. Each is one GOV.UK form page, posted back, redirecting to the episode on success and shown again
//! with an error summary (422) otherwise.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::long_term::LongTermRecord;
use homeward_core::domain::time::{format_date, format_date_long, format_london};
use homeward_core::services::{
    EpisodeRecord, LongTermInput, NewLongTermEntry, NewLongTermReview, NewMissingDescription,
};

use super::chrome::{Chrome, Nav, render_form};
use super::episodes::Section;
use super::error::HtmlError;
use super::forms::{Fields, FormState, date_given, date_text};
use super::session::SignedIn;
use crate::AppState;

/// Which form a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    LegacyReview,
    MissingDescription,
    LongTerm,
    LongTermReview,
}

impl Which {
    fn title(self) -> &'static str {
        match self {
            Which::LegacyReview => "Review the \"absent\" grade",
            Which::MissingDescription => "Philomena Protocol part 2: clothing and where last seen",
            Which::LongTerm => "Long-term missing register entry",
            Which::LongTermReview => "Record a long-term missing review",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Which::LegacyReview => "legacy-absent-review",
            Which::MissingDescription => "missing-description",
            Which::LongTerm => "long-term",
            Which::LongTermReview => "long-term/review",
        }
    }

    /// The banner flag the episode page shows after a save.
    fn done(self) -> &'static str {
        match self {
            Which::LegacyReview => "reviewed",
            Which::MissingDescription => "described",
            Which::LongTerm => "kept",
            Which::LongTermReview => "long_term_reviewed",
        }
    }

    /// The field a refusal that names none is shown against.
    fn fallback(self) -> &'static str {
        match self {
            Which::LegacyReview => "note",
            Which::MissingDescription => "clothing",
            Which::LongTerm => "liaison_officer",
            Which::LongTermReview => "reviewed_on",
        }
    }
}

#[derive(Template)]
#[template(path = "follow_up_form.html")]
struct FormPage {
    chrome: Chrome,
    episode_id: String,
    name: String,
    title: &'static str,
    action: String,
    which: &'static str,
    form: FormState,
}

/// The form already filled in with what is recorded, so a save changes what the user changes.
fn filled(which: Which, record: &EpisodeRecord) -> Fields {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let put = |pairs: &mut Vec<(String, String)>, name: &str, value: Option<String>| {
        if let Some(value) = value {
            pairs.push((name.to_owned(), value));
        }
    };
    let put_date = |pairs: &mut Vec<(String, String)>, prefix: &str, date: Option<time::Date>| {
        if let Some(date) = date {
            pairs.push((format!("{prefix}_day"), date.day().to_string()));
            pairs.push((format!("{prefix}_month"), u8::from(date.month()).to_string()));
            pairs.push((format!("{prefix}_year"), date.year().to_string()));
        }
    };
    match which {
        Which::MissingDescription => {
            if let Some(d) = &record.missing_description {
                put(&mut pairs, "clothing", Some(d.clothing.to_string()));
                put(&mut pairs, "last_seen", Some(d.last_seen.to_string()));
            } else {
                put(&mut pairs, "last_seen", record.episode.last_seen_place.as_ref().map(ToString::to_string));
            }
        }
        Which::LongTerm => {
            if let Some(e) = record.long_term.as_ref().and_then(|l| l.entry.as_ref()) {
                put(&mut pairs, "liaison_officer", e.liaison_officer.as_ref().map(ToString::to_string));
                put(&mut pairs, "liaison_contact", e.liaison_contact.as_ref().map(ToString::to_string));
                put(&mut pairs, "review_interval_days", Some(e.review_interval.days().to_string()));
                put(&mut pairs, "mpu_reference", e.mpu_reference.as_ref().map(ToString::to_string));
                put(&mut pairs, "guardian", e.guardian.as_ref().map(ToString::to_string));
                put_date(&mut pairs, "last_contact", e.last_contact_on);
                put_date(&mut pairs, "mpu_referred", e.mpu_referred_on);
                put_date(&mut pairs, "guardianship_order", e.guardianship_order_on);
            }
        }
        Which::LegacyReview | Which::LongTermReview => {}
    }
    Fields::from(pairs)
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
    which: Which,
    form: Option<FormState>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<homeward_core::domain::ids::EpisodeId>(id)?;
    let record = state
        .core
        .episode(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let form = form.unwrap_or_else(|| FormState::new(filled(which, &record), Vec::new()));
    let has_errors = form.has_errors();
    let title = if has_errors { format!("Error: {}", which.title()) } else { which.title().to_owned() };
    let page = FormPage {
        chrome: Chrome::signed_in(&state.assets, &title, signed_in, Nav::Episodes),
        episode_id: id.to_string(),
        name: format!("{} {}", record.person.given_name, record.person.family_name),
        title: which.title(),
        action: format!("/episodes/{id}/{}", which.path()),
        which: which.done(),
        form,
    };
    Ok(render_form(&page, has_errors))
}

/// A date group's text, or `None` when none of its boxes was filled in.
fn optional_date(fields: &Fields, prefix: &str) -> Option<String> {
    date_given(fields, prefix).then(|| date_text(fields, prefix))
}

async fn save(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
    which: Which,
    fields: &Fields,
) -> Result<(), CoreError> {
    let actor = &signed_in.current.actor;
    let id = homeward_core::domain::ids::EpisodeId::parse(id).map_err(|_| CoreError::NotFound)?;
    let one = |name| fields.one(name);
    match which {
        Which::LegacyReview => state.core.review_legacy_absent(actor, id, one("note")).await.map(drop),
        Which::MissingDescription => {
            let new = NewMissingDescription::parse(
                one("clothing").unwrap_or_default(),
                one("last_seen").unwrap_or_default(),
            )?;
            state.core.record_missing_description(actor, id, new).await.map(drop)
        }
        Which::LongTerm => {
            let (last, referred, order) = (
                optional_date(fields, "last_contact"),
                optional_date(fields, "mpu_referred"),
                optional_date(fields, "guardianship_order"),
            );
            let new = NewLongTermEntry::parse(&LongTermInput {
                liaison_officer: one("liaison_officer"),
                liaison_contact: one("liaison_contact"),
                last_contact_on: last.as_deref(),
                review_interval_days: one("review_interval_days"),
                mpu_referred_on: referred.as_deref(),
                mpu_reference: one("mpu_reference"),
                guardianship_order_on: order.as_deref(),
                guardian: one("guardian"),
            })?;
            state.core.save_long_term(actor, id, new).await.map(drop)
        }
        Which::LongTermReview => {
            let on = if date_given(fields, "reviewed") { date_text(fields, "reviewed") } else { String::new() };
            let new = NewLongTermReview::parse(&on, one("summary").unwrap_or_default())?;
            state.core.review_long_term(actor, id, new).await.map(drop)
        }
    }
}

async fn submit(
    state: AppState,
    signed_in: SignedIn,
    id: String,
    which: Which,
    fields: Fields,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    match save(&state, &signed_in, &id, which, &fields).await {
        Ok(()) => Ok(Redirect::to(&format!("/episodes/{id}?{}=1", which.done())).into_response()),
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, which.fallback()).map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            page(&state, &signed_in, &id, which, Some(form)).await
        }
    }
}

macro_rules! form_routes {
    ($($show:ident, $post:ident => $which:expr;)+) => {$(
        pub async fn $show(State(state): State<AppState>, signed_in: SignedIn, Path(id): Path<String>) -> Result<Response, HtmlError> {
            page(&state, &signed_in, &id, $which, None).await
        }

        pub async fn $post(
            State(state): State<AppState>,
            signed_in: SignedIn,
            Path(id): Path<String>,
            Form(fields): Form<Fields>,
        ) -> Result<Response, HtmlError> {
            submit(state, signed_in, id, $which, fields).await
        }
    )+};
}

form_routes! {
    legacy_form, legacy_submit => Which::LegacyReview;
    description_form, description_submit => Which::MissingDescription;
    long_term_form, long_term_submit => Which::LongTerm;
    review_form, review_submit => Which::LongTermReview;
}

/// What the episode page shows of part 2 and the register, after the profile.
pub(super) fn sections(record: &EpisodeRecord) -> Vec<Section> {
    let mut sections = Vec::new();
    if let Some(d) = &record.missing_description {
        sections.push(Section {
            heading: "Philomena Protocol part 2",
            rows: vec![
                ("Clothing", d.clothing.to_string()),
                ("Where last seen", d.last_seen.to_string()),
                ("Recorded", format_london(d.recorded_at)),
            ],
        });
    }
    if let Some(l) = &record.long_term {
        sections.push(long_term_section(l));
    }
    sections
}

fn text(value: Option<&impl std::fmt::Display>) -> String {
    value.map_or_else(|| "Not recorded".to_owned(), ToString::to_string)
}

fn long_term_section(l: &LongTermRecord) -> Section {
    let not = || "Not recorded".to_owned();
    let date = |d: Option<time::Date>| d.map_or_else(not, format_date_long);
    let e = l.entry.as_ref();
    let mut rows = vec![
        ("On the register since", format_london(l.since)),
        ("Next review due", format_date_long(l.review_due_on)),
        ("Family liaison officer", text(e.and_then(|e| e.liaison_officer.as_ref()))),
        ("Liaison contact details", text(e.and_then(|e| e.liaison_contact.as_ref()))),
        ("Last contact with the family", date(e.and_then(|e| e.last_contact_on))),
        (
            "Reviews every",
            e.map_or_else(
                || format!("{} days (the default)", homeward_core::rules::long_term::DEFAULT_REVIEW_DAYS),
                |e| format!("{} days", e.review_interval.days()),
            ),
        ),
        ("Referred to the UK Missing Persons Unit", date(e.and_then(|e| e.mpu_referred_on))),
        ("UK Missing Persons Unit reference", text(e.and_then(|e| e.mpu_reference.as_ref()))),
        ("Guardianship order made", date(e.and_then(|e| e.guardianship_order_on))),
        ("Guardian", text(e.and_then(|e| e.guardian.as_ref()))),
    ];
    for review in &l.reviews {
        rows.push(("Review", format!("{}: {}", format_date(review.reviewed_on), review.summary)));
    }
    Section { heading: "Long-term missing register", rows }
}
