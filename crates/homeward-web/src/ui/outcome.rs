//! Recording what came of a return interview: one form for offered, declined, completed (with findings) or not
//! possible (with the attempts made), with recommendations for any agency.

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::ids::ReturnInterviewId;
use homeward_core::domain::return_interview::{AttemptMethod, CceIndicator, CseIndicator, Decliner, Harm, Reason};
use homeward_core::services::{NewOutcome, OutcomeInput, RecommendationInput};

use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, code_choices, date_given, date_text, london_time};
use super::session::SignedIn;
use crate::AppState;

/// Rows of repeated groups the outcome form offers.
const ATTEMPTS: usize = 3;
const PLACES: usize = 3;
const PEOPLE: usize = 2;
const RECOMMENDATIONS: usize = 2;

#[derive(Template)]
#[template(path = "outcome.html")]
struct OutcomePage {
    chrome: Chrome,
    id: String,
    form: FormState,
    statuses: Vec<Choice>,
    decliners: Vec<Choice>,
    methods: Vec<Choice>,
    reasons: Vec<Choice>,
    harms: Vec<Choice>,
    cse: Vec<Choice>,
    cce: Vec<Choice>,
    agencies: Vec<Choice>,
    attempts: Vec<usize>,
    places: Vec<usize>,
    people: Vec<usize>,
    recommendations: Vec<usize>,
}

async fn outcome_page(
    state: &AppState,
    signed_in: &SignedIn,
    id: ReturnInterviewId,
    form: FormState,
) -> Result<Response, HtmlError> {
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    // Reading the interview checks the user may see it before the form is shown.
    state.core.return_interview(&signed_in.current.actor, id).await.map_err(failed)?;
    let agencies = state.core.agencies().await.map_err(failed)?;
    let page = OutcomePage {
        chrome: Chrome::signed_in(
            &state.assets,
            if form.has_errors() { "Error: Record the outcome" } else { "Record the outcome" },
            signed_in,
            Nav::Interviews,
        ),
        id: id.to_string(),
        form,
        statuses: vec![
            Choice::new("completed", "Completed: the interview took place", false),
            Choice::new("offered", "Offered: waiting for the child's answer", false),
            Choice::new("declined", "Declined", false),
            Choice::new("not_possible", "Not possible: the child could not be reached", false),
        ],
        decliners: code_choices(Decliner::ALL.iter().map(|d| d.as_str())),
        methods: code_choices(AttemptMethod::ALL.iter().map(|m| m.as_str())),
        reasons: code_choices(Reason::ALL.iter().map(|r| r.as_str())),
        harms: code_choices(Harm::ALL.iter().map(|h| h.as_str())),
        cse: code_choices(CseIndicator::ALL.iter().map(|c| c.as_str())),
        cce: code_choices(CceIndicator::ALL.iter().map(|c| c.as_str())),
        agencies: std::iter::once(Choice::new("", "Choose an agency", false))
            .chain(agencies.iter().map(|a| Choice::new(a.code.as_str(), a.name.as_ref(), false)))
            .collect(),
        attempts: (1..=ATTEMPTS).collect(),
        places: (1..=PLACES).collect(),
        people: (1..=PEOPLE).collect(),
        recommendations: (1..=RECOMMENDATIONS).collect(),
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /return-interviews/{id}/outcome`.
pub async fn form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<ReturnInterviewId>(&id)?;
    outcome_page(&state, &signed_in, id, FormState::default()).await
}

/// The form's fields as the outcome the core parses, with the date boxes' own problems.
fn outcome_input(fields: &Fields, errors: &mut Vec<(String, String)>) -> OutcomeInput {
    let one = |name: &str| fields.one(name).map(str::to_owned);
    let mut when = |prefix: &str, field: &str, what: &str| {
        if !date_given(fields, prefix) {
            return None;
        }
        london_time(fields, prefix, what).map_err(|m| errors.push((field.to_owned(), m))).ok()
    };
    let offered_at = when("offered", "offered_at", "it was offered");
    let completed_at = when("completed", "completed_at", "the interview was held");
    let mut attempts = Vec::new();
    for n in 1..=ATTEMPTS {
        let field = if n == 1 { "attempts".to_owned() } else { format!("attempt{n}_at") };
        if let Some(at) = when(&format!("attempt{n}"), &field, "of the attempt") {
            attempts.push(serde_json::json!({
                "at": at,
                "method": one(&format!("attempt{n}_method")).unwrap_or_default(),
                "note": one(&format!("attempt{n}_note")),
            }));
        }
    }
    let status = one("status").unwrap_or_default();
    let findings = (status == "completed").then(|| {
        let places: Vec<_> = (1..=PLACES)
            .filter_map(|n| {
                let description = one(&format!("place{n}_description"));
                let postcode = one(&format!("place{n}_postcode"));
                (description.is_some() || postcode.is_some()).then(|| {
                    serde_json::json!({ "description": description.unwrap_or_default(), "postcode": postcode })
                })
            })
            .collect();
        let people: Vec<_> = (1..=PEOPLE)
            .filter_map(|n| {
                let part = |p: &str| one(&format!("person{n}_{p}"));
                let person = serde_json::json!({
                    "name": part("name"), "nickname": part("nickname"), "phone": part("phone"), "vehicle": part("vehicle")
                });
                person.as_object().is_some_and(|o| o.values().any(|v| !v.is_null())).then_some(person)
            })
            .collect();
        serde_json::json!({
            "push_factors": fields.all("push_factors"),
            "pull_factors": fields.all("pull_factors"),
            "harm": fields.all("harm"),
            "harm_details": one("harm_details"),
            "cse_indicators": fields.all("cse_indicators"),
            "cce_indicators": fields.all("cce_indicators"),
            "places": places,
            "people": people,
            "travel": one("travel"),
            "got_back": one("got_back"),
            "support_wanted": one("support_wanted"),
            "childs_words": one("childs_words"),
            "safety_information": one("safety_information"),
        })
    });
    let recommendations = (1..=RECOMMENDATIONS)
        .filter_map(|n| {
            let owner = one(&format!("rec{n}_owner_agency"));
            let action = one(&format!("rec{n}_action"));
            let dated = date_given(fields, &format!("rec{n}_due"));
            (owner.is_some() || action.is_some() || dated).then(|| RecommendationInput {
                owner_agency: owner.unwrap_or_default(),
                action: action.unwrap_or_default(),
                due_on: date_text(fields, &format!("rec{n}_due")),
            })
        })
        .collect();
    OutcomeInput {
        status,
        offered_at,
        completed_at,
        declined_by: one("declined_by"),
        decline_reason: one("decline_reason"),
        carers_information: one("carers_information"),
        attempts: (!attempts.is_empty()).then_some(serde_json::Value::Array(attempts)),
        findings,
        recommendations,
        also_covers: Vec::new(),
    }
}

/// The form's own name for a field the core named: `recommendations[0].due_on` is the first row's date boxes.
fn form_field(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("recommendations[")
        && let Some((index, name)) = rest.split_once("].")
    {
        let row = index.parse::<usize>().unwrap_or_default() + 1;
        return format!("rec{row}_{name}");
    }
    field.to_owned()
}

/// `POST /return-interviews/{id}/outcome`.
pub async fn submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<ReturnInterviewId>(&id)?;
    let mut errors = Vec::new();
    let input = outcome_input(&fields, &mut errors);
    let result = match NewOutcome::parse(&input) {
        Ok(new) if errors.is_empty() => {
            state.core.record_interview_outcome(&signed_in.current.actor, id, new).await.map(|_| ())
        }
        Ok(_) => Err(CoreError::Invalid(homeward_core::FieldErrors::new())),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/return-interviews/{id}?recorded=1")).into_response()),
        Err(error) => {
            let mut form = FormState::new(fields, Vec::new());
            form.refused(error, "status").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            for (field, _) in &mut form.errors {
                *field = form_field(field);
            }
            // The date boxes' own problems replace the core's placeholder for the same field.
            form.errors.retain(|(f, _)| !errors.iter().any(|(e, _)| e == f));
            form.errors.extend(errors);
            outcome_page(&state, &signed_in, id, form).await
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn core_field_names_become_the_forms_ids() {
        assert_eq!(super::form_field("recommendations[1].due_on"), "rec2_due_on");
        assert_eq!(super::form_field("findings"), "findings");
    }
}
