//! The returns' part of a transaction: one slim row per episode of a period, for the returns councils owe and the
//! research extract (services/council_returns.rs, services/research.rs). Names are never read.

use async_trait::async_trait;

use crate::authz::Scope;
use crate::domain::ids::AgencyId;
use crate::domain::returns::ReturnRow;
use crate::domain::time::Timestamp;
use crate::error::StoreError;

#[async_trait]
pub trait ReturnsTx: Send {
    /// Every episode within scope that went missing at or after `from` and before `until`, earliest first (then
    /// by id), each handed to `each` as it is read and none kept, with the reference `council` holds for the
    /// person when it is named and has one. No cap: a national year streams through.
    async fn return_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        council: Option<AgencyId>,
        each: &mut (dyn FnMut(ReturnRow) + Send),
    ) -> Result<(), StoreError>;
}
