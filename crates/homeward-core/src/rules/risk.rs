//! How the two sides' views make one risk picture, and when it must be reviewed.

use time::Duration;

use crate::domain::risk::{EpisodeRisk, RiskAssessment, RiskGrade, RiskSide};
use crate::domain::text::{FreeText, TextError};
use crate::domain::time::Timestamp;

/// How long each grade may stand before it is reviewed. Local force policy: these are the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewIntervals {
    pub high: Duration,
    pub medium: Duration,
    pub low: Duration,
    pub no_apparent_risk: Duration,
}

impl Default for ReviewIntervals {
    fn default() -> Self {
        Self {
            high: Duration::hours(1),
            medium: Duration::hours(4),
            low: Duration::hours(12),
            no_apparent_risk: Duration::hours(24),
        }
    }
}

impl ReviewIntervals {
    pub fn for_grade(&self, grade: RiskGrade) -> Duration {
        match grade {
            RiskGrade::High => self.high,
            RiskGrade::Medium => self.medium,
            RiskGrade::Low => self.low,
            RiskGrade::NoApparentRisk => self.no_apparent_risk,
        }
    }
}

/// The latest review time that is due at `now`: a review falls due at its time, so one timed for exactly now is
/// due. Stores count the reviews timed at or before this.
pub fn reviews_due_by(now: Timestamp) -> Timestamp {
    now
}

/// Whether a review timed for `review_due_at` is due at `now`. The home page's count and the review alert both
/// ask this, so they never disagree.
pub fn review_is_due(review_due_at: Timestamp, now: Timestamp) -> bool {
    review_due_at <= reviews_due_by(now)
}

/// The joint grade: the higher of the two views while they differ (the APPG's call: the higher grade stands until
/// the disagreement is resolved), and whether they disagree.
pub fn joint_grade(police: Option<RiskGrade>, children_services: Option<RiskGrade>) -> (Option<RiskGrade>, bool) {
    match (police, children_services) {
        (Some(p), Some(c)) => (Some(p.max(c)), p != c),
        (one, other) => (one.or(other), false),
    }
}

/// The current picture from an episode's assessments (any order): each side's latest view, the joint grade, the
/// exploitation concerns raised by either side at any time, and the review time after the latest assessment.
pub fn current_risk(assessments: &[RiskAssessment], intervals: &ReviewIntervals) -> EpisodeRisk {
    let latest = |side: RiskSide| assessments.iter().filter(|a| a.side == side).max_by_key(|a| (a.assessed_at, a.id));
    let police = latest(RiskSide::Police);
    let children_services = latest(RiskSide::ChildrensServices);
    let (joint, disagreement) = joint_grade(police.map(|a| a.grade), children_services.map(|a| a.grade));
    let last_assessed = assessments.iter().map(|a| a.assessed_at).max();
    EpisodeRisk {
        police: police.map(|a| a.grade),
        children_services: children_services.map(|a| a.grade),
        joint,
        disagreement,
        review_due_at: joint.zip(last_assessed).map(|(grade, at)| at.plus(intervals.for_grade(grade))),
        cse_concern: assessments.iter().any(|a| a.cse_concern),
        cce_concern: assessments.iter().any(|a| a.cce_concern),
    }
}

/// One agency's settings of the local rules; what it leaves unset keeps the service's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRules {
    pub review_high_minutes: Option<i64>,
    pub review_medium_minutes: Option<i64>,
    pub review_low_minutes: Option<i64>,
    pub review_no_apparent_risk_minutes: Option<i64>,
    pub young_child_max_age: Option<i32>,
    /// A force's time for a first police assessment of a report before it is alerted (default 60 minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assess_within_minutes: Option<i64>,
    /// A council's postcode areas and districts (`DH`, `DL1`): a person found elsewhere was found out of area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode_areas: Option<Vec<String>>,
    /// A council's ONS local authority codes (`E06000047`), where its agency code is not one: a person found in
    /// another authority's area, by the ONS Postcode Directory, was found out of area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_authorities: Option<Vec<String>>,
}

impl AgencyRules {
    /// Checks the settings are ones a protocol could hold: reviews from 15 minutes to 7 days, the young-child age
    /// from 0 to 17.
    pub fn validate(&self) -> Result<(), String> {
        let reviews = [
            ("review-high-minutes", self.review_high_minutes),
            ("review-medium-minutes", self.review_medium_minutes),
            ("review-low-minutes", self.review_low_minutes),
            ("review-no-apparent-risk-minutes", self.review_no_apparent_risk_minutes),
        ];
        for (name, minutes) in reviews {
            if minutes.is_some_and(|m| !(15..=7 * 24 * 60).contains(&m)) {
                return Err(format!("--{name} must be from 15 minutes to 7 days (10080)"));
            }
        }
        if self.assess_within_minutes.is_some_and(|m| !(5..=24 * 60).contains(&m)) {
            return Err("--assess-within-minutes must be from 5 minutes to a day (1440)".into());
        }
        if self.young_child_max_age.is_some_and(|age| !(0..=17).contains(&age)) {
            return Err("--young-child-max-age must be from 0 to 17".into());
        }
        let district = |p: &String| {
            let letters = p.chars().take_while(char::is_ascii_uppercase).count();
            (1..=2).contains(&letters)
                && p.len() - letters <= 2
                && p[letters..].chars().all(|c| c.is_ascii_alphanumeric())
                && p[letters..].chars().next().is_none_or(|c| c.is_ascii_digit())
        };
        if self.postcode_areas.as_ref().is_some_and(|areas| areas.is_empty() || !areas.iter().all(district)) {
            return Err("--postcode-areas must list postcode areas or districts in capitals, like DH,DL1".into());
        }
        if self
            .local_authorities
            .as_ref()
            .is_some_and(|codes| codes.is_empty() || !codes.iter().all(|code| crate::rules::geo::is_la_code(code)))
        {
            return Err("--local-authorities must list ONS local authority codes, like E06000047,E06000005".into());
        }
        Ok(())
    }

    /// The defaults with this agency's settings applied.
    pub fn apply(&self, intervals: ReviewIntervals, floors: RiskFloors) -> (ReviewIntervals, RiskFloors) {
        let minutes = |setting: Option<i64>, default: Duration| setting.map_or(default, Duration::minutes);
        (
            ReviewIntervals {
                high: minutes(self.review_high_minutes, intervals.high),
                medium: minutes(self.review_medium_minutes, intervals.medium),
                low: minutes(self.review_low_minutes, intervals.low),
                no_apparent_risk: minutes(self.review_no_apparent_risk_minutes, intervals.no_apparent_risk),
            },
            RiskFloors {
                young_child_max_age: self.young_child_max_age.unwrap_or(floors.young_child_max_age),
                ..floors
            },
        )
    }
}

/// Local escalation rules (DOMAIN.md): grades below which a child's joint risk may not fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskFloors {
    /// A child of this age or younger is never graded below `young_child_floor`.
    pub young_child_max_age: i32,
    pub young_child_floor: RiskGrade,
    /// A sexual or criminal exploitation concern means this grade, unless a police supervisor or a council senior
    /// manager lowers it with a recorded reason.
    pub exploitation_floor: RiskGrade,
}

impl Default for RiskFloors {
    fn default() -> Self {
        Self { young_child_max_age: 13, young_child_floor: RiskGrade::Medium, exploitation_floor: RiskGrade::High }
    }
}

/// Why a floor applies, for the person reading the grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorReason {
    YoungChild,
    Exploitation,
}

impl FloorReason {
    /// The rule in words, with the floors in force (a force sets its own young-child age).
    pub fn explain(self, floors: &RiskFloors) -> String {
        match self {
            FloorReason::YoungChild => format!(
                "a child aged {} or under is never graded below {}",
                floors.young_child_max_age,
                floors.young_child_floor.label().to_lowercase()
            ),
            FloorReason::Exploitation => format!(
                "an exploitation concern means {} unless a police supervisor or senior manager lowers it with a reason",
                floors.exploitation_floor.label().to_lowercase()
            ),
        }
    }
}

impl RiskFloors {
    /// The lowest joint grade allowed for a person of `age` with these concerns, and why. `exploitation_lowered`
    /// is true when an authorised senior has lowered the exploitation floor with a reason; the age floor cannot be
    /// lowered.
    pub fn floor(
        &self,
        age: i32,
        exploitation_concern: bool,
        exploitation_lowered: bool,
    ) -> Option<(RiskGrade, FloorReason)> {
        let child = age < 18;
        let exploitation = (child && exploitation_concern && !exploitation_lowered)
            .then_some((self.exploitation_floor, FloorReason::Exploitation));
        let young = (age <= self.young_child_max_age).then_some((self.young_child_floor, FloorReason::YoungChild));
        match (exploitation, young) {
            (Some(e), Some(y)) => Some(if e.0 >= y.0 { e } else { y }),
            (one, other) => one.or(other),
        }
    }
}

/// Raises the joint grade to the floor, if it is below it, and times the review for the grade that stands.
pub fn apply_floor(
    risk: &mut EpisodeRisk,
    floor: Option<(RiskGrade, FloorReason)>,
    last_assessed: Option<Timestamp>,
    intervals: &ReviewIntervals,
) {
    if let (Some(joint), Some((floor, _))) = (risk.joint, floor)
        && joint < floor
    {
        risk.joint = Some(floor);
        risk.review_due_at = last_assessed.map(|at| at.plus(intervals.for_grade(floor)));
    }
}

/// The reason for lowering a grade a rule set: absent, or words. Sent but blank ("   ") it is refused, never read
/// as no reason: a blank reason could otherwise pass for a reasoned override, or hide that one was meant.
pub fn override_reason(text: Option<&str>) -> Result<Option<FreeText>, TextError> {
    text.map(FreeText::parse).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AssessmentId, EpisodeId, UserId};
    use RiskGrade::{High, Low, Medium};

    fn assessment(side: RiskSide, grade: RiskGrade, at: &str) -> RiskAssessment {
        RiskAssessment {
            id: AssessmentId::random(),
            episode_id: EpisodeId::random(),
            side,
            grade,
            rationale: FreeText::parse("reason").expect("valid"),
            answers: std::collections::BTreeMap::new(),
            cse_concern: false,
            cce_concern: false,
            override_reason: None,
            assessed_by: UserId::random(),
            assessed_at: Timestamp::parse_rfc3339(at).expect("valid"),
        }
    }

    #[test]
    fn an_override_reason_is_absent_or_words_never_blank() {
        assert_eq!(override_reason(None), Ok(None));
        assert!(override_reason(Some("   ")).is_err());
        assert_eq!(
            override_reason(Some(" Seen safe ")).map(|r| r.map(|r| r.to_string())),
            Ok(Some("Seen safe".into()))
        );
    }

    #[test]
    fn the_higher_view_stands_while_the_sides_disagree() {
        assert_eq!(joint_grade(Some(Low), Some(High)), (Some(High), true));
        assert_eq!(joint_grade(Some(Medium), Some(Medium)), (Some(Medium), false));
        assert_eq!(joint_grade(Some(Medium), None), (Some(Medium), false));
        assert_eq!(joint_grade(None, None), (None, false));
    }

    #[test]
    fn each_side_counts_with_its_latest_view_and_review_runs_from_the_latest_assessment() {
        let history = [
            assessment(RiskSide::Police, High, "2026-01-01T10:00:00Z"),
            assessment(RiskSide::Police, Medium, "2026-01-01T12:00:00Z"),
            assessment(RiskSide::ChildrensServices, Medium, "2026-01-01T11:00:00Z"),
        ];
        let risk = current_risk(&history, &ReviewIntervals::default());
        assert_eq!(risk.police, Some(Medium));
        assert_eq!(risk.joint, Some(Medium));
        assert!(!risk.disagreement);
        assert_eq!(risk.review_due_at, Timestamp::parse_rfc3339("2026-01-01T16:00:00Z").ok());
    }

    #[test]
    fn young_children_and_exploitation_set_floors() {
        let floors = RiskFloors::default();
        assert_eq!(floors.floor(12, false, false), Some((Medium, FloorReason::YoungChild)));
        assert_eq!(floors.floor(13, false, false), Some((Medium, FloorReason::YoungChild)));
        assert_eq!(floors.floor(14, false, false), None);
        assert_eq!(floors.floor(15, true, false), Some((High, FloorReason::Exploitation)));
        assert_eq!(floors.floor(12, true, false), Some((High, FloorReason::Exploitation)));
        assert_eq!(floors.floor(15, true, true), None, "lowered by an authorised senior");
        assert_eq!(floors.floor(12, true, true), Some((Medium, FloorReason::YoungChild)), "the age floor stays");
        assert_eq!(floors.floor(30, true, false), None, "adults are graded on their own facts");
    }

    #[test]
    fn the_floor_raises_the_joint_grade_and_its_review_time() {
        let mut risk =
            current_risk(&[assessment(RiskSide::Police, Low, "2026-01-01T10:00:00Z")], &ReviewIntervals::default());
        let last = Timestamp::parse_rfc3339("2026-01-01T10:00:00Z").ok();
        apply_floor(&mut risk, Some((Medium, FloorReason::YoungChild)), last, &ReviewIntervals::default());
        assert_eq!((risk.police, risk.joint), (Some(Low), Some(Medium)), "the police view is kept as given");
        assert_eq!(risk.review_due_at, Timestamp::parse_rfc3339("2026-01-01T14:00:00Z").ok());
        let mut high = risk;
        high.joint = Some(High);
        apply_floor(&mut high, Some((Medium, FloorReason::YoungChild)), last, &ReviewIntervals::default());
        assert_eq!(high.joint, Some(High), "a floor never lowers");
    }

    #[test]
    fn an_agencys_settings_replace_only_what_they_set() {
        let rules =
            AgencyRules { review_high_minutes: Some(30), young_child_max_age: Some(11), ..AgencyRules::default() };
        let (intervals, floors) = rules.apply(ReviewIntervals::default(), RiskFloors::default());
        assert_eq!(intervals.high, Duration::minutes(30));
        assert_eq!(intervals.medium, Duration::hours(4));
        assert_eq!(floors.young_child_max_age, 11);
        assert_eq!(floors.exploitation_floor, High);
        assert!(rules.validate().is_ok());
        assert!(AgencyRules { review_low_minutes: Some(5), ..AgencyRules::default() }.validate().is_err());
        assert!(AgencyRules { young_child_max_age: Some(18), ..AgencyRules::default() }.validate().is_err());
    }

    #[test]
    fn the_young_child_rule_is_explained_with_the_forces_own_age() {
        let rules = AgencyRules { young_child_max_age: Some(11), ..AgencyRules::default() };
        let (_, floors) = rules.apply(ReviewIntervals::default(), RiskFloors::default());
        assert_eq!(FloorReason::YoungChild.explain(&floors), "a child aged 11 or under is never graded below medium");
        assert!(FloorReason::YoungChild.explain(&RiskFloors::default()).contains("aged 13 or under"));
        assert!(FloorReason::Exploitation.explain(&floors).contains("means high unless"));
    }

    #[test]
    fn a_review_is_due_from_the_moment_it_is_timed_for() {
        let review = Timestamp::parse_rfc3339("2026-01-01T14:00:00Z").expect("valid");
        assert!(!review_is_due(review, review.plus(Duration::microseconds(-1))));
        assert!(review_is_due(review, review));
        assert_eq!(reviews_due_by(review), review, "stores count what the rule counts");
    }

    #[test]
    fn no_assessment_means_no_grade_and_no_review() {
        assert_eq!(current_risk(&[], &ReviewIntervals::default()), EpisodeRisk::default());
    }
}
