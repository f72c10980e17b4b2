//! Placements (DOMAIN.md, Placements): where a looked-after child lives, with which provider, in which council's
//! area, from when until when.

use time::Date;

use super::ids::{AgencyId, PersonId, PlacementId, UserId};
use super::text::Postcode;
use super::time::Timestamp;

/// One placement of one child. The current one (no end date) is mirrored on the person as `host_la_id` and
/// `placement_provider_id`, which scope and the other rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub id: PlacementId,
    pub person_id: PersonId,
    /// The care provider (foster agency, children's home) the child is placed with.
    pub provider_id: AgencyId,
    /// The council of the placement's area.
    pub host_la_id: AgencyId,
    pub postcode: Postcode,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    /// Who recorded it; none for a placement brought in from a council's own records.
    pub recorded_by: Option<UserId>,
    pub recorded_at: Timestamp,
}

impl Placement {
    /// Whether the placement has not ended.
    pub fn is_current(&self) -> bool {
        self.ended_on.is_none()
    }
}
