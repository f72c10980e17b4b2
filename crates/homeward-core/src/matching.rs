//! The port to identity matching (issue 14): the keys a person record is filed under, so that the records of the
//! same person can be found among millions with a few index lookups, and how likely two records are to be one
//! person. The core decides who may search, what they are shown and what is flagged (`rules::matching`,
//! `services::matching`); `homeward-link`, which depends on the core, does the comparing.

use crate::domain::link::{LinkagePerson, Probability};

/// How one record compared with another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchScore {
    pub probability: Probability,
    /// Each field's comparison level as a short code (`first_name=nickname`, `dob=transposed`), never a value.
    pub evidence: Vec<String>,
}

/// Finds and weighs records that may be one person.
pub trait PersonMatcher: Send + Sync + std::fmt::Debug + 'static {
    /// The keys a record is filed under: two records of one person share at least one, almost always, however
    /// their names and dates of birth were recorded.
    fn keys(&self, person: &LinkagePerson) -> Vec<String>;
    /// How likely the two records are to be one person.
    fn score(&self, new: &LinkagePerson, known: &LinkagePerson) -> MatchScore;
}

/// Matching left out: files nothing and finds nothing. The core's default, for a core built without
/// `homeward-link` (its own unit tests); the server, the commands and the test worlds all give it the real one.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMatching;

impl PersonMatcher for NoMatching {
    fn keys(&self, _person: &LinkagePerson) -> Vec<String> {
        Vec::new()
    }

    fn score(&self, _new: &LinkagePerson, _known: &LinkagePerson) -> MatchScore {
        MatchScore { probability: Probability::from_fraction(0.0), evidence: Vec::new() }
    }
}
