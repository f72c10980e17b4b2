//! How sensitive each field is, and who reads each class, as data. A record leaves a service only through
//! [`redact`], which clears every field of a class the actor does not read ([`FIELDS`] names them, [`READERS`] says
//! who reads what) and answers the classes withheld, so the API, the pages and every export get the same record.
//! Fields not named in [`FIELDS`] are ordinary case data.

use crate::domain::code_enum;
use crate::domain::profile::Profile;
use crate::domain::return_interview::{InterviewRecord, ReturnInterview, SafeAndWellCheck};
use crate::domain::user::Role;

use super::permission::{CASE_STAFF, CHILDS_ACCOUNT_READERS, POLICE_AND_COUNCIL};
use super::{Actor, Identity};

code_enum! {
    /// The sensitivity classes of a record's fields.
    pub enum Sensitivity {
        CaseData => "case_data",
        Health => "health",
        PoliceIntelligence => "police_intelligence",
        ChildsAccount => "childs_account",
    }
}

impl Sensitivity {
    /// The class in words, for people reading the table.
    pub fn describe(self) -> &'static str {
        match self {
            Sensitivity::CaseData => "ordinary case data: every field not named below",
            Sensitivity::Health => "health: medical needs, medication, vulnerabilities",
            Sensitivity::PoliceIntelligence => "police disclosures and intelligence",
            Sensitivity::ChildsAccount => "the child's own account in the interview",
        }
    }
}

/// The roles that read a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readers {
    pub class: Sensitivity,
    pub roles: &'static [Role],
}

/// Who reads each class; analysts (figures only) and admins (users only) read no case record at all. Operators
/// read every class. Councils read police intelligence (they grade risk jointly with the police); nothing in
/// Homeward is marked police-only.
pub const READERS: &[Readers] = &[
    Readers { class: Sensitivity::CaseData, roles: CASE_STAFF },
    Readers { class: Sensitivity::Health, roles: CASE_STAFF },
    Readers { class: Sensitivity::PoliceIntelligence, roles: POLICE_AND_COUNCIL },
    Readers { class: Sensitivity::ChildsAccount, roles: CHILDS_ACCOUNT_READERS },
];

/// A field of a record that is not ordinary case data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The record, as the API names it.
    pub record: &'static str,
    /// The field, as the API names it.
    pub name: &'static str,
    pub class: Sensitivity,
}

const fn field(record: &'static str, name: &'static str, class: Sensitivity) -> Field {
    Field { record, name, class }
}

/// Every field that is not ordinary case data, with its class.
pub const FIELDS: &[Field] = &[
    field("safe_and_well", "disclosures", Sensitivity::PoliceIntelligence),
    // The record keeps its codes (harm, factors, indicators) for everyone; its words are the child's account.
    field("return_interview", "record", Sensitivity::ChildsAccount),
    field("profile", "vulnerabilities", Sensitivity::Health),
    field("profile", "medical_needs", Sensitivity::Health),
    field("profile", "medication", Sensitivity::Health),
    field("profile", "gp", Sensitivity::Health),
    field("profile", "mobility_communication_aids", Sensitivity::Health),
];

/// Whether the actor reads fields of this class.
pub fn reads(actor: &Actor, class: Sensitivity) -> bool {
    match actor.identity {
        Identity::Operator { .. } => true,
        Identity::User { role, agency_kind, .. } => {
            role.fits(agency_kind) && READERS.iter().any(|r| r.class == class && r.roles.contains(&role))
        }
    }
}

/// A record whose fields [`FIELDS`] classes.
pub trait Classified {
    /// The record's name in [`FIELDS`].
    const RECORD: &'static str;
    /// Clears one of the record's fields named in [`FIELDS`].
    fn withhold(&mut self, field: &str);
}

/// Clears every field of the record the actor may not read, and answers the classes withheld, in order.
pub fn redact<T: Classified>(actor: &Actor, record: &mut T) -> Vec<Sensitivity> {
    let mut withheld = Vec::new();
    for field in FIELDS.iter().filter(|f| f.record == T::RECORD && !reads(actor, f.class)) {
        record.withhold(field.name);
        if !withheld.contains(&field.class) {
            withheld.push(field.class);
        }
    }
    withheld.sort_unstable();
    withheld
}

impl Classified for SafeAndWellCheck {
    const RECORD: &'static str = "safe_and_well";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "disclosures", "the safe and well check classes only its disclosures");
        self.disclosures = None;
    }
}

impl Classified for ReturnInterview {
    const RECORD: &'static str = "return_interview";
    fn withhold(&mut self, field: &str) {
        debug_assert_eq!(field, "record", "an interview classes only its record's words");
        self.record = self.record.as_ref().map(InterviewRecord::codes_only);
    }
}

impl Classified for Profile {
    const RECORD: &'static str = "profile";
    fn withhold(&mut self, field: &str) {
        self.fields.remove(field);
    }
}

impl<T: Classified> Classified for Option<T> {
    const RECORD: &'static str = T::RECORD;
    fn withhold(&mut self, field: &str) {
        if let Some(record) = self {
            record.withhold(field);
        }
    }
}

impl<T: Classified> Classified for Vec<T> {
    const RECORD: &'static str = T::RECORD;
    fn withhold(&mut self, field: &str) {
        for record in self {
            record.withhold(field);
        }
    }
}
