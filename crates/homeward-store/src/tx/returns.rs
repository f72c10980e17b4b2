//! The returns' read: the key figures' row of each episode of a period, and what the returns councils owe and the
//! research extract add to it, in one streamed query led by the same scope share as the figures.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::authz::Scope;
use homeward_core::domain::episode::{LaCategory, MissingFrom};
use homeward_core::domain::ids::{AgencyId, EpisodeId};
use homeward_core::domain::person::Sex;
use homeward_core::domain::returns::ReturnRow;
use homeward_core::domain::text::Postcode;
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::ReturnsTx;

use super::SqlTx;
use super::reads::FIGURES_COLUMNS;
use crate::dialect::{Dialect, Row};
use crate::rows::{required, stats_row};
use crate::scope;
use crate::value::query;

#[async_trait]
impl<D: Dialect> ReturnsTx for SqlTx<D> {
    async fn return_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        council: Option<AgencyId>,
        each: &mut (dyn FnMut(ReturnRow) + Send),
    ) -> Result<(), StoreError> {
        let hint = Self::figures_hint(&mut self.conn, scope, from, until).await?;
        let (condition, scope_id) = scope::share::<D>(scope);
        // The first sixteen columns are the key figures' row, in its order, so the figures' decoder reads them and
        // every count a return shows is defined once. The council's reference is its own id for the child.
        let sql = format!(
            "SELECT {FIGURES_COLUMNS}, e.id AS episode_id, \
             (SELECT MIN(r.ref) FROM person_refs r WHERE r.person_id = e.person_id AND r.agency_id = $4) AS council_ref, \
             p.sex, p.responsible_la_id, e.area_la_id, e.la_category, e.missing_from, e.found_postcode, \
             (SELECT u.agency_id FROM users u WHERE u.id = i.practitioner_id) AS provider_id \
             FROM episodes e {hint} JOIN people p ON p.id = e.person_id \
             LEFT JOIN return_interviews i ON i.episode_id = e.id AND i.statutory \
             WHERE e.went_missing_at >= $2 AND e.went_missing_at < $3 AND {condition} \
             ORDER BY e.went_missing_at, e.id"
        );
        D::stream_large(&mut self.conn, query!(sql, scope_id, from, until, council), return_row, each).await
    }
}

/// A row of the returns' query, read by position after the figures' sixteen columns: episode_id, council_ref, sex,
/// responsible_la_id, area_la_id, la_category, missing_from, found_postcode, provider_id.
fn return_row(row: &impl Row) -> Result<ReturnRow, StoreError> {
    Ok(ReturnRow {
        stats: stats_row(row)?,
        episode_id: required(row.parsed(16, EpisodeId::parse)?, "episode_id")?,
        council_ref: row.text(17)?,
        sex: required(row.parsed(18, Sex::parse)?, "sex")?,
        responsible_la_id: row.parsed(19, AgencyId::parse)?,
        area_la_id: row.parsed(20, AgencyId::parse)?,
        la_category: row.parsed(21, LaCategory::parse)?,
        missing_from: required(row.parsed(22, MissingFrom::parse)?, "missing_from")?,
        found_postcode: row.parsed(23, Postcode::parse)?,
        interview_provider_id: row.parsed(24, AgencyId::parse)?,
    })
}
