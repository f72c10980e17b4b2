//! Protocol profiles prepared before anyone goes missing (DOMAIN.md): Philomena for children in care, Herbert for
//! people with dementia. Each save is a new version; the latest is the profile. It belongs to the person, so it
//! moves with a child to a new placement.

use std::collections::BTreeMap;

use super::code_enum;
use super::ids::{PersonId, UserId};
use super::text::FreeText;
use super::time::Timestamp;

code_enum! {
    pub enum ProfileKind {
        Philomena => "philomena",
        Herbert => "herbert",
    }
}

/// Philomena Protocol, part 1: kept up to date by the carer, provider or council.
pub const PHILOMENA_FIELDS: &[(&str, &str)] = &[
    ("personal_details", "Personal details"),
    ("physical_description", "Physical description"),
    ("friends_associates", "Friends and associates"),
    ("addresses", "Addresses"),
    ("places_frequented", "Places frequented"),
    ("vulnerabilities", "Vulnerabilities"),
    ("medical_needs", "Medical needs"),
    ("financial_details", "Financial details"),
    ("social_media", "Social media"),
    ("phones_transport", "Phones and transport"),
    ("identifiers", "Identifiers"),
    ("previous_missing_history", "Previous missing history"),
];

/// Herbert Protocol: held by the family or care home.
pub const HERBERT_FIELDS: &[(&str, &str)] = &[
    ("nickname", "Nickname"),
    ("physical_description", "Description"),
    ("languages", "Languages"),
    ("mobility_communication_aids", "Mobility and communication aids"),
    ("gps_locator", "GPS locator"),
    ("addresses", "Addresses, past and present"),
    ("phones", "Phones"),
    ("routine", "Routine"),
    ("places_of_significance", "Places of significance"),
    ("previously_found", "Where previously found"),
    ("medication", "Medication"),
    ("gp", "GP"),
    ("next_of_kin", "Next of kin"),
    ("key_people", "Key people"),
];

impl ProfileKind {
    pub fn fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ProfileKind::Philomena => PHILOMENA_FIELDS,
            ProfileKind::Herbert => HERBERT_FIELDS,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProfileKind::Philomena => "Philomena Protocol profile",
            ProfileKind::Herbert => "Herbert Protocol profile",
        }
    }
}

/// One saved version of a person's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub person_id: PersonId,
    pub version: i64,
    pub kind: ProfileKind,
    /// Text by field code; only the kind's fields, blank ones left out.
    pub fields: BTreeMap<String, FreeText>,
    pub saved_by: UserId,
    pub saved_at: Timestamp,
}

/// Philomena Protocol, part 2: filled in when the child goes missing, at the report or after it, and shown with
/// part 1 (the profile). One per episode; a later save replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingDescription {
    pub episode_id: super::ids::EpisodeId,
    /// What the person was wearing when last seen.
    pub clothing: FreeText,
    /// Where, and when, they were last seen.
    pub last_seen: FreeText,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
}

/// A page of a person's profile versions, the latest first, keyed by version number.
pub type ProfileVersionPage = super::paging::Page<Profile, i64, PersonId>;
