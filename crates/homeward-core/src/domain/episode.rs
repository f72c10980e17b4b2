//! Missing episodes: from the moment a person goes missing to their return, and what each agency records of it.

use super::code_enum;
use super::ids::{AgencyId, EpisodeId, PersonId};
use super::return_interview::InterviewSelection;
use super::risk::EpisodeRisk;
use super::text::{FreeText, PersonName, Postcode, Reference};
use super::time::Timestamp;

code_enum! {
    /// Where the person went missing from (CONTRACT.md, episode CSV).
    pub enum MissingFrom {
        Home => "home",
        FosterCare => "foster_care",
        ChildrensHome => "childrens_home",
        SemiIndependent => "semi_independent",
        Secure => "secure",
        Hospital => "hospital",
        CareHome => "care_home",
        School => "school",
        Other => "other",
    }
}

code_enum! {
    /// Whether the person is still missing. There is no "absent": since 2017 everyone unaccounted for is missing.
    pub enum EpisodeStatus {
        Missing => "missing",
        Returned => "returned",
    }
}

code_enum! {
    /// How the episode ended.
    pub enum ReturnOutcome {
        ReturnedSelf => "returned_self",
        FoundByPolice => "found_by_police",
        FoundByOther => "found_by_other",
        FoundDead => "found_dead",
    }
}

code_enum! {
    /// The council's classification of a looked-after child's episode (DfE): whereabouts unknown, or known but
    /// away from placement without authorisation. It can change during an episode.
    pub enum LaCategory {
        Missing => "missing",
        Away => "away",
    }
}

/// A change of the council's category of an episode, kept so the history of missing and away periods is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryChange {
    pub episode_id: EpisodeId,
    pub category: LaCategory,
    pub changed_at: Timestamp,
    pub changed_by: super::ids::UserId,
}

/// Where and by whom a person was found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub place: Option<FreeText>,
    pub postcode: Option<Postcode>,
    /// Found outside the council area they went missing from: an indicator of criminal exploitation. `None` when
    /// nobody can tell (no postcode, and the council's postcode areas are not set).
    pub out_of_area: Option<bool>,
    /// Who found them: a role or organisation, not always a name.
    pub by: Option<FreeText>,
}

/// One missing episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub id: EpisodeId,
    pub person_id: PersonId,
    /// The agency that recorded the episode in Homeward.
    pub recorded_by_agency_id: AgencyId,
    /// The police force investigating.
    pub police_force_id: Option<AgencyId>,
    /// The council whose area the person went missing from.
    pub area_la_id: Option<AgencyId>,
    pub went_missing_at: Timestamp,
    pub reported_at: Timestamp,
    pub missing_from: MissingFrom,
    pub status: EpisodeStatus,
    pub la_category: Option<LaCategory>,
    pub last_seen_place: Option<FreeText>,
    pub circumstances: Option<FreeText>,
    pub police_reference: Option<Reference>,
    /// Who reported the person missing: a carer, a parent, a school (their role, not always a name).
    pub reporter: Option<FreeText>,
    pub returned_at: Option<Timestamp>,
    pub return_outcome: Option<ReturnOutcome>,
    /// Where and by whom the person was found, as the return records it.
    pub found: Found,
    /// When the police side closed: the safe and well check was recorded.
    pub police_closed_at: Option<Timestamp>,
    /// The current risk picture, kept on the episode so lists and figures need no history walk.
    pub risk: EpisodeRisk,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An episode as a list shows it: with the person's name and date of birth for recognition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeListing {
    pub episode: Episode,
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: time::Date,
}

code_enum! {
    /// The order of an episode list.
    pub enum EpisodeOrder {
        NewestFirst => "newest",
        OldestFirst => "oldest",
    }
}

/// Where a page of an episode list starts: just after this episode in the list's order.
pub type EpisodeCursor = super::paging::Cursor<Timestamp, EpisodeId>;

/// Filters and paging for an episode list; the store narrows it further to the actor's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeQuery {
    pub status: Option<EpisodeStatus>,
    pub risk: Option<super::risk::RiskGrade>,
    /// Only episodes recorded by, investigated by, or in the area of the agency with this code.
    pub agency: Option<super::agency::AgencyCode>,
    /// Only episodes imported with the abolished "absent" grade whose grade a police supervisor has not yet
    /// reviewed (`docs/FOLLOW-UP.md`): the supervisor's worklist of them.
    pub legacy_absent: bool,
    pub order: EpisodeOrder,
    pub after: Option<EpisodeCursor>,
    pub limit: u32,
}

impl EpisodeQuery {
    pub const DEFAULT_LIMIT: u32 = super::paging::DEFAULT_LIMIT;
    pub const MAX_LIMIT: u32 = super::paging::MAX_LIMIT;
}

impl Default for EpisodeQuery {
    fn default() -> Self {
        Self {
            status: None,
            risk: None,
            agency: None,
            legacy_absent: false,
            order: EpisodeOrder::NewestFirst,
            after: None,
            limit: Self::DEFAULT_LIMIT,
        }
    }
}

/// How much work is waiting, within an actor's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseCounts {
    /// Episodes whose person is still missing.
    pub missing_now: i64,
    /// Of those, episodes whose risk review time has passed.
    pub reviews_due: i64,
    /// Statutory return interviews not yet offered, declined, completed or closed as not possible.
    pub interviews_open: i64,
    /// Of those, interviews past their 72-hour due time.
    pub interviews_overdue: i64,
    /// Recommendations the agency owns that await its response.
    pub recommendations_open: i64,
}

/// What each of [`CaseCounts`] counts, as the values the core's rules computed: stores compare with these and
/// decide nothing themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCountsQuery {
    /// Reviews timed at or before this are due (`rules::risk::reviews_due_by`).
    pub reviews_due_by: Timestamp,
    /// The interviews counted as open (`rules::interviews::awaiting_offer`).
    pub interviews_open: InterviewSelection,
    /// The interviews counted as overdue (`rules::interviews::overdue`).
    pub interviews_overdue: InterviewSelection,
}
