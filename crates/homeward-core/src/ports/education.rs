//! Children missing education's part of a transaction (issue 17, item 2).

use async_trait::async_trait;

use crate::authz::Scope;
use crate::domain::education::MissingEducation;
use crate::domain::ids::{MissingEducationId, PersonId};
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Spells of children missing education.
#[async_trait]
pub trait EducationTx: Send {
    async fn insert_missing_education(&mut self, spell: &MissingEducation) -> Result<(), StoreError>;
    async fn missing_education(&mut self, id: MissingEducationId) -> Result<Option<MissingEducation>, StoreError>;
    /// A person's spells, the latest started first.
    async fn missing_education_of(&mut self, person: PersonId) -> Result<Vec<MissingEducation>, StoreError>;
    /// Ends an open spell.
    async fn end_missing_education(&mut self, id: MissingEducationId, ended_on: time::Date) -> Result<(), StoreError>;
    /// How many people, among those with an episode within `scope` that went missing from `from` to before
    /// `until`, had a spell missing education covering any day from `first_day` to `last_day`.
    async fn children_missing_education(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        first_day: time::Date,
        last_day: time::Date,
    ) -> Result<i64, StoreError>;
}
