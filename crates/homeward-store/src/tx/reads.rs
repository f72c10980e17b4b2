//! The reads that page, count or sweep: episode and interview lists, the home page's counts, the key figures' rows.

use homeward_core::domain::episode::{CaseCounts, EpisodeListing, EpisodeOrder, EpisodeQuery, EpisodeStatus};
use homeward_core::domain::ids::{AgencyId, EpisodeId, ReturnInterviewId};
use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus, ReturnInterview};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::domain::stats::StatsRow;
use homeward_core::domain::time::Timestamp;
use homeward_core::{Scope, StoreError};

use super::{EPISODE_SELECT, INTERVIEW_FROM, SqlTx};
use crate::dialect::{Dialect, Row, SqlType, corrupt};
use crate::rows;
use crate::scope;
use crate::value::query;

impl<D: Dialect> SqlTx<D> {
    pub(super) async fn episode_page(
        &mut self,
        scope: Scope,
        query: &EpisodeQuery,
    ) -> Result<Vec<EpisodeListing>, StoreError> {
        let (condition, scope_id) = scope::episode::<D>(scope);
        let (after, direction) = match query.order {
            EpisodeOrder::NewestFirst => ("<", "DESC"),
            EpisodeOrder::OldestFirst => (">", "ASC"),
        };
        let sql = format!(
            "{EPISODE_SELECT} WHERE {condition} \
             AND ({} OR e.status = $2) \
             AND ({} OR e.joint_grade = $3) \
             AND ({} OR e.recorded_by_agency_id = $4 OR e.police_force_id = $4 OR e.area_la_id = $4) \
             AND ({} OR (e.went_missing_at, e.id) {after} ($5, $6)) \
             ORDER BY e.went_missing_at {direction}, e.id {direction} LIMIT $7",
            D::param_is_null(2, SqlType::Text),
            D::param_is_null(3, SqlType::Text),
            D::param_is_null(4, SqlType::Text),
            D::param_is_null(5, SqlType::Time),
        );
        let page = query!(
            sql,
            scope_id,
            query.status.map(EpisodeStatus::as_str),
            query.risk.map(RiskGrade::as_str),
            query.agency_id,
            query.after.map(|c| c.went_missing_at),
            query.after.map(|c| c.id),
            query.limit,
        );
        self.all(page, rows::episode_listing).await
    }

    pub(super) async fn counts(&mut self, scope: Scope, now: Timestamp) -> Result<CaseCounts, StoreError> {
        let (condition, scope_id) = scope::episode::<D>(scope);
        let episodes = format!("FROM episodes e JOIN people p ON p.id = e.person_id WHERE {condition}");
        let interviews =
            format!("{INTERVIEW_FROM} WHERE {condition} AND i.statutory AND i.status IN ('due', 'assigned')");
        let sql = format!(
            "SELECT (SELECT COUNT(*) {episodes} AND e.status = 'missing'), \
                    (SELECT COUNT(*) {episodes} AND e.status = 'missing' AND e.review_due_at <= $2), \
                    (SELECT COUNT(*) {interviews}), \
                    (SELECT COUNT(*) {interviews} AND i.due_at < $2), \
                    (SELECT COUNT(*) FROM recommendations r WHERE r.owner_agency_id = $1 AND r.decision IS NULL)"
        );
        let row = D::fetch_optional(&mut self.conn, query!(sql, scope_id, now)).await?.ok_or_else(|| corrupt(0))?;
        let count = |i: usize| -> Result<i64, StoreError> { Ok(row.int(i)?.unwrap_or(0)) };
        Ok(CaseCounts {
            missing_now: count(0)?,
            reviews_due: count(1)?,
            interviews_open: count(2)?,
            interviews_overdue: count(3)?,
            recommendations_open: count(4)?,
        })
    }

    pub(super) async fn interview_page(
        &mut self,
        scope: Scope,
        filter: InterviewFilter,
        now: Timestamp,
    ) -> Result<Vec<ReturnInterview>, StoreError> {
        let (condition, scope_id) = scope::episode::<D>(scope);
        let sql = format!(
            "SELECT i.* {INTERVIEW_FROM} WHERE {condition} AND ({} OR i.status = $2) \
             AND (NOT $3 OR (i.statutory AND i.status IN ('due', 'assigned') AND i.due_at < $4)) \
             AND ({} OR i.practitioner_id = $5) \
             ORDER BY i.due_at, i.id LIMIT 500",
            D::param_is_null(2, SqlType::Text),
            D::param_is_null(5, SqlType::Text),
        );
        let page = query!(
            sql,
            scope_id,
            filter.status.map(InterviewStatus::as_str),
            filter.overdue,
            now,
            scope::practitioner_only(scope),
        );
        self.all(page, rows::return_interview).await
    }

    pub(super) async fn overdue_of_council(
        &mut self,
        council: AgencyId,
        now: Timestamp,
    ) -> Result<Vec<(ReturnInterviewId, EpisodeId)>, StoreError> {
        let sql = format!(
            "SELECT i.id, i.episode_id {INTERVIEW_FROM} \
             WHERE i.status IN ('due', 'assigned') AND i.due_at < $2 AND i.statutory \
             AND (p.responsible_la_id = $1 OR (p.responsible_la_id IS NULL AND e.area_la_id = $1)) \
             ORDER BY i.due_at, i.id LIMIT 1000"
        );
        self.all(query!(sql, council, now), |row| {
            let interview = row.parsed("id", ReturnInterviewId::parse)?.ok_or_else(|| corrupt("id"))?;
            let episode = row.parsed("episode_id", EpisodeId::parse)?.ok_or_else(|| corrupt("episode_id"))?;
            Ok((interview, episode))
        })
        .await
    }

    pub(super) async fn figures_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<StatsRow>, StoreError> {
        let hint = D::period_scan_hint(&mut self.conn, from, until).await?;
        let (condition, scope_id) = scope::episode::<D>(scope);
        // One statutory interview per episode: the return creates it once, and a covered episode keeps its own.
        let sql = format!(
            "SELECT e.person_id, p.date_of_birth, p.looked_after, e.went_missing_at, e.returned_at, e.return_outcome, \
             e.joint_grade, e.cse_concern, e.cce_concern, i.status AS interview_status, i.offered_at, i.completed_at \
             FROM episodes e {hint} JOIN people p ON p.id = e.person_id \
             LEFT JOIN return_interviews i ON i.episode_id = e.id AND i.statutory \
             WHERE e.went_missing_at >= $2 AND e.went_missing_at < $3 AND {condition}"
        );
        let rows = D::fetch_large(&mut self.conn, query!(sql, scope_id, from, until)).await?;
        rows.iter().map(rows::stats_row).collect()
    }
}
