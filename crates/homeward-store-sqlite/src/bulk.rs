//! Multi-row inserts, used for one record and for a million alike: each table's columns are bound in one place.
//! Rows go in chunks that stay under SQLite's limit of 32,766 bound values per statement.

use homeward_core::StoreError;
use homeward_core::domain::agency::Agency;
use homeward_core::domain::episode::Episode;
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::ReturnInterview;
use homeward_core::domain::risk::RiskAssessment;
use homeward_core::domain::time::{Timestamp, format_date};
use homeward_core::domain::user::User;
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::backend_error;

const MAX_BOUND_VALUES: usize = 32_000;

fn ts(at: Timestamp) -> String {
    at.to_rfc3339()
}

fn ts_opt(at: Option<Timestamp>) -> Option<String> {
    at.map(Timestamp::to_rfc3339)
}

fn id_opt(id: Option<impl ToString>) -> Option<String> {
    id.map(|id| id.to_string())
}

/// Inserts `rows` into `table` (`columns` comma-separated), binding each row's values with `bind`.
async fn insert_rows<T>(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &str,
    rows: &[T],
    bind: impl Fn(&mut Separated<'_, '_, Sqlite, &'static str>, &T),
) -> Result<(), StoreError> {
    let per_row = columns.split(',').count();
    let set_aside = set_aside_indexes(conn, table, rows.len()).await?;
    for chunk in rows.chunks((MAX_BOUND_VALUES / per_row).max(1)) {
        let mut builder: QueryBuilder<Sqlite> = QueryBuilder::new(format!("INSERT INTO {table} ({columns}) "));
        builder.push_values(chunk, |mut values, row| bind(&mut values, row));
        builder.build().execute(&mut *conn).await.map_err(backend_error)?;
    }
    for create in set_aside {
        sqlx::query(&create).execute(&mut *conn).await.map_err(backend_error)?;
    }
    Ok(())
}

/// Below this many rows, rebuilding indexes costs more than keeping them up to date.
const WORTHWHILE_ROWS: usize = 10_000;

/// Loading many rows into an empty table the way a restore does: its secondary indexes are dropped and their
/// `CREATE INDEX` statements returned, to be run once the rows are in. Building an index by one sort costs a
/// fraction of updating it row by row with random UUID keys. It all happens in the caller's transaction, so a failure
/// restores the indexes with everything else. Indexes backing a primary key or unique constraint are SQLite's
/// automatic ones (no SQL of their own) and stay, so duplicates are still refused as they go in.
pub(crate) async fn set_aside_indexes(
    conn: &mut SqliteConnection,
    table: &str,
    rows: usize,
) -> Result<Vec<String>, StoreError> {
    if rows < WORTHWHILE_ROWS {
        return Ok(Vec::new());
    }
    let occupied: Option<i64> = sqlx::query_scalar(&format!("SELECT 1 FROM {table} LIMIT 1"))
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend_error)?;
    if occupied.is_some() {
        return Ok(Vec::new());
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend_error)?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX \"{name}\"")).execute(&mut *conn).await.map_err(backend_error)?;
    }
    Ok(indexes.into_iter().map(|(_, create)| create).collect())
}

pub(crate) async fn agencies(conn: &mut SqliteConnection, rows: &[Agency]) -> Result<(), StoreError> {
    insert_rows(conn, "agencies", "id, code, name, kind, police_force_id", rows, |v, a| {
        v.push_bind(a.id.to_string())
            .push_bind(a.code.to_string())
            .push_bind(a.name.to_string())
            .push_bind(a.kind.as_str())
            .push_bind(id_opt(a.police_force_id));
    })
    .await
}

pub(crate) async fn users(conn: &mut SqliteConnection, rows: &[User]) -> Result<(), StoreError> {
    insert_rows(conn, "users", "id, email, name, agency_id, role, password_hash, active, created_at", rows, |v, u| {
        v.push_bind(u.id.to_string())
            .push_bind(u.email.to_string())
            .push_bind(u.name.to_string())
            .push_bind(u.agency_id.to_string())
            .push_bind(u.role.as_str())
            .push_bind(u.password_hash.as_stored().to_owned())
            .push_bind(u.active)
            .push_bind(ts(u.created_at));
    })
    .await
}

pub(crate) async fn people(conn: &mut SqliteConnection, rows: &[Person]) -> Result<(), StoreError> {
    insert_rows(
        conn,
        "people",
        "id, given_name, family_name, date_of_birth, sex, looked_after, responsible_la_id, host_la_id, \
         placement_provider_id, allocated_worker_id, recorded_by_agency_id, created_at",
        rows,
        |v, p| {
            v.push_bind(p.id.to_string())
                .push_bind(p.given_name.to_string())
                .push_bind(p.family_name.to_string())
                .push_bind(format_date(p.date_of_birth))
                .push_bind(p.sex.as_str())
                .push_bind(p.looked_after)
                .push_bind(id_opt(p.responsible_la_id))
                .push_bind(id_opt(p.host_la_id))
                .push_bind(id_opt(p.placement_provider_id))
                .push_bind(id_opt(p.allocated_worker_id))
                .push_bind(id_opt(p.recorded_by_agency_id))
                .push_bind(ts(p.created_at));
        },
    )
    .await
}

pub(crate) async fn episodes(conn: &mut SqliteConnection, rows: &[Episode]) -> Result<(), StoreError> {
    insert_rows(
        conn,
        "episodes",
        "id, person_id, recorded_by_agency_id, police_force_id, area_la_id, went_missing_at, reported_at, \
         missing_from, status, la_category, last_seen_place, circumstances, police_reference, reporter, returned_at, \
         return_outcome, police_grade, children_services_grade, joint_grade, disagreement, review_due_at, \
         cse_concern, cce_concern, created_at, updated_at, found_place, found_postcode, found_out_of_area, found_by, \
         police_closed_at",
        rows,
        |v, e| {
            v.push_bind(e.id.to_string())
                .push_bind(e.person_id.to_string())
                .push_bind(e.recorded_by_agency_id.to_string())
                .push_bind(id_opt(e.police_force_id))
                .push_bind(id_opt(e.area_la_id))
                .push_bind(ts(e.went_missing_at))
                .push_bind(ts(e.reported_at))
                .push_bind(e.missing_from.as_str())
                .push_bind(e.status.as_str())
                .push_bind(e.la_category.map(homeward_core::domain::episode::LaCategory::as_str))
                .push_bind(e.last_seen_place.as_ref().map(ToString::to_string))
                .push_bind(e.circumstances.as_ref().map(ToString::to_string))
                .push_bind(e.police_reference.as_ref().map(ToString::to_string))
                .push_bind(e.reporter.as_ref().map(ToString::to_string))
                .push_bind(ts_opt(e.returned_at))
                .push_bind(e.return_outcome.map(homeward_core::domain::episode::ReturnOutcome::as_str))
                .push_bind(e.risk.police.map(homeward_core::domain::risk::RiskGrade::as_str))
                .push_bind(e.risk.children_services.map(homeward_core::domain::risk::RiskGrade::as_str))
                .push_bind(e.risk.joint.map(homeward_core::domain::risk::RiskGrade::as_str))
                .push_bind(e.risk.disagreement)
                .push_bind(ts_opt(e.risk.review_due_at))
                .push_bind(e.risk.cse_concern)
                .push_bind(e.risk.cce_concern)
                .push_bind(ts(e.created_at))
                .push_bind(ts(e.updated_at))
                .push_bind(e.found.place.as_ref().map(ToString::to_string))
                .push_bind(e.found.postcode.as_ref().map(ToString::to_string))
                .push_bind(e.found.out_of_area)
                .push_bind(e.found.by.as_ref().map(ToString::to_string))
                .push_bind(ts_opt(e.police_closed_at));
        },
    )
    .await
}

pub(crate) async fn assessments(conn: &mut SqliteConnection, rows: &[RiskAssessment]) -> Result<(), StoreError> {
    insert_rows(
        conn,
        "risk_assessments",
        "id, episode_id, side, grade, rationale, answers, cse_concern, cce_concern, override_reason, assessed_by, \
         assessed_at",
        rows,
        |v, a| {
            v.push_bind(a.id.to_string())
                .push_bind(a.episode_id.to_string())
                .push_bind(a.side.as_str())
                .push_bind(a.grade.as_str())
                .push_bind(a.rationale.to_string())
                .push_bind(serde_json::to_string(&a.answers).expect("answers always serialise"))
                .push_bind(a.cse_concern)
                .push_bind(a.cce_concern)
                .push_bind(a.override_reason.as_ref().map(ToString::to_string))
                .push_bind(a.assessed_by.to_string())
                .push_bind(ts(a.assessed_at));
        },
    )
    .await
}

pub(crate) async fn return_interviews(conn: &mut SqliteConnection, rows: &[ReturnInterview]) -> Result<(), StoreError> {
    insert_rows(
        conn,
        "return_interviews",
        "id, episode_id, statutory, due_at, status, practitioner_id, offered_at, completed_at, created_at, covered_by, \
         record",
        rows,
        |v, r| {
            v.push_bind(r.id.to_string())
                .push_bind(r.episode_id.to_string())
                .push_bind(r.statutory)
                .push_bind(ts(r.due_at))
                .push_bind(r.status.as_str())
                .push_bind(id_opt(r.practitioner_id))
                .push_bind(ts_opt(r.offered_at))
                .push_bind(ts_opt(r.completed_at))
                .push_bind(ts(r.created_at))
                .push_bind(id_opt(r.covered_by))
                .push_bind(r.record.as_ref().map(|x| serde_json::to_string(x).expect("records always serialise")));
        },
    )
    .await
}

/// The sender's references for people, new ones only (a person's reference never changes).
pub(crate) async fn person_refs(
    conn: &mut SqliteConnection,
    rows: &[(homeward_core::domain::ids::AgencyId, String, homeward_core::domain::ids::PersonId)],
) -> Result<(), StoreError> {
    insert_rows(conn, "person_refs", "agency_id, ref, person_id", rows, |v, (agency, reference, person)| {
        v.push_bind(agency.to_string()).push_bind(reference.clone()).push_bind(person.to_string());
    })
    .await
}

/// The sender's references for episodes; one already held keeps its episode and takes the new flag.
pub(crate) async fn episode_refs(
    conn: &mut SqliteConnection,
    rows: &[(homeward_core::domain::ids::AgencyId, String, homeward_core::domain::ids::EpisodeId, bool)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(MAX_BOUND_VALUES / 4) {
        let mut builder: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT INTO episode_refs (agency_id, ref, episode_id, legacy_absent) ");
        builder.push_values(chunk, |mut v, (agency, reference, episode, legacy)| {
            v.push_bind(agency.to_string())
                .push_bind(reference.clone())
                .push_bind(episode.to_string())
                .push_bind(*legacy);
        });
        builder.push(" ON CONFLICT (agency_id, ref) DO UPDATE SET legacy_absent = excluded.legacy_absent");
        builder.build().execute(&mut *conn).await.map_err(backend_error)?;
    }
    Ok(())
}
