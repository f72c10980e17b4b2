//! Child abduction warning notices' part of a transaction (issue 17, item 5).

use async_trait::async_trait;

use crate::domain::abduction::{AbductionNotice, NoticeFilter, NoticePaging};
use crate::domain::ids::{AgencyId, AssociateId, PersonId};
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Notices served by forces.
#[async_trait]
pub trait AbductionTx: Send {
    async fn insert_abduction_notice(&mut self, notice: &AbductionNotice) -> Result<(), StoreError>;
    /// A page of a force's notices, most recently served first.
    async fn abduction_notices_of(
        &mut self,
        force: AgencyId,
        filter: NoticeFilter,
        paging: &NoticePaging,
    ) -> Result<Vec<AbductionNotice>, StoreError>;
    /// The notices served on one of these adults or protecting this child, recorded at or before `made` (when the
    /// record that may touch them was made): whether each is in force is the core's rule.
    async fn abduction_notices_naming(
        &mut self,
        associates: &[AssociateId],
        child: PersonId,
        made: Timestamp,
    ) -> Result<Vec<AbductionNotice>, StoreError>;
}
