//! Reporting a missing episode: for a person already shared with the agency (`?person=ID`), or a new person and
//! their episode together, as one change. Dates and times are entered as UK time, the GOV.UK way. Before a new
//! person is recorded, the records the agency may see that may be them are shown, and the reporter reports for one
//! of them or records a new person (issue 14).

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::episode::{LaCategory, MissingFrom};
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::link::{Agreement, fields_compared};
use homeward_core::domain::time::format_date_long;
use homeward_core::services::{NewEpisode, NewPerson, PossibleMatch};

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, date_text, sentence, words};
use super::session::SignedIn;
use crate::AppState;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    chrome: Chrome,
    errors: Vec<(String, String)>,
    /// An existing person: id and name.
    person: Option<(String, String)>,
    form: Fields,
    sexes: Vec<Choice>,
    councils: Vec<Choice>,
    places: Vec<Choice>,
    categories: Vec<Choice>,
    /// The person's open episode, when they are already missing: the page links to it to add to it.
    open_episode: Option<String>,
    forces: Vec<Choice>,
    /// Records already held that may be the new person: the reporter chooses one, or a new record.
    matches: Vec<MatchCard>,
}

/// A record held that may be the person being reported, as the reporter is shown it.
struct MatchCard {
    id: String,
    name: String,
    born: String,
    likelihood: String,
    /// Each field: its label and how it compared.
    compared: Vec<(&'static str, &'static str)>,
}

impl MatchCard {
    fn of(found: &PossibleMatch) -> Self {
        let percent = (found.probability.fraction() * 100.0).floor();
        Self {
            id: found.person.id.to_string(),
            name: format!("{} {}", found.person.given_name, found.person.family_name),
            born: format_date_long(found.person.date_of_birth),
            likelihood: format!("{} ({percent:.0} in 100)", if percent >= 90.0 { "Very likely" } else { "Possibly" }),
            compared: fields_compared(&found.evidence)
                .into_iter()
                .filter(|f| f.agreement != Agreement::Missing)
                .map(|f| (f.label, f.words))
                .collect(),
        }
    }
}

/// The field of the choice between the records shown and a new one; `new` chooses a new record.
const MATCH_CHOICE: &str = "match_choice";

impl ReportPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    fn value(&self, field: &str) -> &str {
        self.form.one(field).unwrap_or_default()
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct For {
    person: Option<String>,
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    person: Option<PersonId>,
    form: Fields,
    mut errors: Vec<(String, String)>,
    matches: Vec<MatchCard>,
) -> Result<Response, HtmlError> {
    let open_episode = open_episode(&mut errors);
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let person = match person {
        Some(id) => {
            let record = state.core.person(&signed_in.current.actor, id).await.map_err(failed)?;
            Some((id.to_string(), format!("{} {}", record.person.given_name, record.person.family_name)))
        }
        None => None,
    };
    let agencies = state.core.agencies().await.map_err(failed)?;
    let chosen = |field: &str, value: &str| form.one(field) == Some(value);
    let own =
        (signed_in.current.agency.kind == AgencyKind::LocalAuthority).then(|| signed_in.current.agency.id.to_string());
    let councils = std::iter::once(Choice::new("", "Not known", false))
        .chain(agencies.iter().filter(|a| a.kind == AgencyKind::LocalAuthority).map(|a| {
            let id = a.id.to_string();
            let selected = form.one("responsible_la").map_or(own.as_deref() == Some(id.as_str()), |v| v == id);
            Choice::new(&id, a.name.as_ref(), selected)
        }))
        .collect();
    let forces = std::iter::once(Choice::new("", "Work it out from the placement or council", false))
        .chain(
            agencies
                .iter()
                .filter(|a| a.kind == AgencyKind::Police)
                .map(|a| Choice::new(a.code.as_str(), a.name.as_ref(), chosen("police_force", a.code.as_str()))),
        )
        .collect();
    let page = ReportPage {
        forces,
        chrome: Chrome::signed_in(
            &state.assets,
            if errors.is_empty() { "Report a missing episode" } else { "Error: Report a missing episode" },
            signed_in,
            Nav::Episodes,
        ),
        person,
        sexes: [("F", "Female"), ("M", "Male"), ("U", "Not known")]
            .iter()
            .map(|(v, l)| Choice::new(v, l, chosen("sex", v)))
            .collect(),
        councils,
        places: MissingFrom::ALL
            .iter()
            .map(|m| Choice::new(m.as_str(), &words(m.as_str()), chosen("missing_from", m.as_str())))
            .collect(),
        categories: std::iter::once(Choice::new(
            "",
            "Not looked after, or not known",
            form.one("la_category").is_none(),
        ))
        .chain(
            LaCategory::ALL
                .iter()
                .map(|c| Choice::new(c.as_str(), &words(c.as_str()), chosen("la_category", c.as_str()))),
        )
        .collect(),
        form,
        errors,
        open_episode,
        matches,
    };
    let has_errors = !page.errors.is_empty();
    Ok(render_form(&page, has_errors))
}

/// `GET /episodes/new`.
pub async fn form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(whom): Query<For>,
) -> Result<Response, HtmlError> {
    let person = match whom.person {
        Some(id) => Some(signed_in.id::<PersonId>(&id)?),
        None => None,
    };
    page(&state, &signed_in, person, Fields::default(), Vec::new(), Vec::new()).await
}

/// The RFC 3339 instant they went missing, or a message.
fn went_missing_at(form: &Fields) -> Result<String, String> {
    super::forms::london_time(form, "went", "they went missing")
}

/// Adds a refusal's messages to the page's errors.
fn collect(errors: &mut Vec<(String, String)>, error: CoreError) {
    // Boxes and radios need different words from the API's field messages.
    let message = |field: &str, message: &str| match field {
        "date_of_birth" => "Enter a real date of birth, like 27 3 2012".to_owned(),
        "sex" => "Select the person's sex".to_owned(),
        "missing_from" => "Select where they went missing from".to_owned(),
        _ => sentence(field, message),
    };
    match error {
        CoreError::Invalid(fields) => errors.extend(fields.iter().map(|(f, m)| (f.to_owned(), message(f, m)))),
        CoreError::Rule { message, field, .. } => errors.push((field.unwrap_or("went_missing_at").to_owned(), message)),
        CoreError::AlreadyMissing { open_episode_id } => {
            errors.push(("person_id".into(), "This person is already missing: add to their open episode".into()));
            errors.push((OPEN_EPISODE.into(), open_episode_id.to_string()));
        }
        _ => {}
    }
}

/// Not a field: where `collect` leaves the id of the episode a refused report should be added to.
const OPEN_EPISODE: &str = "open_episode_id";

/// Takes the open episode's id out of the page's errors, so the page links to it rather than listing it.
fn open_episode(errors: &mut Vec<(String, String)>) -> Option<String> {
    let at = errors.iter().position(|(field, _)| field == OPEN_EPISODE)?;
    Some(errors.remove(at).1)
}

/// `POST /episodes/new`.
pub async fn submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(form.one("csrf_token").unwrap_or_default())?;
    let mut existing = match form.one("person") {
        Some(id) => Some(PersonId::parse(id).map_err(|_| HtmlError::not_found(signed_in.request_id.clone()))?),
        None => None,
    };
    let mut errors: Vec<(String, String)> = Vec::new();
    let person = match existing {
        Some(_) => None,
        None => NewPerson::parse(
            form.one("given_name").unwrap_or_default(),
            form.one("family_name").unwrap_or_default(),
            &date_text(&form, "dob"),
            form.one("sex").unwrap_or_default(),
            form.one("looked_after").is_some(),
            form.one("responsible_la"),
            None,
        )
        .map_err(|e| collect(&mut errors, e))
        .ok(),
    };
    // Every field is checked even when the time is wrong, so the page lists every problem at once.
    let went = went_missing_at(&form);
    let placeholder = PersonId::from_random_bytes([0; 16]).to_string();
    let person_id = existing.map_or(placeholder, |id| id.to_string());
    let episode = NewEpisode::parse(
        &person_id,
        went.as_deref().unwrap_or("2000-01-01T00:00:00Z"),
        form.one("missing_from").unwrap_or_default(),
        None,
        form.one("last_seen_place"),
        form.one("circumstances"),
        form.one("police_reference"),
        form.one("reporter"),
        form.one("la_category"),
    )
    .and_then(|episode| episode.naming_force(form.one("police_force")).wearing(form.one("clothing")));
    if let Err(message) = went {
        collect(&mut errors, CoreError::invalid("went_missing_at", message));
    }
    let episode = episode.map_err(|e| collect(&mut errors, e)).ok();
    let actor = &signed_in.current.actor;
    let outcome = match (errors.is_empty(), person, episode) {
        (true, Some(person), Some(mut episode)) => match form.one(MATCH_CHOICE) {
            Some("new") => state.core.report_new_person(actor, person, episode).await,
            Some(chosen) => {
                episode.person_id = signed_in.id::<PersonId>(chosen)?;
                // From here the report is for the record chosen: a refusal shows the page for them.
                existing = Some(episode.person_id);
                state.core.report_episode(actor, episode).await
            }
            None => {
                let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
                let found = state.core.possible_matches(actor, &person).await.map_err(failed)?;
                if found.is_empty() {
                    state.core.report_new_person(actor, person, episode).await
                } else {
                    if form.one("matches_shown").is_some() {
                        let message = "Select the record of this person, or that none of these is them";
                        errors.push((MATCH_CHOICE.into(), message.into()));
                    }
                    let cards = found.iter().map(MatchCard::of).collect();
                    return page(&state, &signed_in, existing, form, errors, cards).await;
                }
            }
        },
        (true, None, Some(episode)) if existing.is_some() => state.core.report_episode(actor, episode).await,
        _ => Err(CoreError::Invalid(homeward_core::FieldErrors::new())),
    };
    match outcome {
        Ok(episode) => Ok(Redirect::to(&format!("/episodes/{}?reported=1", episode.id)).into_response()),
        Err(CoreError::Forbidden(why)) => Err(HtmlError::new(CoreError::Forbidden(why), signed_in.request_id.clone())),
        Err(CoreError::Store(store)) => Err(HtmlError::new(CoreError::Store(store), signed_in.request_id.clone())),
        Err(other) => {
            collect(&mut errors, other);
            page(&state, &signed_in, existing, form, errors, Vec::new()).await
        }
    }
}
