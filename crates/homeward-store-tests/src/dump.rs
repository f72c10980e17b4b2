//! Every table of a database as text, the same way on every backend, so two stores' contents can be compared
//! row for row: timestamps as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, dates as `YYYY-MM-DD`, booleans as 0 or 1.

use std::collections::BTreeMap;

use sqlx::{Connection, Row};

use homeward_testkit::{Backend, TestDatabase};

/// Table name → rows, each row its columns by name, rows sorted.
pub type Dump = BTreeMap<String, Vec<BTreeMap<String, Option<String>>>>;

/// Reads every row of a query whose columns are all text, keyed by the given column names. A macro because the
/// two connection types share no practical generic bound.
macro_rules! read {
    ($conn:ident, $sql:expr, $columns:ident) => {
        sqlx::query(&$sql)
            .fetch_all(&mut $conn)
            .await
            .expect("rows")
            .iter()
            .map(|row| $columns.iter().enumerate().map(|(i, c)| (c.clone(), row.get::<Option<String>, _>(i))).collect())
            .collect()
    };
}

pub const TABLES: &[&str] = &[
    "agencies",
    "users",
    "api_tokens",
    "people",
    "placements",
    "episodes",
    "risk_assessments",
    "return_interviews",
    "safe_and_well_checks",
    "recommendations",
    "person_refs",
    "ssda903_children",
    "ssda903_episodes",
    "episode_refs",
    "missing_descriptions",
    "long_term_entries",
    "long_term_reviews",
    "helpline_contacts",
    "audit_events",
    "audit_head",
];

pub async fn dump(db: &TestDatabase) -> Dump {
    let mut dump = Dump::new();
    for table in TABLES {
        let mut rows = match db.backend() {
            Backend::Sqlite => sqlite_table(db.url(), table).await,
            Backend::Postgres => postgres_table(db.url(), table).await,
        };
        rows.sort();
        dump.insert((*table).to_owned(), rows);
    }
    dump
}

async fn sqlite_table(url: &str, table: &str) -> Vec<BTreeMap<String, Option<String>>> {
    let mut conn = sqlx::SqliteConnection::connect(url).await.expect("opens");
    let columns: Vec<String> = sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .fetch_all(&mut conn)
        .await
        .expect("columns")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    let select = columns.iter().map(|c| format!("CAST({c} AS TEXT)")).collect::<Vec<_>>().join(", ");
    read!(conn, format!("SELECT {select} FROM {table}"), columns)
}

async fn postgres_table(url: &str, table: &str) -> Vec<BTreeMap<String, Option<String>>> {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("opens");
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut conn)
    .await
    .expect("columns");
    let select = columns
        .iter()
        .map(|(c, kind)| match kind.as_str() {
            "timestamp with time zone" => {
                format!("to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            }
            "date" => format!("to_char({c}, 'YYYY-MM-DD')"),
            "boolean" => format!("({c}::int)::text"),
            _ => format!("{c}::text"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let names: Vec<String> = columns.into_iter().map(|(c, _)| c).collect();
    read!(conn, format!("SELECT {select} FROM {table}"), names)
}
