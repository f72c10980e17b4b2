//! What post-missing support takes from forms and the API, parsed into the domain's terms before the service
//! runs: a plan, a session, and how a plan ends.

use crate::domain::ids::UserId;
use crate::domain::support::{MOST_SESSIONS, SupportOutcome};
use crate::domain::text::{FreeText, optional};
use crate::domain::time::parse_date;
use crate::error::{CoreError, FieldErrors};

/// A plan as submitted, text from a form or the API.
#[derive(Debug, Clone, Default)]
pub struct SupportPlanInput {
    /// The worker who holds the plan: a user of the caller's agency; the caller when empty.
    pub owner_id: String,
    pub sessions_planned: String,
    pub safety_plan: String,
    pub review_on: String,
}

/// A plan to make, parsed.
#[derive(Debug, Clone)]
pub struct NewSupportPlan {
    pub owner_id: Option<UserId>,
    pub sessions_planned: i64,
    pub safety_plan: FreeText,
    pub review_on: time::Date,
}

fn sessions_planned(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if (1..=MOST_SESSIONS).contains(&n) => Ok(n),
        _ => Err(format!("enter a whole number of sessions from 1 to {MOST_SESSIONS}")),
    }
}

impl NewSupportPlan {
    pub fn parse(input: &SupportPlanInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let owner = input.owner_id.trim();
        let owner_id = if owner.is_empty() {
            None
        } else {
            errors.check("owner_id", UserId::parse(owner).map_err(|_| "is not a user's id"))
        };
        let planned = errors.check("sessions_planned", sessions_planned(&input.sessions_planned));
        let safety_plan = errors.check("safety_plan", FreeText::parse(&input.safety_plan));
        let review_on = errors.check("review_on", parse_date(&input.review_on));
        errors.into_result()?;
        Ok(Self {
            owner_id,
            sessions_planned: planned.expect("checked"),
            safety_plan: safety_plan.expect("checked"),
            review_on: review_on.expect("checked"),
        })
    }
}

/// A session as submitted.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    pub held_on: String,
    /// `yes` or `no` (`true` or `false` too).
    pub attended: String,
    pub note: Option<String>,
}

/// A session to record, parsed.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub held_on: time::Date,
    pub attended: bool,
    pub note: Option<FreeText>,
}

impl NewSession {
    pub fn parse(input: &SessionInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let held_on = errors.check("held_on", parse_date(&input.held_on));
        let attended = match input.attended.trim() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => {
                errors.add("attended", "say whether they attended: yes or no");
                None
            }
        };
        let note = errors.check("note", optional(input.note.as_deref(), FreeText::parse)).flatten();
        errors.into_result()?;
        Ok(Self { held_on: held_on.expect("checked"), attended: attended.expect("checked"), note })
    }
}

/// How a plan ends, parsed.
#[derive(Debug, Clone)]
pub struct SupportClosing {
    pub outcome: SupportOutcome,
    pub note: Option<FreeText>,
}

impl SupportClosing {
    pub fn parse(outcome: &str, note: Option<&str>) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let outcome = errors.check("outcome", SupportOutcome::parse(outcome.trim()));
        let note = errors.check("outcome_note", optional(note, FreeText::parse)).flatten();
        errors.into_result()?;
        Ok(Self { outcome: outcome.expect("checked"), note })
    }
}
