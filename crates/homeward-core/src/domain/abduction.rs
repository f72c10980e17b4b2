//! Child Abduction Warning Notices (issue 17, item 5): a notice the police serve on an adult who has no parental
//! responsibility, telling them to keep away from a child (Child Abduction Act 1984 s.2, Children Act 1989 s.49).
//! The adult is an associate of the places-and-people work (docs/INTELLIGENCE.md); while the notice is in force, a
//! new episode of the child, or a finding that names the adult, alerts the force and the child's council.

use time::Date;

use super::ids::{AbductionNoticeId, AgencyId, AssociateId, PersonId, UserId};
use super::paging::{Page, Paging};
use super::text::{FreeText, Reference};
use super::time::Timestamp;

/// A notice as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbductionNotice {
    pub id: AbductionNoticeId,
    /// The adult it was served on.
    pub associate_id: AssociateId,
    /// The child it protects.
    pub child_id: PersonId,
    /// The first day it is in force.
    pub served_on: Date,
    /// The last day it is in force.
    pub expires_on: Date,
    /// The force that served it: it owns the record and is alerted.
    pub force_id: AgencyId,
    pub police_reference: Option<Reference>,
    /// The officer's note of the circumstances: police intelligence.
    pub notes: Option<FreeText>,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
}

/// Which of a force's notices to list: all, or those about one child or one adult.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoticeFilter {
    pub child: Option<PersonId>,
    pub associate: Option<AssociateId>,
}

/// A page of a force's notices: most recently served first, ties by id.
pub type NoticePaging = Paging<Date, AbductionNoticeId>;
pub type NoticePage = Page<AbductionNotice, Date, AbductionNoticeId>;
