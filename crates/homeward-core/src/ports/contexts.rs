//! Contexts' part of a transaction: places and peer groups opened as subjects by one agency (issue 15, item 5).

use async_trait::async_trait;

use crate::domain::context::{Context, ContextPaging};
use crate::domain::ids::{AgencyId, ContextId, PersonId};
use crate::domain::intel::Linked;
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Contexts and their members.
#[async_trait]
pub trait ContextTx: Send {
    /// Records a context with its members.
    async fn insert_context(&mut self, context: &Context) -> Result<(), StoreError>;
    async fn context(&mut self, id: ContextId) -> Result<Option<Context>, StoreError>;
    /// A page of an agency's contexts, most recently opened first.
    async fn contexts_of(&mut self, agency: AgencyId, paging: &ContextPaging) -> Result<Vec<Context>, StoreError>;
    async fn close_context(&mut self, id: ContextId, at: Timestamp) -> Result<(), StoreError>;
    /// The open contexts, opened before `at` (when the touching record was made), that hold one of these places or associates or this person:
    /// each context's id and owner.
    async fn open_contexts_touching(
        &mut self,
        linked: &[Linked],
        person: PersonId,
        at: Timestamp,
    ) -> Result<Vec<(ContextId, AgencyId)>, StoreError>;
}
