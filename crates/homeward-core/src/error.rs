//! The errors the core answers with. Each outer boundary (HTTP, CLI) presents them in its own way; none of them
//! carries personal data, so they are safe to show to any agency and to log.

use std::collections::BTreeMap;

/// Errors a store can raise. Backend messages are for operators' logs and never hold row values.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness or foreign-key constraint refused the write; `constraint` is its name in the schema.
    #[error("constraint {constraint} was violated")]
    Constraint { constraint: String },
    /// Stored data could not be read back into the domain (a corrupted or hand-edited row).
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(String),
    /// A long job (an import, the national seed) holds the database's writer longer than a request waits for it
    /// ([`BUSY_WAIT`]): nothing was changed, and trying again shortly will work.
    #[error("the database is busy: {0}")]
    Busy(String),
    /// The database could not be reached (no primary while one fails over, a server restarting, a standby not yet
    /// promoted), within [`CONNECT_WAIT`]. A change under way when the connection was lost may or may not have been
    /// committed: a client repeats it with the same idempotency key to find out.
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
}

/// How long a request waits for a connection to PostgreSQL before it is answered "unavailable, try again" (503 with
/// `Retry-After`): short enough that, while there is no primary, every request fails clearly within 5 seconds.
pub const CONNECT_WAIT: std::time::Duration = std::time::Duration::from_secs(4);

/// How long a request waits its turn for the database's writer before it is answered "busy, try again" (503 with
/// `Retry-After`) rather than left hanging.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a read's audit event waits for the audit chain before it is kept in the spool instead, to be sealed onto
/// the chain once the long job holding it is done: reads are never held up by an import.
pub const AUDIT_GRACE: std::time::Duration = std::time::Duration::from_millis(250);

/// Messages for the fields of one request, keyed by the field's name as the caller sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Records a field's message; the first message for a field is kept, as it is usually the most basic.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_owned()).or_insert_with(|| message.into());
    }

    /// Keeps a parsed value, or records why it did not parse. Lets a command parse every field before failing,
    /// so a form shows all its problems at once.
    pub fn check<T, E: std::fmt::Display>(&mut self, field: &str, parsed: Result<T, E>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error.to_string());
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// `Ok(())` when nothing was recorded, otherwise the invalid-input error carrying every message.
    pub fn into_result(self) -> Result<(), CoreError> {
        if self.is_empty() { Ok(()) } else { Err(CoreError::Invalid(self)) }
    }
}

/// What a service answers when it cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The record does not exist, or the actor may not see it: the two are deliberately indistinguishable.
    #[error("not found")]
    NotFound,
    /// The actor may see the record (or none is involved) but may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// No valid credentials were presented.
    #[error("sign-in needed")]
    Unauthenticated,
    /// The request's fields did not pass; every problem is listed.
    #[error("the request is not valid")]
    Invalid(FieldErrors),
    /// The request is well formed but would break a rule of the domain; `code` is stable for callers.
    #[error("{message}")]
    Rule { code: &'static str, message: String, field: Option<&'static str> },
    /// The person is already missing in an open episode: a second would be the same absence counted twice, so
    /// the caller is pointed at the open one to add to it.
    #[error("this person is already missing: add to the open episode")]
    AlreadyMissing { open_episode_id: crate::domain::ids::EpisodeId },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CoreError {
    /// A field error for a single field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(FieldErrors::one(field, message))
    }
}

/// Why an import stopped: a row that cannot go in (its line and column), or the store.
#[derive(Debug)]
pub enum ImportError {
    Row { line: u64, column: Option<&'static str>, message: String },
    Core(CoreError),
}

impl From<CoreError> for ImportError {
    fn from(error: CoreError) -> Self {
        ImportError::Core(error)
    }
}

impl From<StoreError> for ImportError {
    fn from(error: StoreError) -> Self {
        ImportError::Core(CoreError::Store(error))
    }
}
