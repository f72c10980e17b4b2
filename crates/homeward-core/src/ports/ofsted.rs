//! Ofsted notifications' part of a transaction: the prompts owed by children's homes and what they recorded
//! (issue 17, item 6).

use async_trait::async_trait;

use crate::domain::ids::{AgencyId, OfstedNotificationId};
use crate::domain::ofsted::{OfstedFilter, OfstedNotification, OfstedPaging};
use crate::error::StoreError;

/// Notifications owed to Ofsted.
#[async_trait]
pub trait OfstedTx: Send {
    /// Records a prompt unless the home already owes one for this episode and cause; true when it was new.
    async fn insert_ofsted_prompt(&mut self, notification: &OfstedNotification) -> Result<bool, StoreError>;
    async fn ofsted_notification(&mut self, id: OfstedNotificationId)
    -> Result<Option<OfstedNotification>, StoreError>;
    /// A page of a home's notifications, oldest prompt first.
    async fn ofsted_notifications_of(
        &mut self,
        home: AgencyId,
        filter: OfstedFilter,
        paging: &OfstedPaging,
    ) -> Result<Vec<OfstedNotification>, StoreError>;
    /// Saves what the home recorded of a notification.
    async fn record_ofsted_notification(&mut self, notification: &OfstedNotification) -> Result<(), StoreError>;
    /// Every home's notifications not yet recorded: the scheduler's sweep.
    async fn unrecorded_ofsted_notifications(&mut self) -> Result<Vec<OfstedNotification>, StoreError>;
}
