//! The shapes a return interview, its recommendations and the police safe and well check are answered in.

use homeward_core::domain::return_interview::{Decision, ReturnInterview, SafeAndWellCheck};
use homeward_core::domain::time::format_date;
use homeward_core::services::{InterviewDetail, OwnedRecommendation};
use serde::Serialize;
use utoipa::ToSchema;

use super::{classes, codes, ts};

/// A return home interview task.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnInterviewView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub episode_id: String,
    /// False for an adult's optional return conversation.
    pub statutory: bool,
    #[schema(format = DateTime)]
    pub due_at: String,
    /// `due`, `assigned`, `offered`, `declined`, `completed` or `not_possible`.
    #[schema(value_type = homeward_core::domain::return_interview::InterviewStatus)]
    pub status: &'static str,
    #[schema(format = "uuid")]
    pub practitioner_id: Option<String>,
    #[schema(format = DateTime)]
    pub offered_at: Option<String>,
    #[schema(format = DateTime)]
    pub completed_at: Option<String>,
    /// When one interview covered several episodes of the child: the interview holding the record.
    pub covered_by: Option<String>,
    /// The outcome's record: `recorded_by`, `recorded_at`, `declined_by`, `decline_reason`, `carers_information`,
    /// `attempts` [{at, method, note}], `findings` {push_factors, pull_factors, harm, harm_details, cse_indicators,
    /// cce_indicators, places [{description, postcode, kind, role}], people [{name, nickname, phone, vehicle,
    /// handle, approx_age, role}], travel, got_back, support_wanted, childs_words, safety_information}, `also_covers`. Care staff get codes only.
    #[schema(value_type = Option<Object>)]
    pub record: Option<serde_json::Value>,
    /// For an adult's return conversation, the id of the agency that offered it, which assigns it and records its
    /// outcome; null for a child's interview.
    #[schema(format = "uuid")]
    pub offered_by_agency_id: Option<String>,
}

impl From<&ReturnInterview> for ReturnInterviewView {
    fn from(r: &ReturnInterview) -> Self {
        Self {
            id: r.id.to_string(),
            episode_id: r.episode_id.to_string(),
            statutory: r.statutory,
            due_at: ts(r.due_at),
            status: r.status.as_str(),
            practitioner_id: r.practitioner_id.map(|id| id.to_string()),
            offered_at: r.offered_at.map(ts),
            completed_at: r.completed_at.map(ts),
            covered_by: r.covered_by.map(|id| id.to_string()),
            record: r.record.as_ref().map(|record| serde_json::to_value(record).unwrap_or_default()),
            offered_by_agency_id: r.offered_by_agency_id.map(|id| id.to_string()),
        }
    }
}

/// A recommendation from a return interview, and its owning agency's response.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub interview_id: String,
    #[schema(format = "uuid")]
    pub episode_id: String,
    /// The owning agency's code.
    pub owner_agency: String,
    pub action: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub due_on: String,
    pub status: RecommendationStatus,
    /// What was done, or why it was declined.
    pub response: Option<String>,
    #[schema(format = DateTime)]
    pub responded_at: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&OwnedRecommendation> for RecommendationView {
    fn from(owned: &OwnedRecommendation) -> Self {
        let r = &owned.recommendation;
        let response = r.response.as_ref();
        Self {
            id: r.id.to_string(),
            interview_id: r.interview_id.to_string(),
            episode_id: r.episode_id.to_string(),
            owner_agency: owned.owner.to_string(),
            action: r.action.to_string(),
            due_on: format_date(r.due_on),
            status: RecommendationStatus::of(response.map(|x| x.decision)),
            response: response.and_then(|x| x.text.as_ref()).map(ToString::to_string),
            responded_at: response.map(|x| ts(x.responded_at)),
            created_at: ts(r.created_at),
        }
    }
}

/// Where a recommendation stands: `open` until its owning agency answers, then as it decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationStatus {
    Open,
    Accepted,
    Declined,
}

impl RecommendationStatus {
    fn of(decision: Option<Decision>) -> Self {
        match decision {
            None => Self::Open,
            Some(Decision::Accepted) => Self::Accepted,
            Some(Decision::Declined) => Self::Declined,
        }
    }
}

/// A return interview with the recommendations it made.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewDetailView {
    #[serde(flatten)]
    pub interview: ReturnInterviewView,
    pub recommendations: Vec<RecommendationView>,
    /// What the caller may do to the interview now: `assign_interview`, `record_outcome`, `read_childs_account`.
    #[schema(value_type = Vec<homeward_core::authz::Action>)]
    pub actions: Vec<&'static str>,
    /// The sensitivity classes not shared with the caller's agency: `childs_account` when the record's words are
    /// left out (its codes stay).
    #[schema(value_type = Vec<homeward_core::authz::Sensitivity>)]
    pub withheld: Vec<&'static str>,
}

impl From<&InterviewDetail> for InterviewDetailView {
    fn from(detail: &InterviewDetail) -> Self {
        Self {
            interview: ReturnInterviewView::from(&detail.interview),
            recommendations: detail.recommendations.iter().map(RecommendationView::from).collect(),
            actions: codes(&detail.actions),
            withheld: classes(&detail.withheld),
        }
    }
}

/// The police safe and well check.
#[derive(Debug, Serialize, ToSchema)]
pub struct SafeAndWellView {
    #[schema(format = "uuid")]
    pub episode_id: String,
    #[schema(format = DateTime)]
    pub checked_at: String,
    pub face_to_face: bool,
    pub disclosures: Option<String>,
    /// Immediate safeguarding actions.
    pub actions: Option<String>,
    pub recorded_by: String,
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&SafeAndWellCheck> for SafeAndWellView {
    fn from(c: &SafeAndWellCheck) -> Self {
        Self {
            episode_id: c.episode_id.to_string(),
            checked_at: ts(c.checked_at),
            face_to_face: c.face_to_face,
            disclosures: c.disclosures.as_ref().map(ToString::to_string),
            actions: c.actions.as_ref().map(ToString::to_string),
            recorded_by: c.recorded_by.to_string(),
            recorded_at: ts(c.recorded_at),
        }
    }
}
