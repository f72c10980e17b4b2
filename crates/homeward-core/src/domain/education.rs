//! Children missing education (issue 17, item 2): a spell recorded by a council's education welfare team when a
//! child is off a school roll or persistently absent, with the dates it started and, once it has, ended.
//! "Persistently going missing from school" is a county-lines sign (DOMAIN.md, Exploitation indicators).

use super::code_enum;
use super::ids::{AgencyId, MissingEducationId, PersonId, UserId};
use super::time::{Timestamp, format_date_long};

code_enum! {
    /// Why the child is missing education.
    pub enum MissingEducationReason {
        /// Not on any school's roll, nor otherwise receiving a suitable education.
        OffRoll => "off_roll",
        /// On a roll, but persistently absent.
        PersistentAbsence => "persistent_absence",
    }
}

impl MissingEducationReason {
    pub fn describe(self) -> &'static str {
        match self {
            MissingEducationReason::OffRoll => "Off the school roll",
            MissingEducationReason::PersistentAbsence => "Persistently absent from school",
        }
    }
}

/// One spell of a child missing education.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingEducation {
    pub id: MissingEducationId,
    pub person_id: PersonId,
    /// The council whose education welfare team recorded it.
    pub council_id: AgencyId,
    pub reason: MissingEducationReason,
    pub started_on: time::Date,
    /// When the child was back in education; open until then.
    pub ended_on: Option<time::Date>,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
}

impl MissingEducation {
    /// Whether the spell covers any day from `from` to `to` (both included).
    pub fn overlaps(&self, from: time::Date, to: time::Date) -> bool {
        self.started_on <= to && self.ended_on.is_none_or(|end| end >= from)
    }

    /// The spell in words: "Off the school roll since 3 March 2026", or "... from 3 March 2026 to 1 May 2026".
    pub fn describe(&self) -> String {
        let reason = self.reason.describe();
        match self.ended_on {
            None => format!("{reason} since {}", format_date_long(self.started_on)),
            Some(end) => {
                format!("{reason} from {} to {}", format_date_long(self.started_on), format_date_long(end))
            }
        }
    }
}
