//! The return: the police safe and well check, and the return home interview offered to every child on every
//! return, within 72 hours, by someone independent; what it found, and the recommendations it made.

use super::agency::AgencyCode;
use super::code_enum;
use super::ids::{AgencyId, EpisodeId, RecommendationId, ReturnInterviewId, UserId};
use super::text::{FreeText, Postcode};
use super::time::Timestamp;

code_enum! {
    /// Where an interview stands.
    pub enum InterviewStatus {
        Due => "due",
        Assigned => "assigned",
        Offered => "offered",
        Declined => "declined",
        Completed => "completed",
        NotPossible => "not_possible",
    }
}

impl InterviewStatus {
    /// Declined, completed or not possible: nothing more is recorded.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Declined | Self::Completed | Self::NotPossible)
    }
}

/// A return interview task for one episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnInterview {
    pub id: ReturnInterviewId,
    pub episode_id: EpisodeId,
    /// False for an adult's optional return conversation, which no statutory deadline governs.
    pub statutory: bool,
    pub due_at: Timestamp,
    pub status: InterviewStatus,
    pub practitioner_id: Option<UserId>,
    pub offered_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Set when one interview covered several closely spaced episodes: the interview holding the record. This
    /// episode keeps its own status and times, so it still counts in its own right.
    pub covered_by: Option<ReturnInterviewId>,
    /// What the interview found, or why it did not happen; set with the outcome.
    pub record: Option<InterviewRecord>,
    /// For an adult's return conversation, the agency (police or council) that offered it: it assigns the
    /// conversation and records its outcome. `None` for a child's interview, which the return itself creates.
    pub offered_by_agency_id: Option<AgencyId>,
}

impl ReturnInterview {
    /// A new interview after a return at `returned_at`, due 72 hours later and not yet assigned.
    pub fn after_return(episode_id: EpisodeId, statutory: bool, returned_at: Timestamp, now: Timestamp) -> Self {
        Self {
            id: ReturnInterviewId::random(),
            episode_id,
            statutory,
            due_at: crate::rules::deadlines::return_interview_due(returned_at),
            status: InterviewStatus::Due,
            practitioner_id: None,
            offered_at: None,
            completed_at: None,
            created_at: now,
            covered_by: None,
            record: None,
            offered_by_agency_id: None,
        }
    }
}

/// A recommendation with its owner's code, as people and systems name agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedRecommendation {
    pub recommendation: Recommendation,
    pub owner: AgencyCode,
}

/// Which interviews to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InterviewFilter {
    pub status: Option<InterviewStatus>,
    /// Only statutory interviews still not offered after their 72 hours.
    pub overdue: bool,
}

/// Which interviews a list or count picks out, as plain values a store filters by; the rules in
/// `rules::interviews` compute them. `None` leaves that part open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InterviewSelection {
    /// Only statutory interviews (`Some(true)`) or only adults' return conversations (`Some(false)`).
    pub statutory: Option<bool>,
    /// Only interviews whose status is one of these; an empty list picks none.
    pub statuses: Option<Vec<InterviewStatus>>,
    /// Only interviews due strictly before this time.
    pub due_before: Option<Timestamp>,
}

impl InterviewSelection {
    /// Whether the selection picks this interview, exactly as a store's query would.
    pub fn matches(&self, interview: &ReturnInterview) -> bool {
        self.statutory.is_none_or(|statutory| interview.statutory == statutory)
            && self.statuses.as_ref().is_none_or(|statuses| statuses.contains(&interview.status))
            && self.due_before.is_none_or(|before| interview.due_at < before)
    }
}

/// An interview with the councils that decide who hears about it: its child's responsible council, and the council
/// whose area the episode started in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InterviewCouncils {
    pub interview_id: ReturnInterviewId,
    pub episode_id: EpisodeId,
    pub responsible_la_id: Option<AgencyId>,
    pub area_la_id: Option<AgencyId>,
    /// When the offer is due.
    pub due_at: Timestamp,
}

code_enum! {
    /// Who turned the interview down.
    pub enum Decliner {
        Child => "child",
        ParentOrCarer => "parent_or_carer",
    }
}

code_enum! {
    /// How someone tried to reach the child to offer the interview.
    pub enum AttemptMethod {
        Phone => "phone",
        Text => "text",
        Visit => "visit",
        Letter => "letter",
        ThroughCarer => "through_carer",
        Other => "other",
    }
}

/// One try at reaching the child.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    pub at: Timestamp,
    pub method: AttemptMethod,
    #[serde(default)]
    pub note: Option<FreeText>,
}

code_enum! {
    /// Why a child went: push factors from home or placement, pull factors towards people or places.
    pub enum Reason {
        ConflictAtHome => "conflict_at_home",
        Placement => "placement",
        AbuseOrNeglect => "abuse_or_neglect",
        DomesticAbuse => "domestic_abuse",
        MentalHealth => "mental_health",
        Exploitation => "exploitation",
        Relationships => "relationships",
        Bullying => "bullying",
        Substances => "substances",
        Other => "other",
    }
}

code_enum! {
    /// Harm suffered before or while missing.
    pub enum Harm {
        PhysicalInjury => "physical_injury",
        SexualHarm => "sexual_harm",
        SelfHarm => "self_harm",
        SubstanceMisuse => "substance_misuse",
        RobberyOrTheft => "robbery_or_theft",
        SleptRough => "slept_rough",
        Other => "other",
    }
}

code_enum! {
    /// Indicators of child sexual exploitation linked to going missing (DOMAIN.md).
    pub enum CseIndicator {
        MissingOvernight => "missing_overnight",
        OlderBoyfriendOrGirlfriend => "older_boyfriend_or_girlfriend",
        CarsWithUnknownAdults => "cars_with_unknown_adults",
        UnexplainedGifts => "unexplained_gifts",
        DistraughtOrIntoxicated => "returned_distraught_or_intoxicated",
        SexualHealthSigns => "sexual_health_signs",
    }
}

code_enum! {
    /// Indicators of child criminal exploitation and county lines (Home Office guidance, DOMAIN.md).
    pub enum CceIndicator {
        PersistentlyMissing => "persistently_missing",
        FoundOutOfArea => "found_out_of_area",
        UnexplainedMoneyOrItems => "unexplained_money_clothes_or_phones",
        ManyCallsOrTexts => "many_calls_or_texts",
        ControllingOlderPeople => "controlling_older_people_or_gangs",
        LeftWithoutExplanation => "left_without_explanation",
        Injuries => "injuries",
        SelfHarm => "self_harm",
        DeclineAtSchool => "decline_at_school",
        MultiplePhones => "multiple_phones_or_sims",
        TrainTickets => "train_tickets",
        HotelKeys => "hotel_keys_or_cards",
    }
}

/// A place the child named, with its postcode where known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPlace {
    pub description: FreeText,
    #[serde(default)]
    pub postcode: Option<Postcode>,
    /// What kind of place it is; `other` when not said.
    #[serde(default)]
    pub kind: Option<super::intel::PlaceKind>,
    /// How the child came to be there: stayed at or went to (the default).
    #[serde(default)]
    pub role: Option<super::intel::LinkRole>,
}

/// A person the child named: whatever is known of name, nickname, phone number and vehicle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPerson {
    #[serde(default)]
    pub name: Option<FreeText>,
    #[serde(default)]
    pub nickname: Option<FreeText>,
    #[serde(default)]
    pub phone: Option<FreeText>,
    #[serde(default)]
    pub vehicle: Option<FreeText>,
    /// A social media handle.
    #[serde(default)]
    pub handle: Option<FreeText>,
    /// Their age as the child guessed it.
    #[serde(default)]
    pub approx_age: Option<u8>,
    /// How the child was with them: was with (the default), travelled with, gave money or gifts.
    #[serde(default)]
    pub role: Option<super::intel::LinkRole>,
}

/// What the interview found, structured so that places and people can be joined up across episodes.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Findings {
    pub push_factors: Vec<Reason>,
    pub pull_factors: Vec<Reason>,
    pub harm: Vec<Harm>,
    pub harm_details: Option<FreeText>,
    pub cse_indicators: Vec<CseIndicator>,
    pub cce_indicators: Vec<CceIndicator>,
    pub places: Vec<NamedPlace>,
    pub people: Vec<NamedPerson>,
    /// How they travelled while away.
    pub travel: Option<FreeText>,
    /// How they got back.
    pub got_back: Option<FreeText>,
    pub support_wanted: Option<FreeText>,
    /// The child's own words.
    pub childs_words: Option<FreeText>,
    /// Safety information given, helpline numbers among it.
    pub safety_information: Option<FreeText>,
}

impl Findings {
    /// The most any list may hold, so one record cannot grow without bound.
    pub const MAX_ITEMS: usize = 50;

    /// A problem a person can correct, if any: empty entries, too many entries.
    pub fn problem(&self) -> Option<&'static str> {
        if self.places.len() > Self::MAX_ITEMS || self.people.len() > Self::MAX_ITEMS {
            return Some("list at most 50 places and 50 people");
        }
        let blank = |p: &NamedPerson| {
            p.name.is_none() && p.nickname.is_none() && p.phone.is_none() && p.vehicle.is_none() && p.handle.is_none()
        };
        if self.people.iter().any(blank) {
            return Some("each person named needs a name, nickname, phone number, vehicle or handle");
        }
        if self.people.iter().any(|p| p.role.is_some_and(super::intel::LinkRole::is_place))
            || self.places.iter().any(|p| p.role.is_some_and(|r| !r.is_place()))
        {
            return Some(
                "a place's role is found_at, stayed_at or went_to; a person's was_with, travelled_with or gave_money_or_gifts",
            );
        }
        if self.people.iter().any(|p| p.approx_age.is_some_and(|age| age > 110)) {
            return Some("an approximate age is a number of years up to 110");
        }
        None
    }

    /// The findings without anything written in words or naming anyone: the codes, and the districts of places.
    /// For roles that may know what kind of harm and exploitation was found but not the child's account.
    #[must_use]
    pub fn codes_only(&self) -> Self {
        Self {
            push_factors: self.push_factors.clone(),
            pull_factors: self.pull_factors.clone(),
            harm: self.harm.clone(),
            cse_indicators: self.cse_indicators.clone(),
            cce_indicators: self.cce_indicators.clone(),
            ..Self::default()
        }
    }
}

/// The outcome's record: who recorded it, why an interview did not happen, and what a completed one found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterviewRecord {
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
    #[serde(default)]
    pub declined_by: Option<Decliner>,
    #[serde(default)]
    pub decline_reason: Option<FreeText>,
    /// When the child declines, what their carers were asked and told.
    #[serde(default)]
    pub carers_information: Option<FreeText>,
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    #[serde(default)]
    pub findings: Option<Findings>,
    /// Other episodes of the same child this interview covered.
    #[serde(default)]
    pub also_covers: Vec<ReturnInterviewId>,
}

impl InterviewRecord {
    /// The record for a role that may not read the child's account: codes and times, no words.
    #[must_use]
    pub fn codes_only(&self) -> Self {
        Self {
            decline_reason: None,
            carers_information: None,
            attempts: self.attempts.iter().map(|a| Attempt { note: None, ..a.clone() }).collect(),
            findings: self.findings.as_ref().map(Findings::codes_only),
            ..self.clone()
        }
    }
}

/// The police safe and well check (prevention interview) after a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeAndWellCheck {
    pub episode_id: EpisodeId,
    pub checked_at: Timestamp,
    pub face_to_face: bool,
    pub disclosures: Option<FreeText>,
    /// Immediate safeguarding actions taken.
    pub actions: Option<FreeText>,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
}

code_enum! {
    /// The owning agency's answer to a recommendation.
    pub enum Decision {
        /// Accepted and done.
        Accepted => "accepted",
        /// Declined, with a reason.
        Declined => "declined",
    }
}

/// The owning agency's recorded response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationResponse {
    pub decision: Decision,
    /// What was done, or why it was declined.
    pub text: Option<FreeText>,
    pub responded_at: Timestamp,
    pub responded_by: UserId,
}

/// A page of an interview list: soonest due first, ties by id.
pub type InterviewPaging = super::paging::Paging<Timestamp, ReturnInterviewId>;
pub type InterviewPage = super::paging::Page<ReturnInterview, Timestamp, ReturnInterviewId>;
/// A page of an agency's recommendations: soonest due first, ties by id.
pub type RecommendationPaging = super::paging::Paging<time::Date, RecommendationId>;

/// A recommendation arising from an interview: an action for an agency, by a date, which must be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub id: RecommendationId,
    pub interview_id: ReturnInterviewId,
    pub episode_id: EpisodeId,
    pub owner_agency_id: AgencyId,
    pub action: FreeText,
    pub due_on: time::Date,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub response: Option<RecommendationResponse>,
}

impl Recommendation {
    /// Unanswered after its due date (a London calendar date): it is overdue on the day after.
    pub fn is_overdue(&self, today: time::Date) -> bool {
        self.response.is_none() && self.due_on < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_refuse_unknown_fields_and_codes() {
        let ok: Findings = serde_json::from_value(serde_json::json!({
            "push_factors": ["placement"], "cce_indicators": ["found_out_of_area"],
            "places": [{"description": "A flat above the takeaway", "postcode": "ls1 4ap"}],
            "people": [{"nickname": "Tiny"}], "childs_words": "I just wanted to see my mates"
        }))
        .expect("valid findings");
        assert_eq!(ok.places[0].postcode.as_ref().map(Postcode::as_str), Some("LS1 4AP"));
        assert_eq!(ok.problem(), None);
        let codes = ok.codes_only();
        assert!(codes.places.is_empty() && codes.people.is_empty() && codes.childs_words.is_none());
        assert_eq!(codes.cce_indicators, vec![CceIndicator::FoundOutOfArea]);
        assert!(serde_json::from_value::<Findings>(serde_json::json!({"reasons": []})).is_err());
        assert!(serde_json::from_value::<Findings>(serde_json::json!({"push_factors": ["boredom"]})).is_err());
        let blank: Findings = serde_json::from_value(serde_json::json!({"people": [{}]})).expect("parses");
        assert!(blank.problem().is_some());
    }

    #[test]
    fn a_recommendation_is_overdue_the_day_after_it_is_due() {
        let due_on = time::macros::date!(2026 - 06 - 10);
        let at = Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("valid");
        let id = ReturnInterviewId::random();
        let mut recommendation = Recommendation {
            id: RecommendationId::random(),
            interview_id: id,
            episode_id: EpisodeId::random(),
            owner_agency_id: AgencyId::random(),
            action: FreeText::parse("Refer to the exploitation panel").expect("valid"),
            due_on,
            created_by: UserId::random(),
            created_at: at,
            response: None,
        };
        assert!(!recommendation.is_overdue(due_on));
        assert!(recommendation.is_overdue(due_on.next_day().expect("a date")));
        recommendation.response = Some(RecommendationResponse {
            decision: Decision::Accepted,
            text: None,
            responded_at: at,
            responded_by: UserId::random(),
        });
        assert!(!recommendation.is_overdue(due_on.next_day().expect("a date")));
    }
}
