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
    /// Age in whole years at a moment, on that moment's UK calendar date (DOMAIN.md: age is computed at the
    /// episode's start), so the figures, the interview a return creates and the risk floors agree on who is a child.
    pub fn age_at(&self, at: Timestamp) -> i32 {
        age_on(self.date_of_birth, super::time::london(at).date())
    }

    /// Under 18 at a moment.
    pub fn is_child_at(&self, at: Timestamp) -> bool {
        self.age_at(at) < 18
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_turns_on_the_uk_calendar_date() {
        let person = Person {
            id: PersonId::random(),
            given_name: PersonName::parse("Synthetic").expect("valid"),
            family_name: PersonName::parse("Person").expect("valid"),
            date_of_birth: time::macros::date!(2008 - 06 - 02),
            sex: Sex::Unknown,
            looked_after: false,
            responsible_la_id: None,
            host_la_id: None,
            placement_provider_id: None,
            allocated_worker_id: None,
            recorded_by_agency_id: None,
            created_at: Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").expect("valid"),
        };
        // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST): their 18th birthday there.
        assert!(!person.is_child_at(Timestamp::parse_rfc3339("2026-06-01T23:30:00Z").expect("valid")));
        assert!(person.is_child_at(Timestamp::parse_rfc3339("2026-06-01T22:30:00Z").expect("valid")));
    }
}
