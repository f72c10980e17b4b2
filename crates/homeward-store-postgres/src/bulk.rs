//! Multi-row inserts, used for one record and for a national data set alike: each table's columns are named, typed
//! and given their values in one place. Rows travel as one array per column through `UNNEST`, so ten thousand rows
//! are one statement with one bound value per column, and PostgreSQL plans it once whatever the chunk's length.

use homeward_core::StoreError;
use homeward_core::domain::agency::Agency;
use homeward_core::domain::episode::{Episode, LaCategory, ReturnOutcome};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::ReturnInterview;
use homeward_core::domain::risk::{RiskAssessment, RiskGrade};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::User;
use sqlx::PgConnection;

use crate::{backend_error, set_aside};

/// Rows per statement: large enough that round trips cost nothing next to the insert, small enough that one
/// statement's arrays stay a few megabytes.
const CHUNK_ROWS: usize = 10_000;

/// `INSERT INTO table (a, b) SELECT * FROM UNNEST($1::text[], $2::timestamptz[])` for `(name, type)` columns.
fn unnest_insert(table: &str, columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let arrays: Vec<String> =
        columns.iter().enumerate().map(|(i, (_, sql_type))| format!("${}::{sql_type}[]", i + 1)).collect();
    format!("INSERT INTO {table} ({}) SELECT * FROM UNNEST({})", names.join(", "), arrays.join(", "))
}

/// Inserts `rows` into `table` in chunks, restore-style when the table is empty and the rows many (see
/// `set_aside`). Each `column: "type" = value` names a column, its PostgreSQL type, and how one row (`|row|`)
/// gives its value; the values of a chunk are bound as one array per column.
macro_rules! insert_rows {
    (
        $conn:expr, $table:literal, $rows:expr,
        |$row:ident| { $($column:ident: $sql_type:literal = $value:expr),+ $(,)? }
    ) => {{
        let sql = unnest_insert($table, &[$((stringify!($column), $sql_type)),+]);
        let set_aside = set_aside::set_aside($conn, $table, $rows.len()).await?;
        for chunk in $rows.chunks(CHUNK_ROWS) {
            sqlx::query(&sql)
                $(.bind(chunk.iter().map(|$row| $value).collect::<Vec<_>>()))+
                .execute(&mut *$conn)
                .await
                .map_err(backend_error)?;
        }
        set_aside::restore($conn, set_aside).await
    }};
}

fn id_opt(id: Option<impl ToString>) -> Option<String> {
    id.map(|id| id.to_string())
}

fn text_opt(text: Option<&impl ToString>) -> Option<String> {
    text.map(ToString::to_string)
}

pub(crate) async fn agencies(conn: &mut PgConnection, rows: &[Agency]) -> Result<(), StoreError> {
    insert_rows!(conn, "agencies", rows, |a| {
        id: "text" = a.id.to_string(),
        code: "text" = a.code.as_str(),
        name: "text" = a.name.as_str(),
        kind: "text" = a.kind.as_str(),
        police_force_id: "text" = id_opt(a.police_force_id),
    })
}

pub(crate) async fn users(conn: &mut PgConnection, rows: &[User]) -> Result<(), StoreError> {
    insert_rows!(conn, "users", rows, |u| {
        id: "text" = u.id.to_string(),
        email: "text" = u.email.as_str(),
        name: "text" = u.name.as_str(),
        agency_id: "text" = u.agency_id.to_string(),
        role: "text" = u.role.as_str(),
        password_hash: "text" = u.password_hash.as_stored(),
        active: "boolean" = u.active,
        created_at: "timestamptz" = u.created_at.as_offset(),
    })
}

pub(crate) async fn people(conn: &mut PgConnection, rows: &[Person]) -> Result<(), StoreError> {
    insert_rows!(conn, "people", rows, |p| {
        id: "text" = p.id.to_string(),
        given_name: "text" = p.given_name.as_str(),
        family_name: "text" = p.family_name.as_str(),
        date_of_birth: "date" = p.date_of_birth,
        sex: "text" = p.sex.as_str(),
        looked_after: "boolean" = p.looked_after,
        responsible_la_id: "text" = id_opt(p.responsible_la_id),
        host_la_id: "text" = id_opt(p.host_la_id),
        placement_provider_id: "text" = id_opt(p.placement_provider_id),
        allocated_worker_id: "text" = id_opt(p.allocated_worker_id),
        recorded_by_agency_id: "text" = id_opt(p.recorded_by_agency_id),
        created_at: "timestamptz" = p.created_at.as_offset(),
    })
}

pub(crate) async fn episodes(conn: &mut PgConnection, rows: &[Episode]) -> Result<(), StoreError> {
    insert_rows!(conn, "episodes", rows, |e| {
        id: "text" = e.id.to_string(),
        person_id: "text" = e.person_id.to_string(),
        recorded_by_agency_id: "text" = e.recorded_by_agency_id.to_string(),
        police_force_id: "text" = id_opt(e.police_force_id),
        area_la_id: "text" = id_opt(e.area_la_id),
        went_missing_at: "timestamptz" = e.went_missing_at.as_offset(),
        reported_at: "timestamptz" = e.reported_at.as_offset(),
        missing_from: "text" = e.missing_from.as_str(),
        status: "text" = e.status.as_str(),
        la_category: "text" = e.la_category.map(LaCategory::as_str),
        last_seen_place: "text" = text_opt(e.last_seen_place.as_ref()),
        circumstances: "text" = text_opt(e.circumstances.as_ref()),
        police_reference: "text" = text_opt(e.police_reference.as_ref()),
        reporter: "text" = text_opt(e.reporter.as_ref()),
        returned_at: "timestamptz" = e.returned_at.map(Timestamp::as_offset),
        return_outcome: "text" = e.return_outcome.map(ReturnOutcome::as_str),
        police_grade: "text" = e.risk.police.map(RiskGrade::as_str),
        children_services_grade: "text" = e.risk.children_services.map(RiskGrade::as_str),
        joint_grade: "text" = e.risk.joint.map(RiskGrade::as_str),
        disagreement: "boolean" = e.risk.disagreement,
        review_due_at: "timestamptz" = e.risk.review_due_at.map(Timestamp::as_offset),
        cse_concern: "boolean" = e.risk.cse_concern,
        cce_concern: "boolean" = e.risk.cce_concern,
        created_at: "timestamptz" = e.created_at.as_offset(),
        updated_at: "timestamptz" = e.updated_at.as_offset(),
        found_place: "text" = text_opt(e.found.place.as_ref()),
        found_postcode: "text" = text_opt(e.found.postcode.as_ref()),
        found_out_of_area: "boolean" = e.found.out_of_area,
        found_by: "text" = text_opt(e.found.by.as_ref()),
        police_closed_at: "timestamptz" = e.police_closed_at.map(Timestamp::as_offset),
    })
}

pub(crate) async fn assessments(conn: &mut PgConnection, rows: &[RiskAssessment]) -> Result<(), StoreError> {
    insert_rows!(conn, "risk_assessments", rows, |a| {
        id: "text" = a.id.to_string(),
        episode_id: "text" = a.episode_id.to_string(),
        side: "text" = a.side.as_str(),
        grade: "text" = a.grade.as_str(),
        rationale: "text" = a.rationale.as_str(),
        answers: "text" = serde_json::to_string(&a.answers).expect("answers always serialise"),
        cse_concern: "boolean" = a.cse_concern,
        cce_concern: "boolean" = a.cce_concern,
        override_reason: "text" = text_opt(a.override_reason.as_ref()),
        assessed_by: "text" = a.assessed_by.to_string(),
        assessed_at: "timestamptz" = a.assessed_at.as_offset(),
    })
}

pub(crate) async fn return_interviews(conn: &mut PgConnection, rows: &[ReturnInterview]) -> Result<(), StoreError> {
    insert_rows!(conn, "return_interviews", rows, |r| {
        id: "text" = r.id.to_string(),
        episode_id: "text" = r.episode_id.to_string(),
        statutory: "boolean" = r.statutory,
        due_at: "timestamptz" = r.due_at.as_offset(),
        status: "text" = r.status.as_str(),
        practitioner_id: "text" = id_opt(r.practitioner_id),
        offered_at: "timestamptz" = r.offered_at.map(Timestamp::as_offset),
        completed_at: "timestamptz" = r.completed_at.map(Timestamp::as_offset),
        created_at: "timestamptz" = r.created_at.as_offset(),
        covered_by: "text" = id_opt(r.covered_by),
        record: "text" = r.record.as_ref().map(|x| serde_json::to_string(x).expect("records always serialise")),
    })
}

/// The sender's references for people, new ones only (a person's reference never changes).
pub(crate) async fn person_refs(
    conn: &mut PgConnection,
    rows: &[(homeward_core::domain::ids::AgencyId, String, homeward_core::domain::ids::PersonId)],
) -> Result<(), StoreError> {
    insert_rows!(conn, "person_refs", rows, |r| {
        agency_id: "text" = r.0.to_string(),
        ref: "text" = r.1.clone(),
        person_id: "text" = r.2.to_string(),
    })
}

/// The sender's references for episodes; one already held keeps its episode and takes the new flag.
pub(crate) async fn episode_refs(
    conn: &mut PgConnection,
    rows: &[(homeward_core::domain::ids::AgencyId, String, homeward_core::domain::ids::EpisodeId, bool)],
) -> Result<(), StoreError> {
    let sql = unnest_insert(
        "episode_refs",
        &[("agency_id", "text"), ("ref", "text"), ("episode_id", "text"), ("legacy_absent", "boolean")],
    ) + " ON CONFLICT (agency_id, ref) DO UPDATE SET legacy_absent = excluded.legacy_absent";
    for chunk in rows.chunks(CHUNK_ROWS) {
        sqlx::query(&sql)
            .bind(chunk.iter().map(|r| r.0.to_string()).collect::<Vec<_>>())
            .bind(chunk.iter().map(|r| r.1.clone()).collect::<Vec<_>>())
            .bind(chunk.iter().map(|r| r.2.to_string()).collect::<Vec<_>>())
            .bind(chunk.iter().map(|r| r.3).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await
            .map_err(backend_error)?;
    }
    Ok(())
}
