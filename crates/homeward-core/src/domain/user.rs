//! People who sign in to Homeward, and the roles they hold.

use super::agency::AgencyKind;
use super::code_enum;
use super::credentials::PasswordHash;
use super::ids::{AgencyId, UserId};
use super::text::DisplayName;
use super::time::Timestamp;

code_enum! {
    /// A user's role within their agency (CONTRACT.md, Roles).
    pub enum Role {
        PoliceOfficer => "police_officer",
        PoliceSupervisor => "police_supervisor",
        LaCoordinator => "la_coordinator",
        SocialWorker => "social_worker",
        LaSeniorManager => "la_senior_manager",
        RhiPractitioner => "rhi_practitioner",
        CareStaff => "care_staff",
        Analyst => "analyst",
        Admin => "admin",
    }
}

impl Role {
    /// Whether staff of an agency of this kind may hold the role. Analysts and admins belong to any agency.
    pub fn fits(self, kind: AgencyKind) -> bool {
        match self {
            Role::PoliceOfficer | Role::PoliceSupervisor => kind == AgencyKind::Police,
            Role::LaCoordinator | Role::SocialWorker | Role::LaSeniorManager => kind == AgencyKind::LocalAuthority,
            Role::RhiPractitioner => kind == AgencyKind::RhiProvider,
            Role::CareStaff => kind == AgencyKind::CareProvider,
            Role::Analyst | Role::Admin => true,
        }
    }

    /// The role in plain words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Role::PoliceOfficer => "Police officer",
            Role::PoliceSupervisor => "Police supervisor",
            Role::LaCoordinator => "Missing coordinator",
            Role::SocialWorker => "Social worker",
            Role::LaSeniorManager => "Senior manager",
            Role::RhiPractitioner => "Return interview practitioner",
            Role::CareStaff => "Care staff",
            Role::Analyst => "Analyst",
            Role::Admin => "Administrator",
        }
    }
}

/// An email address used to sign in: trimmed, lower-cased, one `@` with text either side, no spaces.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, InvalidEmail> {
        let email = text.trim().to_lowercase();
        let Some((local, domain)) = email.split_once('@') else {
            return Err(InvalidEmail);
        };
        let valid = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if valid { Ok(Self(email)) } else { Err(InvalidEmail) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address identifies a person: `Debug` keeps it out of logs.
impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Email(..)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be an email address, like name@example.gov.uk")]
pub struct InvalidEmail;

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: DisplayName,
    pub agency_id: AgencyId,
    pub role: Role,
    pub password_hash: PasswordHash,
    pub active: bool,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(Email::parse(" Ada@Example.GOV.uk ").map(String::from), Ok("ada@example.gov.uk".into()));
        for bad in ["", "ada", "ada@", "@x.uk", "ada@uk", "a da@x.uk", "a@b@x.uk", "ada@x.uk."] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn roles_fit_their_agency_kinds() {
        assert!(Role::PoliceOfficer.fits(AgencyKind::Police));
        assert!(!Role::PoliceOfficer.fits(AgencyKind::LocalAuthority));
        assert!(!Role::SocialWorker.fits(AgencyKind::CareProvider));
        assert!(Role::Analyst.fits(AgencyKind::RhiProvider));
        assert!(Role::Admin.fits(AgencyKind::Police));
    }
}
