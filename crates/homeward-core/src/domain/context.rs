//! Contexts (contextual safeguarding, issue 15 item 5): a place or a peer group opened as a subject in its own
//! right, owned by one agency, with a plan, a review date and the children, places and associates linked to it.

use super::code_enum;
use super::ids::{AgencyId, AssociateId, ContextId, PersonId, PlaceId, UserId};
use super::paging::{Page, Paging};
use super::text::FreeText;
use super::time::Timestamp;

code_enum! {
    /// What the context is about.
    pub enum ContextKind {
        Place => "place",
        PeerGroup => "peer_group",
    }
}

/// A context and what is linked to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub id: ContextId,
    pub kind: ContextKind,
    pub title: FreeText,
    pub plan: FreeText,
    pub review_on: time::Date,
    pub owner_agency_id: AgencyId,
    pub opened_by: UserId,
    pub opened_at: Timestamp,
    /// When it was closed; open until then.
    pub closed_at: Option<Timestamp>,
    pub places: Vec<PlaceId>,
    pub associates: Vec<AssociateId>,
    pub children: Vec<PersonId>,
}

/// Which page of an agency's contexts to read: most recently opened first.
pub type ContextPaging = Paging<Timestamp, ContextId>;
pub type ContextPage = Page<Context, Timestamp, ContextId>;
