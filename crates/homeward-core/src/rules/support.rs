//! When a post-missing support plan's review is overdue (issue 17, item 4): the day after its review date, in
//! London, while it has no outcome. Each review date is its own occasion, so moving the date closes the alert and a
//! later date missed raises a new one.

use crate::domain::alert::AlertKind;
use crate::domain::support::SupportPlan;
use crate::domain::time::{Timestamp, format_date, from_london};
use crate::rules::alerts::Due;
use crate::rules::timed::Fallen;

/// What tells one overdue review of a plan from another: the plan and the date it was due.
pub fn review_occasion(plan: &SupportPlan) -> String {
    format!("{}:{}", plan.id, format_date(plan.review_on))
}

/// The overdue review alert for the plan's owning agency, once the review date has passed without an outcome.
pub fn review_overdue(plan: &SupportPlan, now: Timestamp) -> Option<Fallen> {
    let at = from_london(plan.review_on.next_day()?, time::Time::MIDNIGHT)?;
    (plan.is_open() && at <= now).then(|| Fallen {
        due: Due {
            kind: AlertKind::SupportReviewOverdue,
            agency: plan.owner_agency_id,
            occasion: review_occasion(plan),
        },
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AgencyId, EpisodeId, PersonId, ReturnInterviewId, SupportPlanId, UserId};
    use crate::domain::support::SupportOutcome;
    use crate::domain::text::FreeText;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    fn plan() -> SupportPlan {
        SupportPlan {
            id: SupportPlanId::random(),
            interview_id: ReturnInterviewId::random(),
            episode_id: EpisodeId::random(),
            person_id: PersonId::random(),
            owner_agency_id: AgencyId::random(),
            owner_id: UserId::random(),
            sessions_planned: 4,
            safety_plan: FreeText::parse("Synthetic safety plan").expect("valid"),
            review_on: time::macros::date!(2026 - 06 - 10),
            outcome: None,
            outcome_note: None,
            closed_at: None,
            created_by: UserId::random(),
            created_at: at("2026-06-01T10:00:00Z"),
            sessions: Vec::new(),
        }
    }

    #[test]
    fn a_review_is_overdue_from_midnight_after_its_date_in_london_until_the_plan_closes() {
        let mut plan = plan();
        // Midnight in London in June is 23:00 UTC the evening before.
        assert!(review_overdue(&plan, at("2026-06-10T22:59:59Z")).is_none());
        let fallen = review_overdue(&plan, at("2026-06-11T09:00:00Z")).expect("overdue");
        assert_eq!(fallen.at, at("2026-06-10T23:00:00Z"));
        assert_eq!(fallen.due.agency, plan.owner_agency_id);
        assert!(fallen.due.occasion.ends_with(":2026-06-10"));
        plan.outcome = Some(SupportOutcome::AimsMet);
        assert!(review_overdue(&plan, at("2026-06-11T09:00:00Z")).is_none(), "a closed plan has no reviews");
    }
}
