//! Agencies: the police forces, councils, interview providers and care providers that share Homeward.

use super::code_enum;
use super::ids::AgencyId;
use super::text::DisplayName;

code_enum! {
    /// What an agency is; it decides which roles its staff may hold and which side of a risk assessment it gives.
    pub enum AgencyKind {
        Police => "police",
        LocalAuthority => "local_authority",
        RhiProvider => "rhi_provider",
        CareProvider => "care_provider",
    }
}

/// An agency's short code: a council's ONS code (`E10000023`), a force's code (`NYP`), or a provider's own.
/// Upper-case letters, digits, `-` and `_`, 2 to 16 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

impl AgencyCode {
    pub fn parse(text: &str) -> Result<Self, InvalidAgencyCode> {
        let code = text.trim().to_ascii_uppercase();
        let valid = (2..=16).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if valid { Ok(Self(code)) } else { Err(InvalidAgencyCode) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = InvalidAgencyCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AgencyCode> for String {
    fn from(value: AgencyCode) -> Self {
        value.0
    }
}

impl std::fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be 2 to 16 letters, digits, '-' or '_', like E10000023")]
pub struct InvalidAgencyCode;

/// An agency registered in Homeward.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Agency {
    pub id: AgencyId,
    pub code: AgencyCode,
    pub name: DisplayName,
    pub kind: AgencyKind,
    /// For a council: the police force whose area covers it, so that force sees episodes from the council's area.
    pub police_force_id: Option<AgencyId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!(AgencyCode::parse(" e10000023 ").map(String::from), Ok("E10000023".into()));
        assert!(AgencyCode::parse("E").is_err());
        assert!(AgencyCode::parse("E1 0").is_err());
        assert!(AgencyCode::parse(&"A".repeat(17)).is_err());
    }

    #[test]
    fn kinds_have_stable_codes() {
        assert_eq!(AgencyKind::parse("local_authority"), Ok(AgencyKind::LocalAuthority));
        assert!(AgencyKind::parse("council").expect_err("not a kind").to_string().contains("police, local_authority"));
    }
}
