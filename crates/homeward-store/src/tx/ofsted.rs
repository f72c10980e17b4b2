//! Notifications children's homes owe Ofsted: one row per episode and cause, with what the home recorded.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::ids::{AgencyId, EpisodeId, OfstedNotificationId, PersonId, UserId};
use homeward_core::domain::ofsted::{OfstedCause, OfstedFilter, OfstedNotification, OfstedPaging};
use homeward_core::domain::text::Reference;
use homeward_core::ports::OfstedTx;
use homeward_core::rules::ofsted::overdue_at;

use super::SqlTx;
use super::reads::{bind_page, paged_in};
use crate::dialect::{Dialect, Row};
use crate::rows::{parsed, parsed_opt, timestamp};
use crate::value::query;

pub(super) fn notification(row: &impl Row) -> Result<OfstedNotification, StoreError> {
    Ok(OfstedNotification {
        id: parsed(row, "id", OfstedNotificationId::parse)?,
        home_agency_id: parsed(row, "home_agency_id", AgencyId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        cause: parsed(row, "cause", OfstedCause::parse)?,
        prompted_at: timestamp(row, "prompted_at")?,
        notified_at: row.time("notified_at")?,
        reference: parsed_opt(row, "reference", Reference::parse)?,
        recorded_by: parsed_opt(row, "recorded_by", UserId::parse)?,
        recorded_at: row.time("recorded_at")?,
    })
}

#[async_trait]
impl<D: Dialect> OfstedTx for SqlTx<D> {
    async fn insert_ofsted_prompt(&mut self, n: &OfstedNotification) -> Result<bool, StoreError> {
        let sql = "INSERT INTO ofsted_notifications (id, home_agency_id, episode_id, person_id, cause, prompted_at, \
                   due_at, notified_at, reference, recorded_by, recorded_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (episode_id, cause) DO NOTHING";
        let insert = query!(
            sql,
            n.id,
            n.home_agency_id,
            n.episode_id,
            n.person_id,
            n.cause.as_str(),
            n.prompted_at,
            overdue_at(n),
            n.notified_at,
            n.reference.as_ref().map(|r| r.as_str().to_owned()),
            n.recorded_by,
            n.recorded_at
        );
        Ok(self.run(insert).await? > 0)
    }

    async fn ofsted_notification(
        &mut self,
        id: OfstedNotificationId,
    ) -> Result<Option<OfstedNotification>, StoreError> {
        self.one(query!("SELECT * FROM ofsted_notifications WHERE id = $1", id), notification).await
    }

    async fn ofsted_notifications_of(
        &mut self,
        home: AgencyId,
        filter: OfstedFilter,
        paging: &OfstedPaging,
    ) -> Result<Vec<OfstedNotification>, StoreError> {
        let unrecorded = if filter.unrecorded_only { " AND notified_at IS NULL" } else { "" };
        let page = paged_in::<D>(true, 2, "prompted_at", "id", false);
        let sql = format!("SELECT * FROM ofsted_notifications WHERE home_agency_id = $1{unrecorded}{page}");
        self.all(bind_page(query!(sql, home), Some(paging)), notification).await
    }

    async fn record_ofsted_notification(&mut self, n: &OfstedNotification) -> Result<(), StoreError> {
        // Once: of two members of staff recording at the same moment, the second finds it recorded.
        let sql = "UPDATE ofsted_notifications SET notified_at = $1, reference = $2, recorded_by = $3, \
                   recorded_at = $4 WHERE id = $5 AND notified_at IS NULL";
        let reference = n.reference.as_ref().map(|r| r.as_str().to_owned());
        match self.run(query!(sql, n.notified_at, reference, n.recorded_by, n.recorded_at, n.id)).await? {
            0 => Err(StoreError::Constraint { constraint: "ofsted_notifications_recorded_once".into() }),
            _ => Ok(()),
        }
    }

    async fn unrecorded_ofsted_notifications(&mut self) -> Result<Vec<OfstedNotification>, StoreError> {
        let sql = "SELECT * FROM ofsted_notifications WHERE notified_at IS NULL ORDER BY due_at, id";
        self.all(query!(sql), notification).await
    }
}
