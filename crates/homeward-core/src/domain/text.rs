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
}
