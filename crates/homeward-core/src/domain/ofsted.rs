//! Ofsted notifications (issue 17, item 6): a children's home must tell Ofsted without delay when one of its
//! children is suspected of being sexually exploited or the police are called to it (Children's Homes Regulations
//! 2015 reg 40(4)). Homeward prompts the home when either happens to a resident who went missing from it, and keeps
//! when the home told Ofsted and Ofsted's reference.

use super::code_enum;
use super::ids::{AgencyId, EpisodeId, OfstedNotificationId, PersonId, UserId};
use super::paging::{Page, Paging};
use super::text::Reference;
use super::time::Timestamp;

code_enum! {
    /// What makes the notification due.
    pub enum OfstedCause {
        /// A risk assessment of the episode recorded a sexual exploitation concern.
        SexualExploitation => "cse_concern",
        /// The police were called: the episode was reported missing.
        PoliceCalled => "police_called",
    }
}

impl OfstedCause {
    pub fn describe(self) -> &'static str {
        match self {
            OfstedCause::SexualExploitation => "Suspected sexual exploitation",
            OfstedCause::PoliceCalled => "Police called: reported missing",
        }
    }
}

/// One notification a home owes Ofsted, and what the home recorded of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfstedNotification {
    pub id: OfstedNotificationId,
    /// The children's home (a care provider) that owes it.
    pub home_agency_id: AgencyId,
    pub episode_id: EpisodeId,
    pub person_id: PersonId,
    pub cause: OfstedCause,
    /// When Homeward prompted the home: the moment the cause was recorded.
    pub prompted_at: Timestamp,
    /// When the home says it told Ofsted; none until recorded.
    pub notified_at: Option<Timestamp>,
    /// Ofsted's reference for the notification, when it gave one.
    pub reference: Option<Reference>,
    pub recorded_by: Option<UserId>,
    pub recorded_at: Option<Timestamp>,
}

impl OfstedNotification {
    /// A new prompt to the home, not yet recorded.
    pub fn prompt(home: AgencyId, episode: EpisodeId, person: PersonId, cause: OfstedCause, now: Timestamp) -> Self {
        Self {
            id: OfstedNotificationId::random(),
            home_agency_id: home,
            episode_id: episode,
            person_id: person,
            cause,
            prompted_at: now,
            notified_at: None,
            reference: None,
            recorded_by: None,
            recorded_at: None,
        }
    }
}

/// Which of a home's notifications to list: all, or only those it has not yet recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OfstedFilter {
    pub unrecorded_only: bool,
}

/// A page of a home's notifications: oldest prompt first, ties by id.
pub type OfstedPaging = Paging<Timestamp, OfstedNotificationId>;
pub type OfstedPage = Page<OfstedNotification, Timestamp, OfstedNotificationId>;
