//! The reads that page, count or sweep: the episode, interview, recommendation and alert lists, the home page's counts,
//! the sweeps for alerts, the key figures' rows.

use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::alert::{Alert, AlertCount, AlertFilter, AlertKind};
use homeward_core::domain::episode::{
    CaseCounts, CaseCountsQuery, Episode, EpisodeListing, EpisodeOrder, EpisodeQuery, EpisodeStatus,
};
use homeward_core::domain::ids::{AgencyId, EpisodeId, ReturnInterviewId, UserId};
use homeward_core::domain::paging::Paging;
use homeward_core::domain::return_interview::{
    InterviewCouncils, InterviewPaging, InterviewSelection, Recommendation, RecommendationPaging, ReturnInterview,
};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::domain::stats::StatsRow;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Role, User};
use homeward_core::{Scope, StoreError};

use super::SqlTx;
use super::sql_tx::{EPISODE_SELECT, INTERVIEW_FROM};
use crate::dialect::{Dialect, Row, SqlType, corrupt};
use crate::rows;
use crate::scope;
use crate::value::{Query, Value, query};

impl<D: Dialect> SqlTx<D> {
    /// How many audit events of this action name this target since `since`.
    pub(super) async fn audit_count(
        &mut self,
        action: homeward_core::domain::audit::AuditAction,
        target_id: &str,
        since: Timestamp,
    ) -> Result<i64, StoreError> {
        // `at` is the sealed text form, fixed-width UTC, on both databases: comparing it as text compares it in time.
        let sql = "SELECT COUNT(*) FROM audit_events WHERE action = $1 AND target_id = $2 AND at >= $3";
        let row =
            D::fetch_optional(&mut self.conn, query!(sql, action.as_str(), target_id, since.to_rfc3339())).await?;
        Ok(row.map(|row| row.int(0)).transpose()?.flatten().unwrap_or(0))
    }

    /// One interview within scope (a practitioner's: only theirs).
    pub(super) async fn interview_in_scope(
        &mut self,
        id: ReturnInterviewId,
        scope: Scope,
    ) -> Result<Option<ReturnInterview>, StoreError> {
        let (condition, scope_id) = scope::episode::<D>(scope);
        let practitioner = D::param_is_null(3, SqlType::Text);
        let sql = format!(
            "SELECT i.* {INTERVIEW_FROM} WHERE {condition} AND i.id = $2 AND ({practitioner} OR i.practitioner_id = $3)"
        );
        self.one(query!(sql, scope_id, id, scope::practitioner_only(scope)), rows::return_interview).await
    }

    /// Whether a record of an audit target kind exists, whoever may see it: for auditing a refused attempt.
    pub(super) async fn exists(&mut self, kind: &str, id: &str) -> Result<Option<bool>, StoreError> {
        let table = match kind {
            "episode" => "episodes",
            "person" => "people",
            "return_interview" => "return_interviews",
            "recommendation" => "recommendations",
            "alert" => "alerts",
            "placement" => "placements",
            "link_proposal" => "person_link_proposals",
            "context" => "contexts",
            "place" => "places",
            "associate" => "associates",
            _ => return Ok(None),
        };
        let sql = format!("SELECT id FROM {table} WHERE id = $1");
        Ok(Some(D::fetch_optional(&mut self.conn, query!(sql, id)).await?.is_some()))
    }

    pub(super) async fn episode_page(
        &mut self,
        scope: Scope,
        query: &EpisodeQuery,
    ) -> Result<Vec<EpisodeListing>, StoreError> {
        self.all(Self::episode_page_query(scope, query), rows::episode_listing).await
    }

    /// One page of the episodes within scope that `query` picks, in its order.
    pub(crate) fn episode_page_query(scope: Scope, query: &EpisodeQuery) -> Query {
        let (condition, scope_id) = scope::share::<D>(scope);
        let (after, direction) = match query.order {
            EpisodeOrder::NewestFirst => ("<", "DESC"),
            EpisodeOrder::OldestFirst => (">", "ASC"),
        };
        let sql = format!(
            "{EPISODE_SELECT} WHERE {condition} \
             AND ({} OR e.status = $2) \
             AND ({} OR e.joint_grade = $3) \
             AND ({} OR EXISTS (SELECT 1 FROM agencies a WHERE a.code = $4 \
                 AND a.id IN (e.recorded_by_agency_id, e.police_force_id, e.area_la_id))) \
             AND ({} OR (e.went_missing_at, e.id) {after} ($5, $6)) \
             AND ({} OR e.id IN (SELECT r.episode_id FROM episode_refs r WHERE r.legacy_absent \
                 AND r.absent_reviewed_by IS NULL)) \
             ORDER BY e.went_missing_at {direction}, e.id {direction} LIMIT $7",
            D::param_is_null(2, SqlType::Text),
            D::param_is_null(3, SqlType::Text),
            D::param_is_null(4, SqlType::Text),
            D::param_is_null(5, SqlType::Time),
            D::param_is_null(8, SqlType::Text),
        );
        query!(
            sql,
            scope_id,
            query.status.map(EpisodeStatus::as_str),
            query.risk.map(RiskGrade::as_str),
            query.agency.as_ref().map(AgencyCode::as_str),
            query.after.map(|c| c.key),
            query.after.map(|c| c.id),
            query.limit,
            query.legacy_absent.then_some("awaiting review"),
        )
    }

    pub(super) async fn counts(&mut self, scope: Scope, query: &CaseCountsQuery) -> Result<CaseCounts, StoreError> {
        // Each count is led by an index over what is open now (episodes still missing, interviews awaiting work),
        // which is small whatever the year's volume; testing those rows one by one costs less than computing the
        // scope's share four times.
        let (condition, scope_id) = scope::episode::<D>(scope);
        let episodes = format!("FROM episodes e JOIN people p ON p.id = e.person_id WHERE {condition}");
        let mut times = Vec::new();
        let mut interviews =
            |selection| format!("{INTERVIEW_FROM} WHERE {condition} AND {}", picked(selection, 2, &mut times));
        let (open, overdue) = (interviews(&query.interviews_open), interviews(&query.interviews_overdue));
        let sql = format!(
            "SELECT (SELECT COUNT(*) {episodes} AND e.status = 'missing'), \
                    (SELECT COUNT(*) {episodes} AND e.status = 'missing' AND e.review_due_at <= $2), \
                    (SELECT COUNT(*) {open}), \
                    (SELECT COUNT(*) {overdue}), \
                    (SELECT COUNT(*) FROM recommendations r WHERE r.owner_agency_id = $1 AND r.decision IS NULL)"
        );
        let counts = times.into_iter().fold(query!(sql, scope_id, query.reviews_due_by), Query::bind);
        let row = D::fetch_optional(&mut self.conn, counts).await?.ok_or_else(|| corrupt(0))?;
        let count = |i: usize| -> Result<i64, StoreError> { Ok(row.int(i)?.unwrap_or(0)) };
        Ok(CaseCounts {
            missing_now: count(0)?,
            reviews_due: count(1)?,
            interviews_open: count(2)?,
            interviews_overdue: count(3)?,
            recommendations_open: count(4)?,
        })
    }

    /// The interviews of episodes within scope (a practitioner's: only theirs) that `selection` picks, soonest due
    /// first, one page of them when `paging` is given, as `select` columns: `$1` is the scope's id, `$2` the
    /// practitioner's, the selection's times follow, then the cursor and the limit.
    fn picked_interviews(
        scope: Scope,
        select: &str,
        selection: &InterviewSelection,
        paging: Option<&InterviewPaging>,
    ) -> Query {
        let (condition, scope_id) = scope::share::<D>(scope);
        let mut times = Vec::new();
        let picked = picked(selection, 2, &mut times);
        let page = paged::<D>(paging.is_some(), 3 + times.len(), "i.due_at", "i.id");
        let sql = format!(
            "SELECT {select} {INTERVIEW_FROM} WHERE {condition} AND {picked} AND ({} OR i.practitioner_id = $2){page}",
            D::param_is_null(2, SqlType::Text),
        );
        let query = times.into_iter().fold(query!(sql, scope_id, scope::practitioner_only(scope)), Query::bind);
        bind_page(query, paging)
    }

    pub(super) async fn interview_page(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
        paging: &InterviewPaging,
    ) -> Result<Vec<ReturnInterview>, StoreError> {
        self.all(Self::picked_interviews(scope, "i.*", selection, Some(paging)), rows::return_interview).await
    }

    pub(super) async fn recommendation_page(
        &mut self,
        agency: AgencyId,
        open_only: bool,
        paging: Option<&RecommendationPaging>,
    ) -> Result<Vec<Recommendation>, StoreError> {
        let page = paged::<D>(paging.is_some(), 3, "due_on", "id");
        let sql =
            format!("SELECT * FROM recommendations WHERE owner_agency_id = $1 AND (NOT $2 OR decision IS NULL){page}");
        self.all(bind_page(query!(sql, agency, open_only), paging), rows::recommendation).await
    }

    pub(super) async fn alert_page(
        &mut self,
        agency: AgencyId,
        filter: &AlertFilter,
    ) -> Result<Vec<Alert>, StoreError> {
        let paging = filter.page.as_ref();
        let page = paged_in::<D>(paging.is_some(), 3, "raised_at", "id", filter.newest_first);
        let sql = format!(
            "SELECT * FROM alerts WHERE agency_id = $1 AND acknowledged_at IS NULL AND ({} OR kind = $2){page}",
            D::param_is_null(2, SqlType::Text)
        );
        let alerts = query!(sql, agency, filter.kind.map(AlertKind::as_str));
        self.all(bind_page(alerts, paging), rows::alert).await
    }

    pub(super) async fn alert_counts(&mut self, agency: AgencyId) -> Result<Vec<AlertCount>, StoreError> {
        let sql = "SELECT kind, COUNT(*) AS n FROM alerts WHERE agency_id = $1 AND acknowledged_at IS NULL \
                   GROUP BY kind ORDER BY kind";
        self.all(query!(sql, agency), |row| {
            Ok(AlertCount {
                kind: row.parsed("kind", AlertKind::parse)?.ok_or_else(|| corrupt("kind"))?,
                count: row.int(1)?.unwrap_or(0),
            })
        })
        .await
    }

    pub(super) async fn councils_of_interviews(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
    ) -> Result<Vec<InterviewCouncils>, StoreError> {
        let select = "i.id, i.episode_id, p.responsible_la_id, e.area_la_id, i.due_at";
        self.all(Self::picked_interviews(scope, select, selection, None), |row| {
            Ok(InterviewCouncils {
                interview_id: row.parsed("id", ReturnInterviewId::parse)?.ok_or_else(|| corrupt("id"))?,
                episode_id: row.parsed("episode_id", EpisodeId::parse)?.ok_or_else(|| corrupt("episode_id"))?,
                responsible_la_id: row.parsed("responsible_la_id", AgencyId::parse)?,
                area_la_id: row.parsed("area_la_id", AgencyId::parse)?,
                due_at: row.time("due_at")?.ok_or_else(|| corrupt("due_at"))?,
            })
        })
        .await
    }

    /// Every episode within scope whose person is still missing, for the alerts time brings.
    pub(super) async fn missing_sweep(&mut self, scope: Scope) -> Result<Vec<Episode>, StoreError> {
        // Led by the index of episodes still missing, a few thousand nationally, each tested for scope.
        let (condition, scope_id) = scope::episode::<D>(scope);
        let sql =
            format!("{EPISODE_SELECT} WHERE e.status = 'missing' AND {condition} ORDER BY e.went_missing_at, e.id");
        self.all(query!(sql, scope_id), rows::episode).await
    }

    /// Everyone who has worked the episode, each once: its risk assessors, the recorder of its return, of its safe
    /// and well check, and of changes to its council category.
    pub(super) async fn workers(&mut self, episode: EpisodeId) -> Result<Vec<UserId>, StoreError> {
        let sql = "SELECT assessed_by AS user_id FROM risk_assessments WHERE episode_id = $1 \
             UNION SELECT returned_by FROM episodes WHERE id = $1 AND returned_by IS NOT NULL \
             UNION SELECT recorded_by FROM safe_and_well_checks WHERE episode_id = $1 \
             UNION SELECT changed_by FROM la_category_changes WHERE episode_id = $1 \
             ORDER BY user_id";
        self.all(query!(sql, episode), |row| row.parsed("user_id", UserId::parse)?.ok_or_else(|| corrupt("user_id")))
            .await
    }

    /// Every active user holding one of these roles, by name.
    pub(super) async fn users_in_roles(&mut self, roles: &[Role]) -> Result<Vec<User>, StoreError> {
        let sql = format!(
            "SELECT * FROM users WHERE active AND {} ORDER BY name, id",
            one_of("role", roles.iter().map(|r| r.as_str()))
        );
        self.all(query!(sql), rows::user).await
    }

    pub(super) async fn figures_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        each: &mut (dyn FnMut(StatsRow) + Send),
    ) -> Result<(), StoreError> {
        let hint = Self::figures_hint(&mut self.conn, scope, from, until).await?;
        D::stream_large(&mut self.conn, Self::figures_query(hint, scope, from, until), rows::stats_row, each).await
    }

    /// How the figures read the episodes of the period: for everyone's, as the period's share of them says; for a
    /// scope, always through the index on their ids, since its share of episodes leads the query.
    pub(crate) async fn figures_hint(
        conn: &mut D::Conn,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<&'static str, StoreError> {
        match scope {
            Scope::All => D::period_scan_hint(conn, from, until).await,
            _ => Ok(""),
        }
    }

    /// The key figures' rows of the episodes within scope that went missing in the period, the episodes read as
    /// `hint` says.
    pub(crate) fn figures_query(hint: &str, scope: Scope, from: Timestamp, until: Timestamp) -> Query {
        let (condition, scope_id) = scope::share::<D>(scope);
        // One statutory interview per episode: the return creates it once, and a covered episode keeps its own. A
        // record joined by confirmed links to records with smaller ids is counted as the smallest (issue 14), so
        // the linked records are one individual.
        let sql = format!(
            "SELECT {FIGURES_COLUMNS} FROM episodes e {hint} JOIN people p ON p.id = e.person_id \
             LEFT JOIN return_interviews i ON i.episode_id = e.id AND i.statutory \
             WHERE e.went_missing_at >= $2 AND e.went_missing_at < $3 AND {condition}"
        );
        query!(sql, scope_id, from, until)
    }
}

/// The key figures' row of an episode `e` of person `p` with its statutory interview `i`, in the order
/// `rows::stats_row` reads them by position: the figures and every return built on them count from these alone.
pub(super) const FIGURES_COLUMNS: &str = "COALESCE((SELECT pc.canonical_id FROM person_canonical pc \
    WHERE pc.person_id = e.person_id), e.person_id) AS person_id, \
    p.date_of_birth, p.looked_after, e.went_missing_at, e.returned_at, e.return_outcome, e.joint_grade, \
    e.cse_concern, e.cce_concern, i.status AS interview_status, i.offered_at, i.completed_at, \
    (SELECT COUNT(*) FROM ofsted_notifications o WHERE o.episode_id = e.id) AS ofsted_prompted, \
    (SELECT COUNT(o.notified_at) FROM ofsted_notifications o WHERE o.episode_id = e.id) AS ofsted_notified, \
    (SELECT COUNT(*) FROM ofsted_notifications o WHERE o.episode_id = e.id AND o.notified_at <= o.due_at) \
    AS ofsted_in_time, \
    EXISTS (SELECT 1 FROM episode_refs r WHERE r.episode_id = e.id AND r.legacy_absent \
        AND r.absent_reviewed_by IS NULL) AS legacy_absent_awaiting_review";

/// The tail of a list's query, ordered by `key` then `id`: when `paged`, only rows after the cursor bound as
/// `$n` (the key) and `$n+1` (the id), at most `$n+2` of them.
pub(super) fn paged<D: Dialect>(paged: bool, n: usize, key: &str, id: &str) -> String {
    paged_in::<D>(paged, n, key, id, false)
}

/// [`paged`], in either direction: `descending` lists the latest key first and pages on to earlier ones.
pub(super) fn paged_in<D: Dialect>(paged: bool, n: usize, key: &str, id: &str, descending: bool) -> String {
    let (after, direction) = if descending { ("<", " DESC") } else { (">", "") };
    if paged {
        let (id_param, limit) = (n + 1, n + 2);
        let no_cursor = D::param_is_null(n + 1, SqlType::Text);
        format!(
            " AND ({no_cursor} OR ({key}, {id}) {after} (${n}, ${id_param})) \
             ORDER BY {key}{direction}, {id}{direction} LIMIT ${limit}"
        )
    } else {
        format!(" ORDER BY {key}{direction}, {id}{direction}")
    }
}

/// Binds what [`paged`] numbered: the cursor's key and id (NULL on the first page) and the limit.
pub(super) fn bind_page<K: Copy, Id: Copy>(query: Query, paging: Option<&Paging<K, Id>>) -> Query
where
    Value: From<Option<K>> + From<Option<Id>>,
{
    match paging {
        Some(p) => query.bind(p.after.map(|c| c.key)).bind(p.after.map(|c| c.id)).bind(p.limit),
        None => query,
    }
}

/// `column IN (...)` over codes of a closed set, written into the SQL (they are the enum's own text, never input), so
/// that partial indexes over the same literal codes still serve; no codes picks nothing.
pub(super) fn one_of(column: &str, codes: impl Iterator<Item = &'static str>) -> String {
    let listed: Vec<String> = codes.map(|code| format!("'{code}'")).collect();
    if listed.is_empty() { "FALSE".to_owned() } else { format!("{column} IN ({})", listed.join(", ")) }
}

/// The condition under which interview `i` is one the core's selection picks. A due time becomes the next numbered
/// parameter after `bound` others, pushed onto `times` for the caller to bind in order.
fn picked(selection: &InterviewSelection, bound: usize, times: &mut Vec<Timestamp>) -> String {
    let mut terms = Vec::new();
    match selection.statutory {
        Some(true) => terms.push("i.statutory".to_owned()),
        Some(false) => terms.push("NOT i.statutory".to_owned()),
        None => {}
    }
    if let Some(statuses) = &selection.statuses {
        terms.push(one_of("i.status", statuses.iter().map(|s| s.as_str())));
    }
    if let Some(before) = selection.due_before {
        times.push(before);
        terms.push(format!("i.due_at < ${}", bound + times.len()));
    }
    if terms.is_empty() { "TRUE".to_owned() } else { terms.join(" AND ") }
}
