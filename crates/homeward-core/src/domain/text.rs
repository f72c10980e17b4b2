//! Bounded text from people: names, free text. Trimmed, never empty where required, never unbounded.

/// Declares a trimmed, non-empty text type with a maximum length in characters.
macro_rules! bounded_text {
    ($($(#[$meta:meta])* $name:ident, $max:literal, $what:literal;)+) => {$(
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(text: &str) -> Result<Self, TextError> {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    return Err(TextError::Empty($what));
                }
                if trimmed.chars().count() > $max {
                    return Err(TextError::TooLong($what, $max));
                }
                if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                    return Err(TextError::Control($what));
                }
                Ok(Self(trimmed.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;
            fn try_from(value: String) -> Result<Self, Self::Error> { Self::parse(&value) }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String { value.0 }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str { &self.0 }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.0) }
        }

        /// Personal data: `Debug` shows only the length, so it never reaches a log by accident.
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({} chars)", stringify!($name), self.0.chars().count())
            }
        }
    )+};
}

bounded_text! {
    /// A given or family name.
    PersonName, 100, "name";
    /// An agency's or a user's display name.
    DisplayName, 200, "name";
    /// Free text written by a practitioner: circumstances, rationale, places.
    FreeText, 10_000, "text";
    /// A short reference such as a police reference number.
    Reference, 64, "reference";
}

/// Why text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("enter a {0}")]
    Empty(&'static str),
    #[error("the {0} must be {1} characters or fewer")]
    TooLong(&'static str, usize),
    #[error("the {0} must not contain control characters")]
    Control(&'static str),
}

/// Parses an optional text field: blank means absent.
pub fn optional<T>(text: Option<&str>, parse: impl Fn(&str) -> Result<T, TextError>) -> Result<Option<T>, TextError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => parse(value).map(Some),
    }
}

/// A UK postcode, held in its standard form: upper case, one space before the inward code (`DH1 3AB`).
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    /// Accepts any spacing and case; the outward code is a letter or two, a digit, then a digit or letter or
    /// nothing (`M1`, `B33`, `CR2`, `DN55`, `W1A`, `EC1A`), the inward code a digit and two letters.
    pub fn parse(text: &str) -> Result<Self, InvalidPostcode> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(InvalidPostcode);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = inward.as_bytes()[0].is_ascii_digit() && inward[1..].chars().all(|c| c.is_ascii_alphabetic());
        let letters = outward.chars().take_while(char::is_ascii_alphabetic).count();
        let rest = &outward[letters..];
        let rest_ok = rest.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && rest.len() <= 2
            && rest.chars().all(|c| c.is_ascii_alphanumeric());
        if (1..=2).contains(&letters) && rest_ok && inward_ok {
            Ok(Self(format!("{outward} {inward}")))
        } else {
            Err(InvalidPostcode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code, or district: `DH1` of `DH1 3AB`.
    pub fn district(&self) -> &str {
        self.0.split(' ').next().unwrap_or_default()
    }

    /// The postcode area: the letters the district starts with, `DH` of `DH1 3AB`.
    pub fn area(&self) -> &str {
        let district = self.district();
        &district[..district.chars().take_while(char::is_ascii_alphabetic).count()]
    }

    /// Whether the postcode lies in one of these areas or districts (`DH`, `DL1`).
    pub fn within(&self, areas_or_districts: &[String]) -> bool {
        areas_or_districts.iter().any(|p| p == self.area() || p == self.district())
    }
}

impl TryFrom<String> for Postcode {
    type Error = InvalidPostcode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Postcode> for String {
    fn from(value: Postcode) -> Self {
        value.0
    }
}

impl std::fmt::Display for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A postcode can point at a home: `Debug` shows only its district.
impl std::fmt::Debug for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Postcode({} ...)", self.district())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a UK postcode, like DH1 3AB")]
pub struct InvalidPostcode;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  Ada ").map(|n| n.to_string()), Ok("Ada".into()));
        assert_eq!(PersonName::parse("   "), Err(TextError::Empty("name")));
        assert!(PersonName::parse(&"x".repeat(101)).is_err());
        assert!(PersonName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn debug_never_shows_personal_text() {
        let name = PersonName::parse("Secret").expect("valid");
        assert_eq!(format!("{name:?}"), "PersonName(6 chars)");
    }

    #[test]
    fn postcodes_are_normalised_and_checked() {
        let parse = |t: &str| Postcode::parse(t).map(|p| p.to_string());
        assert_eq!(parse(" dh13ab "), Ok("DH1 3AB".into()));
        assert_eq!(parse("EC1A 1BB"), Ok("EC1A 1BB".into()));
        assert_eq!(parse("W1A 0AX"), Ok("W1A 0AX".into()));
        assert_eq!(parse("M1 1AE"), Ok("M1 1AE".into()));
        for bad in ["", "DH1", "1DH 3AB", "DH1 AAB", "DHX1 3AB", "DH123 3AB", "DH1 3A1", "DÉ1 3AB"] {
            assert!(Postcode::parse(bad).is_err(), "{bad} should be refused");
        }
        let postcode = Postcode::parse("DL14 0QA").expect("valid");
        assert_eq!((postcode.area(), postcode.district()), ("DL", "DL14"));
        assert!(postcode.within(&["DH".into(), "DL14".into()]));
        assert!(postcode.within(&["DL".into()]));
        assert!(!postcode.within(&["DL1".into(), "D".into()]));
    }
}
