//! The alerts time brings (DOMAIN.md, Deadlines and notifications): when each falls due, so the scheduler raises it
//! stamped with that moment whoever is looking, and when its cause has gone, so it closes itself.

use time::{Date, Duration};

use crate::domain::alert::{Alert, AlertKind, ClosedReason};
use crate::domain::episode::{Episode, EpisodeStatus};
use crate::domain::long_term::LongTermListing;
use crate::domain::ofsted::OfstedNotification;
use crate::domain::return_interview::{InterviewCouncils, Recommendation};
use crate::domain::time::{Timestamp, from_london};
use crate::rules::alerts::Due;
use crate::rules::interviews::told_of_overdue;

/// The police national computer record is due within 48 hours of the report.
pub const PNC_RECORD_DUE: Duration = Duration::hours(48);
/// The UK Missing Persons Unit is told when someone is still missing 72 hours after the report.
pub const MISSING_PERSONS_UNIT_DUE: Duration = Duration::hours(72);
/// Missing over a year: long-term missing (DOMAIN.md).
pub const LONG_TERM_MISSING: Duration = Duration::days(365);
/// A report the police have not assessed within this is alerted, unless the force sets its own time.
pub const ASSESS_WITHIN: Duration = Duration::minutes(60);
/// How long before a risk review falls due its advance warning is raised.
pub const REVIEW_WARNING: Duration = Duration::minutes(15);
/// How long before a child's return interview must be offered its advance warning is raised.
pub const INTERVIEW_WARNING: Duration = Duration::hours(24);

/// The kinds of alert time brings: the scheduler raises them and closes them when their cause goes.
pub const TIMED_KINDS: [AlertKind; 9] = [
    AlertKind::PoliceNationalComputerDue,
    AlertKind::MissingPersonsUnitDue,
    AlertKind::LongTermMissing,
    AlertKind::NotAssessed,
    AlertKind::ReviewOverdue,
    AlertKind::ReviewDueSoon,
    AlertKind::ReturnInterviewOverdue,
    AlertKind::ReturnInterviewDueSoon,
    AlertKind::LongTermReviewOverdue,
];

/// An alert that has fallen due, and the moment it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallen {
    pub due: Due,
    pub at: Timestamp,
}

/// The alerts a still-missing episode has brought its police force by `now`; `assess_within` is the force's time
/// for a first police assessment.
pub fn for_missing(episode: &Episode, assess_within: Duration, now: Timestamp) -> Vec<Fallen> {
    let Some(force) = episode.police_force_id.filter(|_| episode.status == EpisodeStatus::Missing) else {
        return Vec::new();
    };
    let mut fallen = Vec::new();
    let mut at = |kind, occasion: String, when: Timestamp| {
        if when <= now {
            fallen.push(Fallen { due: Due { kind, agency: force, occasion }, at: when });
        }
    };
    at(AlertKind::PoliceNationalComputerDue, String::new(), episode.reported_at.plus(PNC_RECORD_DUE));
    at(AlertKind::MissingPersonsUnitDue, String::new(), episode.reported_at.plus(MISSING_PERSONS_UNIT_DUE));
    at(AlertKind::LongTermMissing, String::new(), episode.went_missing_at.plus(LONG_TERM_MISSING));
    if episode.risk.police.is_none() {
        at(AlertKind::NotAssessed, String::new(), episode.reported_at.plus(assess_within));
    }
    if let Some(review) = episode.risk.review_due_at {
        at(AlertKind::ReviewOverdue, review.to_rfc3339(), review);
        if now < review {
            at(AlertKind::ReviewDueSoon, review.to_rfc3339(), review.plus(-REVIEW_WARNING));
        }
    }
    fallen
}

/// The alerts a child's interview awaiting its offer has brought its council by `now`: the warning a day before its
/// 72 hours run out, then the overdue alert. `due_at` is when the offer is due.
pub fn for_interview(interview: &InterviewCouncils, due_at: Timestamp, now: Timestamp) -> Vec<Fallen> {
    let Some(council) = told_of_overdue(interview.responsible_la_id, interview.area_la_id) else {
        return Vec::new();
    };
    let occasion = interview.interview_id.to_string();
    let due = |kind| Due { kind, agency: council, occasion: occasion.clone() };
    if now > due_at {
        vec![Fallen { due: due(AlertKind::ReturnInterviewOverdue), at: due_at }]
    } else if now >= due_at.plus(-INTERVIEW_WARNING) {
        vec![Fallen { due: due(AlertKind::ReturnInterviewDueSoon), at: due_at.plus(-INTERVIEW_WARNING) }]
    } else {
        Vec::new()
    }
}

/// The overdue alert of an unanswered recommendation, for its owner, from the start of the UK day after its due
/// date.
pub fn for_recommendation(recommendation: &Recommendation, now: Timestamp) -> Option<Fallen> {
    let day_after = recommendation.due_on.next_day()?;
    let at = from_london(day_after, time::Time::MIDNIGHT)?;
    (recommendation.response.is_none() && at <= now).then(|| Fallen {
        due: Due {
            kind: AlertKind::RecommendationOverdue,
            agency: recommendation.owner_agency_id,
            occasion: recommendation.id.to_string(),
        },
        at,
    })
}

/// The overdue alert of a children's home's unrecorded notification to Ofsted, for the home, a day after the
/// prompt (`rules::ofsted`).
pub fn for_ofsted(notification: &OfstedNotification, now: Timestamp) -> Option<Fallen> {
    let at = crate::rules::ofsted::overdue_at(notification);
    (notification.notified_at.is_none() && at <= now).then(|| Fallen {
        due: Due {
            kind: AlertKind::OfstedNotificationOverdue,
            agency: notification.home_agency_id,
            occasion: notification.id.to_string(),
        },
        at,
    })
}

/// The overdue alerts of a long-term missing episode's review, for its police force and its responsible council,
/// from the start of the UK day after the review's due date; the occasion is the due date, so each review's
/// lateness is its own alert.
pub fn for_long_term(listing: &LongTermListing, due_on: Date, now: Timestamp) -> Vec<Fallen> {
    let Some(at) = due_on.next_day().and_then(|day| from_london(day, time::Time::MIDNIGHT)) else { return Vec::new() };
    if at > now {
        return Vec::new();
    }
    let episode = &listing.listing.episode;
    let occasion = crate::domain::time::format_date(due_on);
    [episode.police_force_id, listing.responsible_la_id]
        .into_iter()
        .flatten()
        .map(|agency| Fallen {
            due: Due { kind: AlertKind::LongTermReviewOverdue, agency, occasion: occasion.clone() },
            at,
        })
        .collect()
}

/// What the scheduler knows now of the causes of open timed alerts.
pub trait Causes {
    /// The episode, if its person is still missing.
    fn still_missing(&self, episode: &crate::domain::ids::EpisodeId) -> Option<&Episode>;
    /// When the interview named by an alert's occasion is due, if it still awaits its offer.
    fn awaiting_offer(&self, interview: &str) -> Option<Timestamp>;
    /// Whether the recommendation named by an alert's occasion is still unanswered.
    fn unanswered(&self, recommendation: &str) -> bool;
    /// Whether the Ofsted notification named by an alert's occasion is still unrecorded.
    fn ofsted_unrecorded(&self, notification: &str) -> bool;
    /// Whether the support plan review named by an alert's occasion is still overdue (the plan open, its date
    /// unchanged).
    fn support_review_overdue(&self, occasion: &str) -> bool;
    /// When the long-term missing episode's next review is due, if it is still on the register.
    fn long_term_review_due(&self, episode: &crate::domain::ids::EpisodeId) -> Option<Date>;
}

/// Why an open alert should close at `now`, or `None` while its cause stands. Only timed alerts and the
/// recommendation overdue alert close themselves; the others wait for someone to acknowledge them. A warning that
/// something is due soon closes once it is overdue, as the overdue alert then takes its place.
pub fn cause_gone(alert: &Alert, causes: &impl Causes, now: Timestamp) -> Option<ClosedReason> {
    let missing = || alert.episode_id.and_then(|episode| causes.still_missing(&episode));
    match alert.kind {
        AlertKind::PoliceNationalComputerDue | AlertKind::MissingPersonsUnitDue | AlertKind::LongTermMissing => {
            missing().is_none().then_some(ClosedReason::PersonReturned)
        }
        AlertKind::NotAssessed => match missing() {
            None => Some(ClosedReason::PersonReturned),
            Some(episode) => episode.risk.police.is_some().then_some(ClosedReason::RiskAssessed),
        },
        AlertKind::ReviewOverdue | AlertKind::ReviewDueSoon => match missing() {
            None => Some(ClosedReason::PersonReturned),
            Some(episode) => match episode.risk.review_due_at {
                Some(due) if due.to_rfc3339() == alert.occasion => {
                    (alert.kind == AlertKind::ReviewDueSoon && now >= due).then_some(ClosedReason::NowOverdue)
                }
                _ => Some(ClosedReason::ReviewDone),
            },
        },
        AlertKind::ReturnInterviewOverdue | AlertKind::ReturnInterviewDueSoon => {
            match causes.awaiting_offer(&alert.occasion) {
                None => Some(ClosedReason::InterviewOffered),
                Some(due) => {
                    (alert.kind == AlertKind::ReturnInterviewDueSoon && now >= due).then_some(ClosedReason::NowOverdue)
                }
            }
        }
        AlertKind::RecommendationOverdue => {
            (!causes.unanswered(&alert.occasion)).then_some(ClosedReason::RecommendationAnswered)
        }
        AlertKind::OfstedNotificationOverdue => {
            (!causes.ofsted_unrecorded(&alert.occasion)).then_some(ClosedReason::OfstedNotified)
        }
        AlertKind::SupportReviewOverdue => {
            (!causes.support_review_overdue(&alert.occasion)).then_some(ClosedReason::SupportReviewed)
        }
        AlertKind::LongTermReviewOverdue => match missing() {
            None => Some(ClosedReason::PersonReturned),
            Some(_) => alert
                .episode_id
                .and_then(|episode| causes.long_term_review_due(&episode))
                .is_none_or(|due| crate::domain::time::format_date(due) != alert.occasion)
                .then_some(ClosedReason::ReviewDone),
        },
        AlertKind::ChildHighRisk
        | AlertKind::RiskDisagreement
        | AlertKind::StrategyMeeting
        | AlertKind::IroToBeTold
        | AlertKind::ReportedToForce
        | AlertKind::ChildPlacedInArea
        | AlertKind::PossibleDuplicate
        | AlertKind::ContextTouched
        | AlertKind::AbductionNoticeNamed
        | AlertKind::HelplineContactShared => None,
    }
}

/// The time an agency's rules give the police for a first assessment.
pub fn assess_within(minutes: Option<i64>) -> Duration {
    minutes.map_or(ASSESS_WITHIN, Duration::minutes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{AgencyId, EpisodeId, RecommendationId, ReturnInterviewId, UserId};
    use crate::domain::text::FreeText;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    fn kinds(fallen: &[Fallen]) -> Vec<(AlertKind, Timestamp)> {
        fallen.iter().map(|f| (f.due.kind, f.at)).collect()
    }

    fn missing(reported: &str) -> Episode {
        use crate::domain::episode::{Found, MissingFrom};
        let reported = at(reported);
        Episode {
            id: EpisodeId::random(),
            person_id: crate::domain::ids::PersonId::random(),
            recorded_by_agency_id: AgencyId::random(),
            police_force_id: Some(AgencyId::random()),
            area_la_id: None,
            went_missing_at: reported,
            reported_at: reported,
            missing_from: MissingFrom::Home,
            status: EpisodeStatus::Missing,
            la_category: None,
            last_seen_place: None,
            circumstances: None,
            police_reference: None,
            reporter: None,
            returned_at: None,
            return_outcome: None,
            found: Found::default(),
            police_closed_at: None,
            risk: crate::domain::risk::EpisodeRisk::default(),
            created_at: reported,
            updated_at: reported,
        }
    }

    #[test]
    fn each_duty_falls_due_at_its_own_moment_not_when_someone_looks() {
        let episode = missing("2026-03-05T08:00:00Z");
        let hour = Duration::hours(1);
        assert!(for_missing(&episode, hour, at("2026-03-05T08:59:59Z")).is_empty());
        let later = for_missing(&episode, hour, at("2026-03-09T09:26:00Z"));
        assert_eq!(
            kinds(&later),
            [
                (AlertKind::PoliceNationalComputerDue, at("2026-03-07T08:00:00Z")),
                (AlertKind::MissingPersonsUnitDue, at("2026-03-08T08:00:00Z")),
                (AlertKind::NotAssessed, at("2026-03-05T09:00:00Z")),
            ]
        );
        let a_year = for_missing(&episode, hour, at("2027-03-05T08:00:00Z"));
        assert!(kinds(&a_year).contains(&(AlertKind::LongTermMissing, at("2027-03-05T08:00:00Z"))));
    }

    #[test]
    fn a_review_warns_fifteen_minutes_ahead_then_is_overdue_at_its_time() {
        let mut episode = missing("2026-03-05T08:00:00Z");
        episode.risk.police = Some(crate::domain::risk::RiskGrade::Medium);
        episode.risk.review_due_at = Some(at("2026-03-05T12:00:00Z"));
        let review = |now| kinds(&for_missing(&episode, ASSESS_WITHIN, at(now)));
        assert!(review("2026-03-05T11:44:59Z").is_empty());
        assert_eq!(review("2026-03-05T11:45:00Z"), [(AlertKind::ReviewDueSoon, at("2026-03-05T11:45:00Z"))]);
        assert_eq!(review("2026-03-05T12:00:00Z"), [(AlertKind::ReviewOverdue, at("2026-03-05T12:00:00Z"))]);
    }

    #[test]
    fn an_interview_warns_a_day_ahead_then_is_overdue_once_its_72_hours_are_gone() {
        let interview = InterviewCouncils {
            interview_id: ReturnInterviewId::random(),
            episode_id: EpisodeId::random(),
            responsible_la_id: None,
            area_la_id: Some(AgencyId::random()),
            due_at: at("2026-03-08T10:00:00Z"),
        };
        let brought = |now| kinds(&for_interview(&interview, interview.due_at, at(now)));
        assert!(brought("2026-03-07T09:59:59Z").is_empty());
        assert_eq!(brought("2026-03-07T10:00:00Z"), [(AlertKind::ReturnInterviewDueSoon, at("2026-03-07T10:00:00Z"))]);
        assert_eq!(brought("2026-03-08T10:00:00Z"), [(AlertKind::ReturnInterviewDueSoon, at("2026-03-07T10:00:00Z"))]);
        assert_eq!(brought("2026-03-08T10:00:01Z"), [(AlertKind::ReturnInterviewOverdue, at("2026-03-08T10:00:00Z"))]);
        let nobody = InterviewCouncils { area_la_id: None, ..interview };
        assert!(for_interview(&nobody, nobody.due_at, at("2026-03-09T00:00:00Z")).is_empty());
    }

    #[test]
    fn a_recommendation_is_overdue_from_the_start_of_the_uk_day_after_its_due_date() {
        let recommendation = Recommendation {
            id: RecommendationId::random(),
            interview_id: ReturnInterviewId::random(),
            episode_id: EpisodeId::random(),
            owner_agency_id: AgencyId::random(),
            action: FreeText::parse("Refer to the exploitation panel").expect("valid"),
            due_on: time::macros::date!(2026 - 06 - 10),
            created_by: UserId::random(),
            created_at: at("2026-06-01T10:00:00Z"),
            response: None,
        };
        // Midnight in London in June is 23:00 UTC the evening before.
        assert!(for_recommendation(&recommendation, at("2026-06-10T22:59:59Z")).is_none());
        let fallen = for_recommendation(&recommendation, at("2026-06-11T09:00:00Z")).expect("overdue");
        assert_eq!(fallen.at, at("2026-06-10T23:00:00Z"));
    }

    #[test]
    fn an_ofsted_notification_unrecorded_a_day_after_its_prompt_alerts_the_home() {
        use crate::domain::ofsted::{OfstedCause, OfstedNotification};
        let prompted = at("2026-03-05T08:00:00Z");
        let mut notification = OfstedNotification::prompt(
            AgencyId::random(),
            EpisodeId::random(),
            crate::domain::ids::PersonId::random(),
            OfstedCause::PoliceCalled,
            prompted,
        );
        assert!(for_ofsted(&notification, at("2026-03-06T07:59:59Z")).is_none());
        let fallen = for_ofsted(&notification, at("2026-03-06T09:00:00Z")).expect("overdue");
        assert_eq!((fallen.due.kind, fallen.at), (AlertKind::OfstedNotificationOverdue, at("2026-03-06T08:00:00Z")));
        assert_eq!(fallen.due.agency, notification.home_agency_id);
        notification.notified_at = Some(at("2026-03-06T10:00:00Z"));
        assert!(for_ofsted(&notification, at("2026-03-07T00:00:00Z")).is_none(), "recorded late is recorded");
    }

    struct Known(Option<Episode>);

    impl Causes for Known {
        fn still_missing(&self, _: &EpisodeId) -> Option<&Episode> {
            self.0.as_ref()
        }
        fn awaiting_offer(&self, _: &str) -> Option<Timestamp> {
            None
        }
        fn long_term_review_due(&self, _: &EpisodeId) -> Option<time::Date> {
            None
        }
        fn unanswered(&self, _: &str) -> bool {
            true
        }
        fn ofsted_unrecorded(&self, _: &str) -> bool {
            false
        }
        fn support_review_overdue(&self, _: &str) -> bool {
            false
        }
    }

    #[test]
    fn an_alert_closes_when_its_cause_has_gone_and_not_before() {
        const NOW: &str = "2026-03-05T10:00:00Z";
        let now = at(NOW);
        let episode = missing("2026-03-05T08:00:00Z");
        let alert = |kind, occasion: &str| Alert {
            occasion: occasion.to_owned(),
            ..Alert::raised(
                Due { kind, agency: AgencyId::random(), occasion: String::new() },
                episode.id,
                episode.reported_at,
            )
        };
        let pnc = alert(AlertKind::PoliceNationalComputerDue, "");
        assert_eq!(cause_gone(&pnc, &Known(Some(episode.clone())), now), None);
        assert_eq!(cause_gone(&pnc, &Known(None), now), Some(ClosedReason::PersonReturned));
        let mut assessed = episode.clone();
        assessed.risk.police = Some(crate::domain::risk::RiskGrade::Low);
        assessed.risk.review_due_at = Some(at("2026-03-05T20:00:00Z"));
        let not_assessed = alert(AlertKind::NotAssessed, "");
        assert_eq!(cause_gone(&not_assessed, &Known(Some(assessed.clone())), now), Some(ClosedReason::RiskAssessed));
        let old_review = alert(AlertKind::ReviewOverdue, "2026-03-05T12:00:00Z");
        assert_eq!(cause_gone(&old_review, &Known(Some(assessed.clone())), now), Some(ClosedReason::ReviewDone));
        let this_review = alert(AlertKind::ReviewOverdue, &at("2026-03-05T20:00:00Z").to_rfc3339());
        assert_eq!(cause_gone(&this_review, &Known(Some(assessed.clone())), now), None);
        // A warning that the review is due soon closes as it falls overdue; the overdue alert stays.
        let soon = alert(AlertKind::ReviewDueSoon, &at("2026-03-05T20:00:00Z").to_rfc3339());
        let known = Known(Some(assessed));
        assert_eq!(cause_gone(&soon, &known, at("2026-03-05T19:59:00Z")), None);
        assert_eq!(cause_gone(&soon, &known, at("2026-03-05T20:00:00Z")), Some(ClosedReason::NowOverdue));
        assert_eq!(cause_gone(&this_review, &known, at("2026-03-05T21:00:00Z")), None);
        let interview = alert(AlertKind::ReturnInterviewOverdue, "an-interview");
        assert_eq!(cause_gone(&interview, &Known(None), now), Some(ClosedReason::InterviewOffered));
        assert_eq!(cause_gone(&alert(AlertKind::RecommendationOverdue, "r"), &Known(None), now), None);
        let support = alert(AlertKind::SupportReviewOverdue, "a-plan:2026-03-01");
        assert_eq!(cause_gone(&support, &Known(None), now), Some(ClosedReason::SupportReviewed));
        assert_eq!(cause_gone(&alert(AlertKind::ChildHighRisk, ""), &Known(None), now), None, "acknowledged by people");
        let ofsted = alert(AlertKind::OfstedNotificationOverdue, "a-notification");
        assert_eq!(cause_gone(&ofsted, &Known(None), now), Some(ClosedReason::OfstedNotified));
    }
}
