//! The scheduler's reads and writes: its lease, what it has raised already, and closing alerts whose cause has gone.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::alert::{Alert, AlertKind, ClosedReason};
use homeward_core::domain::ids::{AgencyId, AlertId, EpisodeId};
use homeward_core::domain::return_interview::Recommendation;
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::{AlertKey, SchedulerTx};

use super::SqlTx;
use super::reads::one_of;
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows;
use crate::value::query;

#[async_trait]
impl<D: Dialect> SchedulerTx for SqlTx<D> {
    /// Takes the named lease for `holder` until `until` when it is free, expired at `now`, or already theirs.
    async fn take_lease(
        &mut self,
        name: &str,
        holder: &str,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<bool, StoreError> {
        let sql = "INSERT INTO leases (name, holder, held_until) VALUES ($1, $2, $3) \
                   ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until \
                   WHERE leases.held_until < $4 OR leases.holder = excluded.holder";
        Ok(self.run(query!(sql, name, holder, until, now)).await? == 1)
    }

    async fn release_lease(&mut self, name: &str, holder: &str) -> Result<(), StoreError> {
        self.run(query!("DELETE FROM leases WHERE name = $1 AND holder = $2", name, holder)).await.map(drop)
    }

    /// Open alerts of these kinds, across every agency.
    async fn open_alerts_of_kinds(&mut self, kinds: &[AlertKind]) -> Result<Vec<Alert>, StoreError> {
        let sql = format!(
            "SELECT * FROM alerts WHERE acknowledged_at IS NULL AND {}",
            one_of("kind", kinds.iter().map(|k| k.as_str()))
        );
        self.all(query!(sql), rows::alert).await
    }

    /// The keys of every alert, open or not, about a still-missing episode, an interview awaiting its offer or an
    /// unanswered recommendation: what has been raised already of what time can still bring.
    async fn raised_alert_keys(&mut self) -> Result<Vec<AlertKey>, StoreError> {
        let keys = "a.agency_id, a.kind, a.episode_id, a.occasion";
        let sql = format!(
            "SELECT {keys} FROM alerts a JOIN episodes e ON e.id = a.episode_id WHERE e.status = 'missing' \
             UNION ALL SELECT {keys} FROM alerts a JOIN return_interviews i ON i.episode_id = a.episode_id \
               AND i.id = a.occasion WHERE i.status IN ('due', 'assigned') \
             UNION ALL SELECT {keys} FROM alerts a JOIN recommendations r ON r.episode_id = a.episode_id \
               AND r.id = a.occasion WHERE r.decision IS NULL"
        );
        self.all(query!(sql), |row| {
            Ok(AlertKey {
                agency_id: row.parsed("agency_id", AgencyId::parse)?.ok_or_else(|| corrupt("agency_id"))?,
                kind: row.parsed("kind", AlertKind::parse)?.ok_or_else(|| corrupt("kind"))?,
                episode_id: row.parsed("episode_id", EpisodeId::parse)?,
                occasion: row.text("occasion")?.unwrap_or_default(),
            })
        })
        .await
    }

    /// Unanswered recommendations due before a date, across every agency.
    async fn unanswered_recommendations(&mut self, date: time::Date) -> Result<Vec<Recommendation>, StoreError> {
        let sql = "SELECT * FROM recommendations WHERE decision IS NULL AND due_on < $1";
        self.all(query!(sql, date), rows::recommendation).await
    }

    /// Closes open alerts for the reasons given, as Homeward itself at `at`.
    async fn close_alerts(&mut self, closing: &[(AlertId, ClosedReason)], at: Timestamp) -> Result<(), StoreError> {
        for (id, reason) in closing {
            let sql = "UPDATE alerts SET acknowledged_at = $1, closed_reason = $2 \
                       WHERE id = $3 AND acknowledged_at IS NULL";
            self.run(query!(sql, at, reason.as_str(), *id)).await?;
        }
        Ok(())
    }
}
