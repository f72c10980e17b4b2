//! Where notifications go and the outbox they are delivered from.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::alert::{AlertKind, ClosedReason};
use homeward_core::domain::ids::{AgencyId, UserId};
use homeward_core::domain::notification::{
    AgencyChannels, DigestLine, Notification, NotificationPaging, Webhook, WebhookUrl,
};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Email, Role};
use homeward_core::ports::OutboxTx;
use homeward_core::rules::digest::Window;

use super::SqlTx;
use super::reads::{bind_page, paged};
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows;
use crate::tables;
use crate::value::query;

#[async_trait]
impl<D: Dialect> OutboxTx for SqlTx<D> {
    async fn agency_channels(&mut self, agency: AgencyId) -> Result<AgencyChannels, StoreError> {
        let sql = "SELECT duty_email, webhook_url, webhook_secret FROM agency_channels WHERE agency_id = $1";
        let found = self
            .one(query!(sql, agency), |row| {
                let email = row.parsed("duty_email", Email::parse)?;
                let url = row.parsed("webhook_url", WebhookUrl::parse)?;
                let secret = row.text("webhook_secret")?;
                let webhook = url.zip(secret).map(|(url, secret)| Webhook { url, secret });
                Ok(AgencyChannels { duty_email: email, webhook })
            })
            .await?;
        Ok(found.unwrap_or_default())
    }

    async fn set_agency_channels(&mut self, agency: AgencyId, channels: &AgencyChannels) -> Result<(), StoreError> {
        let sql = "INSERT INTO agency_channels (agency_id, duty_email, webhook_url, webhook_secret) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id) DO UPDATE SET duty_email = excluded.duty_email, \
                   webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret";
        let email = channels.duty_email.as_ref().map(Email::as_str);
        let url = channels.webhook.as_ref().map(|w| w.url.as_str());
        let secret = channels.webhook.as_ref().map(|w| w.secret.as_str());
        self.run(query!(sql, agency, email, url, secret)).await.map(drop)
    }

    /// The addresses of the agency's active users who chose to receive this kind of alert.
    async fn alert_subscribers(&mut self, agency: AgencyId, kind: AlertKind) -> Result<Vec<Email>, StoreError> {
        let sql = "SELECT u.email FROM alert_subscriptions s JOIN users u ON u.id = s.user_id \
                   WHERE u.agency_id = $1 AND u.active AND s.kind = $2 ORDER BY u.email";
        self.all(query!(sql, agency, kind.as_str()), |row| {
            row.parsed("email", Email::parse)?.ok_or_else(|| corrupt("email"))
        })
        .await
    }

    async fn alert_subscriptions(&mut self, user: UserId) -> Result<Vec<AlertKind>, StoreError> {
        let sql = "SELECT kind FROM alert_subscriptions WHERE user_id = $1 ORDER BY kind";
        self.all(query!(sql, user), |row| row.parsed("kind", AlertKind::parse)?.ok_or_else(|| corrupt("kind"))).await
    }

    async fn set_alert_subscriptions(&mut self, user: UserId, kinds: &[AlertKind]) -> Result<(), StoreError> {
        self.run(query!("DELETE FROM alert_subscriptions WHERE user_id = $1", user)).await?;
        for kind in kinds {
            let sql = "INSERT INTO alert_subscriptions (user_id, kind) VALUES ($1, $2)";
            self.run(query!(sql, user, kind.as_str())).await?;
        }
        Ok(())
    }

    async fn enqueue_notifications(&mut self, notifications: &[Notification]) -> Result<u64, StoreError> {
        self.insert_with(tables::outbox(notifications), " ON CONFLICT (delivery_id) DO NOTHING").await
    }

    /// Undelivered notifications whose next attempt may begin by `now`, soonest first.
    async fn notifications_due(&mut self, now: Timestamp, limit: u32) -> Result<Vec<Notification>, StoreError> {
        let sql = "SELECT * FROM outbox WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1 \
                   ORDER BY next_attempt_at, id LIMIT $2";
        self.all(query!(sql, now, limit), rows::notification).await
    }

    /// Claims a notification for an attempt, if nobody has begun one since it was read (`attempts` unchanged).
    async fn claim_notification(&mut self, n: &Notification, until: Timestamp) -> Result<bool, StoreError> {
        let sql = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 \
                   WHERE id = $2 AND attempts = $3 AND delivered_at IS NULL AND gave_up_at IS NULL";
        Ok(self.run(query!(sql, until, n.id, n.attempts)).await? == 1)
    }

    /// Records how the attempt went, unless another server has begun a later attempt since (the claim's count has
    /// moved on): a late answer never undoes a newer one.
    async fn settle_notification(&mut self, n: &Notification) -> Result<(), StoreError> {
        let sql = "UPDATE outbox SET next_attempt_at = $1, delivered_at = $2, gave_up_at = $3, last_error = $4 \
                   WHERE id = $5 AND attempts = $6";
        let q = query!(sql, n.next_attempt_at, n.delivered_at, n.gave_up_at, &n.last_error, n.id, n.attempts);
        self.run(q).await.map(drop)
    }

    /// The agency's notifications given up on, most recent first.
    async fn given_up_notifications(
        &mut self,
        agency: AgencyId,
        paging: Option<&NotificationPaging>,
    ) -> Result<Vec<Notification>, StoreError> {
        let page = paged::<D>(paging.is_some(), 2, "gave_up_at", "id");
        let sql = format!("SELECT * FROM outbox WHERE agency_id = $1 AND gave_up_at IS NOT NULL{page}");
        self.all(bind_page(query!(sql, agency), paging), rows::notification).await
    }

    async fn purge_delivered(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        self.run(query!("DELETE FROM outbox WHERE delivered_at < $1", before)).await
    }

    async fn claim_digest_day(&mut self, day: time::Date, agency: AgencyId, at: Timestamp) -> Result<bool, StoreError> {
        let sql = "INSERT INTO digest_days (day, agency_id, sent_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (day, agency_id) DO NOTHING";
        Ok(self.run(query!(sql, day, agency, at)).await? == 1)
    }

    async fn digest_subscribers(&mut self) -> Result<Vec<(AgencyId, Role, Email)>, StoreError> {
        let sql = "SELECT u.agency_id, u.role, u.email FROM digest_subscriptions s JOIN users u ON u.id = s.user_id \
                   WHERE u.active ORDER BY u.agency_id, u.email";
        self.all(query!(sql), |row| {
            let agency = row.parsed("agency_id", AgencyId::parse)?.ok_or_else(|| corrupt("agency_id"))?;
            let role = row.parsed("role", Role::parse)?.ok_or_else(|| corrupt("role"))?;
            let email = row.parsed("email", Email::parse)?.ok_or_else(|| corrupt("email"))?;
            Ok((agency, role, email))
        })
        .await
    }

    async fn digest_subscribed(&mut self, user: UserId) -> Result<bool, StoreError> {
        let sql = "SELECT user_id FROM digest_subscriptions WHERE user_id = $1";
        Ok(self.one(query!(sql, user), |_| Ok(())).await?.is_some())
    }

    async fn set_digest_subscription(&mut self, user: UserId, chosen: bool) -> Result<(), StoreError> {
        let sql = if chosen {
            "INSERT INTO digest_subscriptions (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING"
        } else {
            "DELETE FROM digest_subscriptions WHERE user_id = $1"
        };
        self.run(query!(sql, user)).await.map(drop)
    }

    async fn alert_digest(&mut self, agency: AgencyId, window: Window) -> Result<Vec<DigestLine>, StoreError> {
        let sql = "SELECT kind, \
                   SUM(CASE WHEN acknowledged_at IS NULL THEN 1 ELSE 0 END) AS open, \
                   SUM(CASE WHEN acknowledged_at IS NULL AND raised_at < $2 THEN 1 ELSE 0 END) AS overdue, \
                   SUM(CASE WHEN acknowledged_at >= $3 AND (closed_reason IS NULL OR closed_reason <> $4) \
                       THEN 1 ELSE 0 END) AS closed \
                   FROM alerts WHERE agency_id = $1 AND (acknowledged_at IS NULL OR acknowledged_at >= $3) \
                   GROUP BY kind";
        let mut lines = self
            .all(
                query!(sql, agency, window.overdue_before, window.closed_since, ClosedReason::NowOverdue.as_str()),
                |row| {
                    Ok(DigestLine {
                        kind: row.parsed("kind", AlertKind::parse)?.ok_or_else(|| corrupt("kind"))?,
                        open: row.int("open")?.unwrap_or(0),
                        overdue: row.int("overdue")?.unwrap_or(0),
                        closed: row.int("closed")?.unwrap_or(0),
                    })
                },
            )
            .await?;
        lines.sort_by_key(|line| line.kind);
        Ok(lines)
    }
}
