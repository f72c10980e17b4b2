//! Idempotency keys: taken before a request is carried out, settled with its answer, removed after a day.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::idempotency::{Fingerprint, IdempotencyKey, KeyRecord, StoredResponse};
use homeward_core::domain::ids::UserId;
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::{IdempotencyTx, PendingKey};

use super::SqlTx;
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows::{required, timestamp};
use crate::value::query;

fn key_record(row: &impl Row) -> Result<KeyRecord, StoreError> {
    let response = match (row.int("status")?, row.text("body")?) {
        (Some(status), Some(body)) => {
            Some(StoredResponse { status: u16::try_from(status).map_err(|_| corrupt("status"))?, body })
        }
        (None, None) => None,
        _ => return Err(corrupt("status")),
    };
    Ok(KeyRecord {
        fingerprint: Fingerprint::from_stored(required(row.text("fingerprint")?, "fingerprint")?),
        taken_at: timestamp(row, "taken_at")?,
        holder: required(row.text("holder")?, "holder")?,
        carried_out: required(row.flag("carried_out")?, "carried_out")?,
        response,
    })
}

#[async_trait]
impl<D: Dialect> IdempotencyTx for SqlTx<D> {
    async fn take_idempotency_key(
        &mut self,
        user: UserId,
        key: &IdempotencyKey,
        fingerprint: &Fingerprint,
        holder: &str,
        at: Timestamp,
        expired_before: Timestamp,
    ) -> Result<Option<KeyRecord>, StoreError> {
        // One statement takes a new key or an expired one; on PostgreSQL a second request racing for the same key
        // waits for the first's row, then finds it held.
        let sql = "INSERT INTO idempotency_keys (user_id, request_key, fingerprint, taken_at, holder) \
                   VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (user_id, request_key) DO UPDATE SET fingerprint = excluded.fingerprint, \
                   taken_at = excluded.taken_at, holder = excluded.holder, carried_out = FALSE, status = NULL, \
                   body = NULL WHERE idempotency_keys.taken_at < $6";
        let taking = query!(sql, user, key.as_str(), fingerprint.as_str(), at, holder, expired_before);
        if self.run(taking).await? == 1 {
            return Ok(None);
        }
        let sql = "SELECT fingerprint, taken_at, holder, carried_out, status, body FROM idempotency_keys \
                   WHERE user_id = $1 AND request_key = $2";
        let held = self.one(query!(sql, user, key.as_str()), key_record).await?;
        held.map(Some).ok_or_else(|| corrupt("idempotency_keys"))
    }

    async fn retake_idempotency_key(
        &mut self,
        user: UserId,
        key: &IdempotencyKey,
        holder: &str,
        at: Timestamp,
        taken_at: Timestamp,
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE idempotency_keys SET holder = $1, taken_at = $2 WHERE user_id = $3 AND request_key = $4 \
                   AND taken_at = $5 AND carried_out = FALSE AND status IS NULL";
        Ok(self.run(query!(sql, holder, at, user, key.as_str(), taken_at)).await? == 1)
    }

    async fn mark_carried_out(&mut self, pending: &PendingKey) -> Result<(), StoreError> {
        let sql = "UPDATE idempotency_keys SET carried_out = TRUE WHERE user_id = $1 AND request_key = $2";
        self.run(query!(sql, pending.user, pending.key.as_str())).await.map(drop)
    }

    async fn settle_idempotency_key(
        &mut self,
        user: UserId,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE idempotency_keys SET status = $1, body = $2 \
                   WHERE user_id = $3 AND request_key = $4 AND status IS NULL";
        self.run(query!(sql, i64::from(response.status), response.body.as_str(), user, key.as_str())).await.map(drop)
    }

    async fn release_idempotency_key(&mut self, user: UserId, key: &IdempotencyKey) -> Result<(), StoreError> {
        let sql = "DELETE FROM idempotency_keys WHERE user_id = $1 AND request_key = $2 AND status IS NULL \
                   AND carried_out = FALSE";
        self.run(query!(sql, user, key.as_str())).await.map(drop)
    }

    async fn purge_idempotency_keys(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        self.run(query!("DELETE FROM idempotency_keys WHERE taken_at < $1", before)).await
    }
}
