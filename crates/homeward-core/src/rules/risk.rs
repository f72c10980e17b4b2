//! How the two sides' views make one risk picture, and when it must be reviewed.

use time::Duration;

use crate::domain::risk::{EpisodeRisk, RiskAssessment, RiskGrade, RiskSide};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AssessmentId, EpisodeId, UserId};
    use crate::domain::text::FreeText;
    use crate::domain::time::Timestamp;
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
    fn no_assessment_means_no_grade_and_no_review() {
        assert_eq!(current_risk(&[], &ReviewIntervals::default()), EpisodeRisk::default());
    }
}
