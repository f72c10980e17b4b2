//! People who go missing, or may: their identity and who is responsible for them.

use time::Date;

use super::code_enum;
use super::ids::{AgencyId, PersonId, UserId};
use super::text::PersonName;
use super::time::{Timestamp, age_on};

code_enum! {
    /// Sex as recorded by the sending agency (SSDA903 uses 1 and 2; Homeward keeps letters and maps on export).
    pub enum Sex {
        Male => "M",
        Female => "F",
        Unknown => "U",
    }
}

/// A person known to Homeward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Date,
    pub sex: Sex,
    /// Looked after by a council (care order or s.20 accommodation).
    pub looked_after: bool,
    /// The council responsible: for a looked-after child, the placing council.
    pub responsible_la_id: Option<AgencyId>,
    /// The council where an out-of-area looked-after child actually lives.
    pub host_la_id: Option<AgencyId>,
    /// The care provider (foster agency, children's home, care home) where the person is placed.
    pub placement_provider_id: Option<AgencyId>,
    /// The child's allocated social worker.
    pub allocated_worker_id: Option<UserId>,
    /// The agency that recorded the person in Homeward, which can always see them.
    pub recorded_by_agency_id: Option<AgencyId>,
    pub created_at: Timestamp,
}

impl Person {
    /// Age in whole years at a moment (DOMAIN.md: age is computed at the episode's start).
    pub fn age_at(&self, at: Timestamp) -> i32 {
        age_on(self.date_of_birth, at.date())
    }

    /// Under 18 at a moment.
    pub fn is_child_at(&self, at: Timestamp) -> bool {
        self.age_at(at) < 18
    }
}
