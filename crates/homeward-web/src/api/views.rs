//! The shapes the API answers with. Field names follow CONTRACT.md and are fixed; new fields may be added.

use homeward_core::Action;
use homeward_core::authz::{Actions, Sensitivity};
use homeward_core::domain::episode::{Episode, EpisodeListing};
use homeward_core::domain::paging;
use homeward_core::domain::person::Person;
use homeward_core::domain::profile::Profile;
use homeward_core::domain::risk::{EpisodeRisk, RiskAssessment};
use homeward_core::domain::time::{Timestamp, format_date};
use homeward_core::services::{EpisodeRecord, PersonRecord};
use serde::Serialize;
use utoipa::ToSchema;

mod interviews;

pub use interviews::{
    InterviewDetailView, RecommendationStatus, RecommendationView, ReturnInterviewView, SafeAndWellView,
};

pub(crate) fn ts(at: Timestamp) -> String {
    at.to_rfc3339()
}

/// The codes of the actions the caller may take now (docs/PERMISSIONS.md lists them all).
pub(super) fn codes(actions: &Actions) -> Vec<&'static str> {
    actions.iter().map(Action::as_str).collect()
}

/// The codes of the sensitivity classes withheld from the caller.
pub(super) fn classes(withheld: &[Sensitivity]) -> Vec<&'static str> {
    withheld.iter().map(|c| c.as_str()).collect()
}

/// A list page: `next` is the cursor for the following page, or null on the last.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// The answer for one page of the core's list, each record shown as `view`.
    pub fn of<'a, R, K, Id>(page: &'a paging::Page<R, K, Id>, view: impl Fn(&'a R) -> T) -> Self
    where
        K: paging::SortKey,
        Id: std::fmt::Display + std::str::FromStr,
    {
        Self { items: page.items.iter().map(view).collect(), next: page.next.as_ref().map(paging::Cursor::encode) }
    }
}

/// The risk picture of an episode: each side's latest grade, the joint grade (the higher while they differ),
/// whether they disagree, and when the grade must next be reviewed. Grades are `no_apparent_risk`, `low`,
/// `medium` or `high`; null where that side has not assessed.
#[derive(Debug, Serialize, ToSchema)]
pub struct RiskView {
    #[schema(value_type = Option<homeward_core::domain::risk::RiskGrade>)]
    pub police: Option<&'static str>,
    #[schema(value_type = Option<homeward_core::domain::risk::RiskGrade>)]
    pub children_services: Option<&'static str>,
    #[schema(value_type = Option<homeward_core::domain::risk::RiskGrade>)]
    pub joint: Option<&'static str>,
    pub disagreement: bool,
    #[schema(format = DateTime)]
    pub review_due_at: Option<String>,
    pub cse_concern: bool,
    pub cce_concern: bool,
}

impl From<&EpisodeRisk> for RiskView {
    fn from(risk: &EpisodeRisk) -> Self {
        Self {
            police: risk.police.map(homeward_core::domain::risk::RiskGrade::as_str),
            children_services: risk.children_services.map(homeward_core::domain::risk::RiskGrade::as_str),
            joint: risk.joint.map(homeward_core::domain::risk::RiskGrade::as_str),
            disagreement: risk.disagreement,
            review_due_at: risk.review_due_at.map(ts),
            cse_concern: risk.cse_concern,
            cce_concern: risk.cce_concern,
        }
    }
}

/// An episode in a list, with the person's name for recognition.
#[derive(Debug, Serialize, ToSchema)]
pub struct EpisodeListItem {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    pub given_name: String,
    pub family_name: String,
    #[schema(format = Date)]
    pub date_of_birth: String,
    /// `missing` or `returned`.
    #[schema(value_type = homeward_core::domain::episode::EpisodeStatus)]
    pub status: &'static str,
    #[schema(format = DateTime)]
    pub went_missing_at: String,
    #[schema(format = DateTime)]
    pub returned_at: Option<String>,
    #[schema(value_type = homeward_core::domain::episode::MissingFrom)]
    pub missing_from: &'static str,
    pub risk: RiskView,
}

impl From<&EpisodeListing> for EpisodeListItem {
    fn from(listing: &EpisodeListing) -> Self {
        let e = &listing.episode;
        Self {
            id: e.id.to_string(),
            person_id: e.person_id.to_string(),
            given_name: listing.given_name.to_string(),
            family_name: listing.family_name.to_string(),
            date_of_birth: format_date(listing.date_of_birth),
            status: e.status.as_str(),
            went_missing_at: ts(e.went_missing_at),
            returned_at: e.returned_at.map(ts),
            missing_from: e.missing_from.as_str(),
            risk: RiskView::from(&e.risk),
        }
    }
}

/// An episode's own fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct EpisodeView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    #[schema(value_type = homeward_core::domain::episode::EpisodeStatus)]
    pub status: &'static str,
    #[schema(format = DateTime)]
    pub went_missing_at: String,
    #[schema(format = DateTime)]
    pub reported_at: String,
    #[schema(value_type = homeward_core::domain::episode::MissingFrom)]
    pub missing_from: &'static str,
    /// For a looked-after child: `missing` or `away` (from placement without authorisation).
    #[schema(value_type = Option<homeward_core::domain::episode::LaCategory>)]
    pub la_category: Option<&'static str>,
    pub last_seen_place: Option<String>,
    pub circumstances: Option<String>,
    pub police_reference: Option<String>,
    /// Who reported the person missing.
    pub reporter: Option<String>,
    #[schema(format = DateTime)]
    pub returned_at: Option<String>,
    /// `returned_self`, `found_by_police`, `found_by_other` or `found_dead`.
    #[schema(value_type = Option<homeward_core::domain::episode::ReturnOutcome>)]
    pub return_outcome: Option<&'static str>,
    /// Where the person was found.
    pub found_place: Option<String>,
    pub found_postcode: Option<String>,
    /// Found outside the council area they went missing from; null when nobody can tell.
    pub found_out_of_area: Option<bool>,
    /// Who found them.
    pub found_by: Option<String>,
    /// When the police side closed (the safe and well check was recorded).
    #[schema(format = DateTime)]
    pub police_closed_at: Option<String>,
    #[schema(format = "uuid")]
    pub recorded_by_agency_id: String,
    #[schema(format = "uuid")]
    pub police_force_id: Option<String>,
    #[schema(format = "uuid")]
    pub area_la_id: Option<String>,
    pub risk: RiskView,
}

impl From<&Episode> for EpisodeView {
    fn from(e: &Episode) -> Self {
        Self {
            id: e.id.to_string(),
            person_id: e.person_id.to_string(),
            status: e.status.as_str(),
            went_missing_at: ts(e.went_missing_at),
            reported_at: ts(e.reported_at),
            missing_from: e.missing_from.as_str(),
            la_category: e.la_category.map(homeward_core::domain::episode::LaCategory::as_str),
            last_seen_place: e.last_seen_place.as_ref().map(ToString::to_string),
            circumstances: e.circumstances.as_ref().map(ToString::to_string),
            police_reference: e.police_reference.as_ref().map(ToString::to_string),
            reporter: e.reporter.as_ref().map(ToString::to_string),
            returned_at: e.returned_at.map(ts),
            return_outcome: e.return_outcome.map(homeward_core::domain::episode::ReturnOutcome::as_str),
            found_place: e.found.place.as_ref().map(ToString::to_string),
            found_postcode: e.found.postcode.as_ref().map(ToString::to_string),
            found_out_of_area: e.found.out_of_area,
            found_by: e.found.by.as_ref().map(ToString::to_string),
            police_closed_at: e.police_closed_at.map(ts),
            recorded_by_agency_id: e.recorded_by_agency_id.to_string(),
            police_force_id: e.police_force_id.map(|id| id.to_string()),
            area_la_id: e.area_la_id.map(|id| id.to_string()),
            risk: RiskView::from(&e.risk),
        }
    }
}

/// A person's identity and who is responsible for them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    #[schema(format = "uuid")]
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    #[schema(format = Date)]
    pub date_of_birth: String,
    /// `M`, `F` or `U`.
    #[schema(value_type = homeward_core::domain::person::Sex)]
    pub sex: &'static str,
    pub looked_after: bool,
    pub responsible_la: Option<String>,
    pub host_la: Option<String>,
    pub placement_provider: Option<String>,
    #[schema(format = "uuid")]
    pub allocated_worker_id: Option<String>,
}

impl From<&Person> for PersonView {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id.to_string(),
            given_name: p.given_name.to_string(),
            family_name: p.family_name.to_string(),
            date_of_birth: format_date(p.date_of_birth),
            sex: p.sex.as_str(),
            looked_after: p.looked_after,
            responsible_la: p.responsible_la_id.map(|id| id.to_string()),
            host_la: p.host_la_id.map(|id| id.to_string()),
            placement_provider: p.placement_provider_id.map(|id| id.to_string()),
            allocated_worker_id: p.allocated_worker_id.map(|id| id.to_string()),
        }
    }
}

/// One side's risk assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentView {
    #[schema(format = "uuid")]
    pub id: String,
    /// `police` or `children_services`.
    #[schema(value_type = homeward_core::domain::risk::RiskSide)]
    pub side: &'static str,
    #[schema(value_type = homeward_core::domain::risk::RiskGrade)]
    pub grade: &'static str,
    pub rationale: String,
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
    pub cse_concern: bool,
    pub cce_concern: bool,
    pub override_reason: Option<String>,
    pub assessed_by: String,
    #[schema(format = DateTime)]
    pub assessed_at: String,
}

impl From<&RiskAssessment> for AssessmentView {
    fn from(a: &RiskAssessment) -> Self {
        Self {
            id: a.id.to_string(),
            side: a.side.as_str(),
            grade: a.grade.as_str(),
            rationale: a.rationale.to_string(),
            answers: serde_json::to_value(&a.answers).unwrap_or_default(),
            cse_concern: a.cse_concern,
            cce_concern: a.cce_concern,
            override_reason: a.override_reason.as_ref().map(ToString::to_string),
            assessed_by: a.assessed_by.to_string(),
            assessed_at: ts(a.assessed_at),
        }
    }
}

/// One episode with the person and everything recorded so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct EpisodeDetail {
    #[serde(flatten)]
    pub episode: EpisodeView,
    pub person: PersonView,
    /// Age in whole years when the episode started.
    pub age_at_start: i32,
    pub assessments: Vec<AssessmentView>,
    pub return_interviews: Vec<ReturnInterviewView>,
    /// The person's current Philomena or Herbert profile.
    pub profile: Option<ProfileView>,
    /// The police safe and well check, once recorded.
    pub safe_and_well: Option<SafeAndWellView>,
    /// Recommendations from the return interview, with responses.
    pub recommendations: Vec<RecommendationView>,
    /// What the caller may do to the episode and its person now: `report_episode`, `keep_profile`, `assess_risk`,
    /// `lower_risk_floor`, `change_la_category`, `record_return`, `record_safe_and_well`,
    /// `offer_return_conversation`, `read_intelligence`, `record_abduction_notice`.
    #[schema(value_type = Vec<homeward_core::authz::Action>)]
    pub actions: Vec<&'static str>,
    /// Exploitation prompts from every agency's records of the person, each with its reason, never a verdict: for
    /// those who assess risk or read intelligence (empty for others).
    pub indicators: Vec<IndicatorView>,
    /// The sensitivity classes not shared with the caller's agency, whose fields are null or left out here:
    /// `health`, `police_intelligence` (the safe and well check's `disclosures`, and the police's own
    /// `assessments`, whose grade stays in `risk`), `childs_account` (the words of an interview's record; its codes
    /// stay). docs/PERMISSIONS.md lists each class's fields and readers.
    #[schema(value_type = Vec<homeward_core::authz::Sensitivity>)]
    pub withheld: Vec<&'static str>,
    /// True while the episode, imported with the abolished grade "absent", awaits a police supervisor's review.
    pub legacy_absent_review: bool,
    /// For an episode imported as "absent": its review, once done.
    pub legacy_absent: Option<super::follow_up::LegacyAbsentView>,
    /// Philomena Protocol part 2 (clothing, where last seen), shown with part 1 (`profile`).
    pub missing_description: Option<super::follow_up::MissingDescriptionView>,
    /// The long-term missing register's entry and reviews, for the police and the responsible council once the
    /// episode is on it (still open a year after the person went missing).
    pub long_term: Option<super::long_term::LongTermView>,
}

impl From<&EpisodeRecord> for EpisodeDetail {
    fn from(record: &EpisodeRecord) -> Self {
        Self {
            episode: EpisodeView::from(&record.episode),
            person: PersonView::from(&record.person),
            age_at_start: record.person.age_at(record.episode.went_missing_at),
            assessments: record.assessments.iter().map(AssessmentView::from).collect(),
            return_interviews: record.return_interviews.iter().map(ReturnInterviewView::from).collect(),
            profile: record.profile.as_ref().map(ProfileView::from),
            safe_and_well: record.safe_and_well.as_ref().map(SafeAndWellView::from),
            recommendations: record.recommendations.iter().map(RecommendationView::from).collect(),
            actions: codes(&record.actions),
            indicators: record
                .indicators
                .iter()
                .map(|i| IndicatorView { kind: i.kind.as_str(), reason: i.reason.clone() })
                .collect(),
            withheld: classes(&record.withheld),
            legacy_absent_review: record
                .legacy_absent
                .as_ref()
                .is_some_and(homeward_core::domain::legacy::LegacyAbsent::awaiting_review),
            legacy_absent: record.legacy_absent.as_ref().map(super::follow_up::LegacyAbsentView::from),
            missing_description: record
                .missing_description
                .as_ref()
                .map(super::follow_up::MissingDescriptionView::from),
            long_term: record.long_term.as_ref().map(super::long_term::LongTermView::from),
        }
    }
}

/// An exploitation prompt and why it is raised.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorView {
    /// `found_out_of_area`, `repeat_episodes`, `travelled_far`, `adult_associate` or `shared_with_exploited`.
    #[schema(value_type = homeward_core::rules::indicators::IndicatorKind)]
    pub kind: &'static str,
    pub reason: String,
}

/// A Philomena or Herbert profile: its latest version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileView {
    /// The record the profile is kept on: the person's own, or, when theirs has none, a record confirmed as the
    /// same person.
    #[schema(format = "uuid")]
    pub person_id: String,
    /// `philomena` or `herbert`.
    #[schema(value_type = homeward_core::domain::profile::ProfileKind)]
    pub kind: &'static str,
    pub version: i64,
    /// Text by field code.
    #[schema(value_type = Object)]
    pub fields: std::collections::BTreeMap<String, String>,
    pub saved_by: String,
    #[schema(format = DateTime)]
    pub saved_at: String,
}

impl From<&Profile> for ProfileView {
    fn from(p: &Profile) -> Self {
        Self {
            person_id: p.person_id.to_string(),
            kind: p.kind.as_str(),
            version: p.version,
            fields: p.fields.iter().map(|(code, text)| (code.clone(), text.to_string())).collect(),
            saved_by: p.saved_by.to_string(),
            saved_at: ts(p.saved_at),
        }
    }
}

/// A person with the episodes of theirs the caller may see, newest first, and their Philomena or Herbert
/// profile (null until one is prepared).
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub person: PersonView,
    pub profile: Option<ProfileView>,
    pub episodes: Vec<EpisodeView>,
    /// The placements, current and past, the latest first (a looked-after child's).
    pub placements: Vec<super::placements::PlacementView>,
    /// The ids of other records of the same person, linked by a confirmed link proposal, that the caller also sees.
    pub linked_people: Vec<String>,
    /// What the caller may do to the person now: `report_episode`, `keep_profile`, `record_placement`,
    /// `end_placement`, `review_link`.
    #[schema(value_type = Vec<homeward_core::authz::Action>)]
    pub actions: Vec<&'static str>,
    /// The sensitivity classes not shared with the caller's agency, whose fields are left out here (a profile's
    /// `health` fields).
    #[schema(value_type = Vec<homeward_core::authz::Sensitivity>)]
    pub withheld: Vec<&'static str>,
}

impl From<&PersonRecord> for PersonDetail {
    fn from(record: &PersonRecord) -> Self {
        Self {
            person: PersonView::from(&record.person),
            profile: record.profile.as_ref().map(ProfileView::from),
            episodes: record.episodes.iter().map(EpisodeView::from).collect(),
            placements: record.placements.iter().map(super::placements::PlacementView::from).collect(),
            linked_people: record.linked_people.iter().map(ToString::to_string).collect(),
            actions: codes(&record.actions),
            withheld: classes(&record.withheld),
        }
    }
}
