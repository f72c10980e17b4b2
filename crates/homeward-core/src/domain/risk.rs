//! Risk on the one continuum (College of Policing APP): the grades, the two sides that assess, and the
//! assessments themselves. There is no "absent" grade.

use std::collections::BTreeMap;

use super::code_enum;
use super::ids::{AssessmentId, EpisodeId, UserId};
use super::text::FreeText;
use super::time::Timestamp;

code_enum! {
    /// A risk grade, lowest first: comparisons follow the continuum.
    pub enum RiskGrade {
        NoApparentRisk => "no_apparent_risk",
        Low => "low",
        Medium => "medium",
        High => "high",
    }
}

impl RiskGrade {
    /// Parses a grade, naming the retired "absent" category specifically so people know why it is refused.
    pub fn parse_current(text: &str) -> Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("absent") {
            return Err(
                "\"absent\" is no longer a risk category: grade the risk as no_apparent_risk, low, medium or high"
                    .to_owned(),
            );
        }
        Self::parse(text).map_err(|e| e.to_string())
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskGrade::NoApparentRisk => "No apparent risk",
            RiskGrade::Low => "Low",
            RiskGrade::Medium => "Medium",
            RiskGrade::High => "High",
        }
    }
}

code_enum! {
    /// Whose view an assessment is: the police, or (for a child) children's services.
    pub enum RiskSide {
        Police => "police",
        ChildrensServices => "children_services",
    }
}

/// The risk questions in use (Durham form, from the national guidance; DOMAIN.md): code and question.
pub const RISK_QUESTIONS: &[(&str, &str)] = &[
    ("vulnerable_age_infirmity", "Vulnerable through age or infirmity"),
    ("out_of_character", "Out of character"),
    ("serious_crime_victim", "Suspected victim of a serious crime in progress"),
    ("suicide_self_harm", "Signs of suicide or self-harm"),
    ("known_reason", "A known reason for going"),
    ("preparations_made", "Preparations made"),
    ("failed_intentions", "Failed to do what they meant to do when last seen"),
    ("family_conflict_abuse", "Family conflict or abuse"),
    ("domestic_abuse", "Victim or perpetrator of domestic abuse"),
    ("health_medication", "Physical illness, mental health, medication needed"),
    ("previous_episodes", "Previous episodes and what happened"),
    ("exploitation_concerns", "Exploitation concerns (sexual, criminal, county lines)"),
    ("drugs_alcohol", "Drugs or alcohol"),
    ("weather_environment", "Weather and environment"),
];

/// An answer to one risk question: yes or no, with details.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RiskAnswer {
    pub answer: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

/// One side's assessment at one time. Every assessment is kept, so the history of the grade is visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskAssessment {
    pub id: AssessmentId,
    pub episode_id: EpisodeId,
    pub side: RiskSide,
    pub grade: RiskGrade,
    pub rationale: FreeText,
    /// Answers by question code; may be partial for an urgent first grade.
    pub answers: BTreeMap<String, RiskAnswer>,
    pub cse_concern: bool,
    pub cce_concern: bool,
    pub override_reason: Option<FreeText>,
    pub assessed_by: UserId,
    pub assessed_at: Timestamp,
}

/// The current risk picture of an episode: each side's latest view, the joint grade and when to review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EpisodeRisk {
    pub police: Option<RiskGrade>,
    pub children_services: Option<RiskGrade>,
    pub joint: Option<RiskGrade>,
    pub disagreement: bool,
    pub review_due_at: Option<Timestamp>,
    pub cse_concern: bool,
    pub cce_concern: bool,
}
