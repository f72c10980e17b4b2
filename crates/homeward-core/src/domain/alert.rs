//! Alerts: something an agency must act on about an episode, kept until someone acknowledges it with a note.

use super::code_enum;
use super::ids::{AgencyId, AlertId, EpisodeId, PlacementId, UserId};
use super::text::FreeText;
use super::time::Timestamp;

code_enum! {
    /// What needs doing (DOMAIN.md, Deadlines and escalation rules).
    pub enum AlertKind {
        /// A child graded high: the council's senior manager and coordinator are told at once.
        ChildHighRisk => "child_high_risk",
        /// Police and children's services grade the risk differently: escalate until resolved.
        RiskDisagreement => "risk_disagreement",
        /// The risk review time has passed while the person is still missing.
        ReviewOverdue => "review_overdue",
        /// Still missing 48 hours after the report: the police national computer record is due.
        PoliceNationalComputerDue => "pnc_record_due",
        /// Still missing 72 hours after the report: the UK Missing Persons Unit must be told.
        MissingPersonsUnitDue => "missing_persons_unit_due",
        /// Three or more episodes in 30 days for one child: a strategy meeting is needed.
        StrategyMeeting => "strategy_meeting",
        /// A looked-after child's episode: the Independent Reviewing Officer must be told.
        IroToBeTold => "iro_to_be_told",
        /// A child's return interview was not offered within 72 hours of the return.
        ReturnInterviewOverdue => "return_interview_overdue",
        /// A recommendation from a return interview is past its due date without a response.
        RecommendationOverdue => "recommendation_overdue",
        /// Reported, and the police have not assessed the risk within the force's set time (60 minutes unless set).
        NotAssessed => "not_assessed",
        /// Still missing a year after going missing: a long-term missing person.
        LongTermMissing => "long_term_missing",
        /// Advance warning: the risk review falls due within 15 minutes.
        ReviewDueSoon => "review_due_soon",
        /// Advance warning: a child's return interview must be offered within 24 hours and has not been.
        ReturnInterviewDueSoon => "return_interview_due_soon",
        /// A care provider or council reported the episode: the force covering where the person went from is told.
        ReportedToForce => "reported_to_force",
        /// A looked-after child is placed in the council's area by another council: the host council is told
        /// before the placement, or within 5 working days of an emergency one.
        ChildPlacedInArea => "child_placed_in_area",
        /// Another agency recorded a person who may be one this agency holds (a record it may not see): check with
        /// them before the child's history is split. The occasion names this agency's own record.
        PossibleDuplicate => "possible_duplicate",
        /// A new episode or finding touched a place or associate in a context the agency owns. The occasion is the
        /// context's id.
        ContextTouched => "context_touched",
        /// A children's home has not recorded, a day after Homeward prompted it, the notification it owes Ofsted
        /// (a resident suspected of sexual exploitation, or the police called). The occasion is the notification's
        /// id.
        OfstedNotificationOverdue => "ofsted_notification_overdue",
        /// A new episode of a child protected by a Child Abduction Warning Notice in force, or a finding naming the
        /// adult it was served on: the force that served it and the child's council are told. The occasion is the
        /// notice's id.
        AbductionNoticeNamed => "abduction_notice_named",
        /// A post-missing support plan is past its review date with no outcome. The occasion names the plan and
        /// the date.
        SupportReviewOverdue => "support_review_overdue",
        /// A long-term missing episode's review is past its due date. The occasion is the due date.
        LongTermReviewOverdue => "long_term_review_overdue",
        /// An interview provider shared a helpline or self-referral contact with the council, with consent or on a
        /// safeguarding ground. The occasion is the contact's id.
        HelplineContactShared => "helpline_contact_shared",
    }
}

code_enum! {
    /// Why Homeward closed an alert itself: what it asked for is done, or no longer needed.
    pub enum ClosedReason {
        /// The person is back: the missing-person duties end.
        PersonReturned => "person_returned",
        /// The risk was reviewed: the review time the alert was about has passed into history.
        ReviewDone => "review_done",
        /// The police assessed the risk.
        RiskAssessed => "risk_assessed",
        /// The return interview was offered (or covered, or could not be held).
        InterviewOffered => "interview_offered",
        /// The recommendation was answered.
        RecommendationAnswered => "recommendation_answered",
        /// A warning that something was due soon: it is now overdue, and the overdue alert takes its place.
        NowOverdue => "now_overdue",
        /// The home recorded its notification to Ofsted.
        OfstedNotified => "ofsted_notified",
        /// The support plan was reviewed (its review date moved) or closed.
        SupportReviewed => "support_reviewed",
    }
}

impl ClosedReason {
    pub fn describe(self) -> &'static str {
        match self {
            ClosedReason::PersonReturned => "Closed by Homeward: the person is back",
            ClosedReason::ReviewDone => "Closed by Homeward: the risk was reviewed",
            ClosedReason::RiskAssessed => "Closed by Homeward: the police assessed the risk",
            ClosedReason::InterviewOffered => "Closed by Homeward: the return interview was offered",
            ClosedReason::RecommendationAnswered => "Closed by Homeward: the recommendation was answered",
            ClosedReason::NowOverdue => "Closed by Homeward: now overdue, and the overdue alert takes its place",
            ClosedReason::OfstedNotified => "Closed by Homeward: the home recorded its notification to Ofsted",
            ClosedReason::SupportReviewed => "Closed by Homeward: the support plan was reviewed or closed",
        }
    }
}

impl AlertKind {
    pub fn describe(self) -> &'static str {
        match self {
            AlertKind::ChildHighRisk => "A child is graded high risk: tell the senior manager now",
            AlertKind::RiskDisagreement => "Police and children's services grade the risk differently",
            AlertKind::ReviewOverdue => "The risk review is overdue",
            AlertKind::PoliceNationalComputerDue => "Missing for 48 hours: the police national computer record is due",
            AlertKind::MissingPersonsUnitDue => "Missing for 72 hours: tell the UK Missing Persons Unit",
            AlertKind::StrategyMeeting => "Three or more episodes in 30 days: hold a strategy meeting",
            AlertKind::IroToBeTold => "A looked-after child went missing: tell their Independent Reviewing Officer",
            AlertKind::ReturnInterviewOverdue => "The return home interview was not offered within 72 hours",
            AlertKind::RecommendationOverdue => "A return interview recommendation is overdue: record a response",
            AlertKind::NotAssessed => "Reported and not yet assessed by the police: assess the risk now",
            AlertKind::LongTermMissing => "Missing for over a year: long-term missing",
            AlertKind::ReviewDueSoon => "The risk review is due within 15 minutes",
            AlertKind::ReturnInterviewDueSoon => "The return home interview must be offered within 24 hours",
            AlertKind::ReportedToForce => "Reported missing by a care provider or council: your force has the case",
            AlertKind::ChildPlacedInArea => "A looked-after child from another council is placed in your area",
            AlertKind::PossibleDuplicate => {
                "Another agency may have recorded someone you hold again: check your record"
            }
            AlertKind::ContextTouched => "A new episode or finding touches a place or person in a context you own",
            AlertKind::OfstedNotificationOverdue => {
                "Ofsted has not been told, a day on, of a resident's exploitation concern or police call: record it"
            }
            AlertKind::AbductionNoticeNamed => {
                "A child abduction warning notice in force: its child is missing again, or its adult was named"
            }
            AlertKind::SupportReviewOverdue => "A support plan's review is overdue: review it or record its outcome",
            AlertKind::LongTermReviewOverdue => "A long-term missing person's review is overdue: review the case",
            AlertKind::HelplineContactShared => "A helpline contact was shared with your council: read it",
        }
    }
}

/// Which of an agency's open alerts to list, and in which order (always by when raised, ties by id).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only alerts of this kind.
    pub kind: Option<AlertKind>,
    /// Newest first (the home page's worklist); oldest first otherwise (the API's default).
    pub newest_first: bool,
    /// One page of them; every one when not given.
    pub page: Option<AlertPaging>,
}

/// How many open alerts an agency has of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertCount {
    pub kind: AlertKind,
    pub count: i64,
}

/// A page of an agency's open alerts: oldest raised first, ties by id.
pub type AlertPaging = super::paging::Paging<Timestamp, AlertId>;
pub type AlertPage = super::paging::Page<Alert, Timestamp, AlertId>;

/// An alert for one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: AlertId,
    pub agency_id: AgencyId,
    pub kind: AlertKind,
    /// The episode it is about; none for an alert about a placement.
    pub episode_id: Option<EpisodeId>,
    /// The placement it is about (the host council told of a child placed in its area).
    pub placement_id: Option<PlacementId>,
    /// Tells apart alerts of one kind for one episode that are really separate (each overdue review time).
    pub occasion: String,
    pub raised_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub acknowledged_by: Option<UserId>,
    pub note: Option<FreeText>,
    /// Set when Homeward closed the alert itself because its cause had gone (then `acknowledged_by` is empty).
    pub closed_reason: Option<ClosedReason>,
}

impl Alert {
    /// The record an alert is about when that is neither an episode nor a placement, as its kind and id: the
    /// person record that may have been recorded again, the context touched, the Ofsted notification owed, the
    /// helpline contact shared. The alert's occasion is that record's id for these kinds (and only these: others'
    /// occasions are internal and never shown). Pages, the API and webhooks all take it from here.
    pub fn record(&self) -> Option<(&'static str, &str)> {
        let kind = match self.kind {
            AlertKind::PossibleDuplicate => "person",
            AlertKind::ContextTouched => "context",
            AlertKind::OfstedNotificationOverdue => "ofsted_notification",
            AlertKind::HelplineContactShared => "helpline_contact",
            _ => return None,
        };
        Some((kind, self.occasion.as_str()))
    }

    /// A new alert, not yet acknowledged, for what a rule found due about an episode at `at`.
    pub fn raised(due: crate::rules::alerts::Due, episode_id: EpisodeId, at: Timestamp) -> Self {
        Self::about(due, Some(episode_id), None, at)
    }

    /// A new alert about a placement, for what a rule found due.
    pub fn about_placement(due: crate::rules::alerts::Due, placement_id: PlacementId, at: Timestamp) -> Self {
        Self::about(due, None, Some(placement_id), at)
    }

    /// A new alert about one of the agency's records rather than an episode or a placement (a possible
    /// duplicate): the occasion names the record.
    pub fn about_record(due: crate::rules::alerts::Due, at: Timestamp) -> Self {
        Self::about(due, None, None, at)
    }

    fn about(
        due: crate::rules::alerts::Due,
        episode_id: Option<EpisodeId>,
        placement_id: Option<PlacementId>,
        at: Timestamp,
    ) -> Self {
        Self {
            id: AlertId::random(),
            agency_id: due.agency,
            kind: due.kind,
            episode_id,
            placement_id,
            occasion: due.occasion,
            raised_at: at,
            acknowledged_at: None,
            acknowledged_by: None,
            note: None,
            closed_reason: None,
        }
    }
}
