//! What follows a report (issue 17): the review of a legacy "absent" episode (columns of `episode_refs`), the
//! Philomena Protocol's part 2 (`missing_descriptions`), profile versions page by page, and the long-term missing
//! register (`long_term_entries`, `long_term_reviews`).

use async_trait::async_trait;
use homeward_core::domain::ids::{AgencyId, EpisodeId, LongTermReviewId, PersonId, UserId};
use homeward_core::domain::legacy::{LegacyAbsent, LegacyAbsentReview};
use homeward_core::domain::long_term::{LongTermEntry, LongTermListing, LongTermReview, ReviewInterval};
use homeward_core::domain::paging::Paging;
use homeward_core::domain::profile::{MissingDescription, Profile};
use homeward_core::domain::text::{DisplayName, FreeText, Reference};
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::{FollowUpTx, LongTermQuery};
use homeward_core::{Scope, StoreError};

use super::SqlTx;
use crate::dialect::{Dialect, Row, SqlType, corrupt};
use crate::rows::{self, int, parsed, parsed_opt, timestamp};
use crate::scope;
use crate::value::query;

/// The entry's columns, each named `lt_*` so they sit beside an episode's own in one row.
const ENTRY_COLUMNS: &str = "lt.episode_id AS lt_episode_id, lt.liaison_officer AS lt_liaison_officer, \
     lt.liaison_contact AS lt_liaison_contact, lt.last_contact_on AS lt_last_contact_on, \
     lt.review_interval_days AS lt_review_interval_days, lt.mpu_referred_on AS lt_mpu_referred_on, \
     lt.mpu_reference AS lt_mpu_reference, lt.guardianship_order_on AS lt_guardianship_order_on, \
     lt.guardian AS lt_guardian, lt.updated_by AS lt_updated_by, lt.updated_at AS lt_updated_at";

/// The latest review's date of the episode `e`.
const LAST_REVIEW: &str =
    "(SELECT MAX(r.reviewed_on) FROM long_term_reviews r WHERE r.episode_id = e.id) AS last_reviewed_on";

fn legacy_absent(row: &impl Row) -> Result<LegacyAbsent, StoreError> {
    let review = match parsed_opt(row, "absent_reviewed_by", UserId::parse)? {
        None => None,
        Some(reviewed_by) => Some(LegacyAbsentReview {
            reviewed_by,
            reviewed_at: timestamp(row, "absent_reviewed_at")?,
            note: parsed_opt(row, "absent_review_note", FreeText::parse)?,
        }),
    };
    Ok(LegacyAbsent { review })
}

fn missing_description(row: &impl Row) -> Result<MissingDescription, StoreError> {
    Ok(MissingDescription {
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        clothing: parsed(row, "clothing", FreeText::parse)?,
        last_seen: parsed(row, "last_seen", FreeText::parse)?,
        recorded_by: parsed(row, "recorded_by", UserId::parse)?,
        recorded_at: timestamp(row, "recorded_at")?,
    })
}

/// The entry of a row read with [`ENTRY_COLUMNS`], if the episode has one.
fn entry(row: &impl Row) -> Result<Option<LongTermEntry>, StoreError> {
    let Some(episode_id) = parsed_opt(row, "lt_episode_id", EpisodeId::parse)? else { return Ok(None) };
    let interval = ReviewInterval::from_days(int(row, "lt_review_interval_days")?)
        .map_err(|_| corrupt("lt_review_interval_days"))?;
    Ok(Some(LongTermEntry {
        episode_id,
        liaison_officer: parsed_opt(row, "lt_liaison_officer", DisplayName::parse)?,
        liaison_contact: parsed_opt(row, "lt_liaison_contact", FreeText::parse)?,
        last_contact_on: row.date("lt_last_contact_on")?,
        review_interval: interval,
        mpu_referred_on: row.date("lt_mpu_referred_on")?,
        mpu_reference: parsed_opt(row, "lt_mpu_reference", Reference::parse)?,
        guardianship_order_on: row.date("lt_guardianship_order_on")?,
        guardian: parsed_opt(row, "lt_guardian", DisplayName::parse)?,
        updated_by: parsed(row, "lt_updated_by", UserId::parse)?,
        updated_at: timestamp(row, "lt_updated_at")?,
    }))
}

fn listing(row: &impl Row) -> Result<LongTermListing, StoreError> {
    Ok(LongTermListing {
        listing: rows::episode_listing(row)?,
        responsible_la_id: parsed_opt(row, "responsible_la_id", AgencyId::parse)?,
        entry: entry(row)?,
        last_reviewed_on: row.date("last_reviewed_on")?,
    })
}

fn review(row: &impl Row) -> Result<LongTermReview, StoreError> {
    Ok(LongTermReview {
        id: parsed(row, "id", LongTermReviewId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        reviewed_on: rows::required(row.date("reviewed_on")?, "reviewed_on")?,
        summary: parsed(row, "summary", FreeText::parse)?,
        reviewed_by: parsed(row, "reviewed_by", UserId::parse)?,
        recorded_at: timestamp(row, "recorded_at")?,
    })
}

fn opt_text<T: AsRef<str>>(value: Option<&T>) -> Option<String> {
    value.map(|v| v.as_ref().to_owned())
}

#[async_trait]
impl<D: Dialect> FollowUpTx for SqlTx<D> {
    async fn legacy_absent(&mut self, episode: EpisodeId) -> Result<Option<LegacyAbsent>, StoreError> {
        let sql = "SELECT absent_reviewed_by, absent_reviewed_at, absent_review_note FROM episode_refs \
                   WHERE episode_id = $1 AND legacy_absent";
        self.one(query!(sql, episode), legacy_absent).await
    }

    async fn review_legacy_absent(
        &mut self,
        episode: EpisodeId,
        review: &LegacyAbsentReview,
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE episode_refs SET absent_reviewed_by = $1, absent_reviewed_at = $2, absent_review_note = $3 \
                   WHERE episode_id = $4 AND legacy_absent AND absent_reviewed_by IS NULL";
        let note = opt_text(review.note.as_ref());
        Ok(self.run(query!(sql, review.reviewed_by, review.reviewed_at, note, episode)).await? == 1)
    }

    async fn missing_description(&mut self, episode: EpisodeId) -> Result<Option<MissingDescription>, StoreError> {
        let sql = "SELECT * FROM missing_descriptions WHERE episode_id = $1";
        self.one(query!(sql, episode), missing_description).await
    }

    async fn save_missing_description(&mut self, d: &MissingDescription) -> Result<(), StoreError> {
        let sql = "INSERT INTO missing_descriptions (episode_id, clothing, last_seen, recorded_by, recorded_at) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (episode_id) DO UPDATE SET clothing = excluded.clothing, \
                   last_seen = excluded.last_seen, recorded_by = excluded.recorded_by, \
                   recorded_at = excluded.recorded_at";
        let save = query!(sql, d.episode_id, d.clothing.as_str(), d.last_seen.as_str(), d.recorded_by, d.recorded_at);
        self.run(save).await.map(drop)
    }

    async fn profile_version_page(
        &mut self,
        person: PersonId,
        paging: &Paging<i64, PersonId>,
    ) -> Result<Vec<Profile>, StoreError> {
        let sql = "SELECT * FROM profiles WHERE person_id = $1 AND version < $2 ORDER BY version DESC LIMIT $3";
        // No cursor: every version is below the largest number there is.
        let before = paging.after.map_or(i64::MAX, |c| c.key);
        self.all(query!(sql, person, before, paging.limit), rows::profile).await
    }

    async fn profile_version(&mut self, person: PersonId, version: i64) -> Result<Option<Profile>, StoreError> {
        let sql = "SELECT * FROM profiles WHERE person_id = $1 AND version = $2";
        self.one(query!(sql, person, version), rows::profile).await
    }

    async fn long_term_listings(
        &mut self,
        scope: Scope,
        q: &LongTermQuery,
    ) -> Result<Vec<LongTermListing>, StoreError> {
        let (condition, scope_id) = scope::share::<D>(scope);
        let sql = format!(
            "SELECT e.*, p.given_name, p.family_name, p.date_of_birth, p.responsible_la_id, {ENTRY_COLUMNS}, {LAST_REVIEW} \
             FROM episodes e JOIN people p ON p.id = e.person_id \
             LEFT JOIN long_term_entries lt ON lt.episode_id = e.id \
             WHERE {condition} AND e.status = 'missing' AND e.went_missing_at <= $2 \
             AND ({} OR p.responsible_la_id = $3) \
             AND ({} OR (e.went_missing_at, e.id) > ($4, $5)) \
             ORDER BY e.went_missing_at, e.id LIMIT $6",
            D::param_is_null(3, SqlType::Text),
            D::param_is_null(4, SqlType::Time),
        );
        let after = q.paging.after;
        let list = query!(
            sql,
            scope_id,
            q.went_missing_by,
            q.responsible_la,
            after.map(|c| c.key),
            after.map(|c| c.id),
            q.paging.limit
        );
        self.all(list, listing).await
    }

    async fn long_term_entry(&mut self, episode: EpisodeId) -> Result<Option<LongTermEntry>, StoreError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM long_term_entries lt WHERE lt.episode_id = $1");
        Ok(self.one(query!(sql, episode), entry).await?.flatten())
    }

    async fn save_long_term_entry(&mut self, e: &LongTermEntry) -> Result<(), StoreError> {
        let sql = "INSERT INTO long_term_entries (episode_id, liaison_officer, liaison_contact, last_contact_on, \
                   review_interval_days, mpu_referred_on, mpu_reference, guardianship_order_on, guardian, updated_by, \
                   updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                   ON CONFLICT (episode_id) DO UPDATE SET liaison_officer = excluded.liaison_officer, \
                   liaison_contact = excluded.liaison_contact, last_contact_on = excluded.last_contact_on, \
                   review_interval_days = excluded.review_interval_days, mpu_referred_on = excluded.mpu_referred_on, \
                   mpu_reference = excluded.mpu_reference, guardianship_order_on = excluded.guardianship_order_on, \
                   guardian = excluded.guardian, updated_by = excluded.updated_by, updated_at = excluded.updated_at";
        let save = query!(
            sql,
            e.episode_id,
            opt_text(e.liaison_officer.as_ref()),
            opt_text(e.liaison_contact.as_ref()),
            e.last_contact_on,
            i64::from(e.review_interval.days()),
            e.mpu_referred_on,
            opt_text(e.mpu_reference.as_ref()),
            e.guardianship_order_on,
            opt_text(e.guardian.as_ref()),
            e.updated_by,
            e.updated_at
        );
        self.run(save).await.map(drop)
    }

    async fn long_term_reviews(&mut self, episode: EpisodeId) -> Result<Vec<LongTermReview>, StoreError> {
        let sql = "SELECT * FROM long_term_reviews WHERE episode_id = $1 ORDER BY reviewed_on DESC, recorded_at DESC";
        self.all(query!(sql, episode), review).await
    }

    async fn insert_long_term_review(&mut self, r: &LongTermReview) -> Result<(), StoreError> {
        let sql = "INSERT INTO long_term_reviews (id, episode_id, reviewed_on, summary, reviewed_by, recorded_at) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        let insert = query!(sql, r.id, r.episode_id, r.reviewed_on, r.summary.as_str(), r.reviewed_by, r.recorded_at);
        self.run(insert).await.map(drop)
    }

    async fn long_term_sweep(&mut self, went_missing_by: Timestamp) -> Result<Vec<LongTermListing>, StoreError> {
        let sql = format!(
            "SELECT e.*, p.given_name, p.family_name, p.date_of_birth, p.responsible_la_id, {ENTRY_COLUMNS}, {LAST_REVIEW} \
             FROM episodes e JOIN people p ON p.id = e.person_id LEFT JOIN long_term_entries lt ON lt.episode_id = e.id \
             WHERE e.status = 'missing' AND e.went_missing_at <= $1 ORDER BY e.went_missing_at, e.id"
        );
        self.all(query!(sql, went_missing_by), listing).await
    }
}
