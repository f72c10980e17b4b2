//! Entities and value types of Homeward, each value parsed from outside input into a type that cannot hold an
//! invalid value.

pub mod abduction;
pub mod agency;
pub mod alert;
pub mod audit;
pub mod bounded;
pub mod checkpoint;
pub mod context;
pub mod credentials;
pub mod education;
pub mod episode;
pub mod geo;
pub mod helpline;
pub mod idempotency;
pub mod ids;
pub mod import;
pub mod intel;
pub mod keys;
pub mod legacy;
pub mod link;
pub mod long_term;
pub mod notification;
pub mod ofsted;
pub mod paging;
pub mod person;
pub mod photo;
pub mod placement;
pub mod profile;
pub mod return_interview;
pub mod returns;
pub mod risk;
pub mod second_factor;
pub mod ssda903;
pub mod stats;
pub mod support;
pub mod text;
pub mod time;
pub mod user;

/// Declares a closed set of codes with their stable text form, used in APIs, CSV files and the database.
/// `parse` names the accepted values in its error, so a person can correct their input.
macro_rules! code_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        // Declaration order is meaningful where the codes form a scale (risk grades run low to high).
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        $vis enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(text: &str) -> Result<Self, crate::domain::UnknownCode> {
                match text.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(crate::domain::UnknownCode { allowed: &[$($code),+] }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::domain::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }

        // With the `openapi` feature (the web crate's), each set is an OpenAPI schema of its own: a string with its
        // codes as `enum`. Written out rather than derived, as the derive cannot read a code passed through this
        // macro and would name the variants instead.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}
pub(crate) use code_enum;

/// A value outside a closed set of codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: {}", allowed.join(", "))]
pub struct UnknownCode {
    pub allowed: &'static [&'static str],
}
