//! Sign-in attempt counters, second factors and recovery codes. A counter is read by an upsert that takes its row's
//! lock on both databases, so concurrent attempts at one account or from one source are counted one at a time.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::ids::{AgencyId, UserId};
use homeward_core::domain::second_factor::{SealedSecret, SecondFactor};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::User;
use homeward_core::ports::SignInTx;
use homeward_core::rules::sessions::AttemptCount;

use super::SqlTx;
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows::{self, int, parsed, text, timestamp};
use crate::value::query;

fn count(row: &impl Row) -> Result<AttemptCount, StoreError> {
    let small = |column: &'static str| u32::try_from(int(row, column)?).map_err(|_| corrupt(column));
    Ok(AttemptCount {
        failures: small("failures")?,
        lockouts: small("lockouts")?,
        locked_until: row.time("locked_until")?,
        last_at: timestamp(row, "last_at")?,
    })
}

fn second_factor(row: &impl Row) -> Result<SecondFactor, StoreError> {
    Ok(SecondFactor {
        user_id: parsed(row, "user_id", UserId::parse)?,
        sealed_secret: SealedSecret::from_stored(text(row, "sealed_secret")?),
        created_at: timestamp(row, "created_at")?,
        confirmed_at: row.time("confirmed_at")?,
        last_step: row.int("last_step")?,
    })
}

#[async_trait]
impl<D: Dialect> SignInTx for SqlTx<D> {
    async fn sign_in_counter(&mut self, key: &str, now: Timestamp) -> Result<AttemptCount, StoreError> {
        // The no-op update makes the statement lock an existing row as well as create a missing one.
        let sql = "INSERT INTO sign_in_counters (key, failures, lockouts, locked_until, last_at) \
                   VALUES ($1, 0, 0, NULL, $2) ON CONFLICT (key) DO UPDATE SET failures = sign_in_counters.failures \
                   RETURNING failures, lockouts, locked_until, last_at";
        self.one(query!(sql, key, now), count).await?.ok_or_else(|| corrupt("sign_in_counters"))
    }

    async fn set_sign_in_counter(&mut self, key: &str, c: &AttemptCount) -> Result<(), StoreError> {
        let sql = "UPDATE sign_in_counters SET failures = $2, lockouts = $3, locked_until = $4, last_at = $5 \
                   WHERE key = $1";
        self.run(query!(sql, key, c.failures, c.lockouts, c.locked_until, c.last_at)).await.map(drop)
    }

    async fn clear_sign_in_counter(&mut self, key: &str) -> Result<bool, StoreError> {
        Ok(self.run(query!("DELETE FROM sign_in_counters WHERE key = $1", key)).await? > 0)
    }

    async fn second_factor(&mut self, user: UserId) -> Result<Option<SecondFactor>, StoreError> {
        self.one(query!("SELECT * FROM second_factors WHERE user_id = $1", user), second_factor).await
    }

    async fn put_second_factor(&mut self, f: &SecondFactor) -> Result<(), StoreError> {
        let sql = "INSERT INTO second_factors (user_id, sealed_secret, created_at, confirmed_at, last_step) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET \
                   sealed_secret = excluded.sealed_secret, created_at = excluded.created_at, \
                   confirmed_at = excluded.confirmed_at, last_step = excluded.last_step";
        let insert = query!(sql, f.user_id, f.sealed_secret.as_str(), f.created_at, f.confirmed_at, f.last_step);
        self.run(insert).await.map(drop)
    }

    async fn use_totp_step(&mut self, user: UserId, step: i64) -> Result<bool, StoreError> {
        let sql = "UPDATE second_factors SET last_step = $2 WHERE user_id = $1 \
                   AND (last_step IS NULL OR last_step < $2)";
        Ok(self.run(query!(sql, user, step)).await? == 1)
    }

    async fn delete_second_factor(&mut self, user: UserId) -> Result<bool, StoreError> {
        self.run(query!("DELETE FROM recovery_codes WHERE user_id = $1", user)).await?;
        Ok(self.run(query!("DELETE FROM second_factors WHERE user_id = $1", user)).await? > 0)
    }

    async fn insert_recovery_codes(&mut self, user: UserId, hashes: &[String]) -> Result<(), StoreError> {
        for hash in hashes {
            let sql = "INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)";
            self.run(query!(sql, user, hash.as_str())).await?;
        }
        Ok(())
    }

    async fn use_recovery_code(&mut self, user: UserId, hash: &str, at: Timestamp) -> Result<bool, StoreError> {
        let sql = "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL";
        Ok(self.run(query!(sql, user, hash, at)).await? == 1)
    }

    async fn recovery_codes_left(&mut self, user: UserId) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) AS left_over FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL";
        let left = self.one(query!(sql, user), |row| int(row, "left_over")).await?;
        Ok(left.unwrap_or(0))
    }

    async fn agency_users(&mut self, agency: AgencyId) -> Result<Vec<(User, bool)>, StoreError> {
        let sql = "SELECT u.*, f.confirmed_at FROM users u LEFT JOIN second_factors f ON f.user_id = u.id \
                   WHERE u.agency_id = $1 ORDER BY u.name, u.id";
        self.all(query!(sql, agency), |row| Ok((rows::user(row)?, row.time("confirmed_at")?.is_some()))).await
    }

    async fn delete_sessions_of(&mut self, user: UserId) -> Result<(), StoreError> {
        self.run(query!("DELETE FROM sessions WHERE user_id = $1", user)).await.map(drop)
    }
}
