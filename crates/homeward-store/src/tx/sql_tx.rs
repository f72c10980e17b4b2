//! The transaction every store query runs in, on either database, and the joins its case queries start from.

use crate::dialect::Dialect;

/// A transaction: on SQLite's single write connection or one of its read connections, or on one pooled PostgreSQL
/// connection (`READ ONLY` for reads).
#[derive(Debug)]
pub(crate) struct SqlTx<D: Dialect> {
    pub(super) conn: D::Conn,
    /// What was set aside for a large load, table by table, to be rebuilt in reverse.
    pub(super) set_aside: Vec<Vec<String>>,
    /// A transaction begun for a service's work: committed while a request is carried out under an idempotency key,
    /// it marks the key carried out in the same commit.
    pub(super) work: bool,
}

impl<D: Dialect> SqlTx<D> {
    pub(crate) fn new(conn: D::Conn) -> Self {
        Self { conn, set_aside: Vec::new(), work: false }
    }

    /// A transaction for a service's work ([`homeward_core::ports::Store::begin`]).
    pub(crate) fn for_work(conn: D::Conn) -> Self {
        Self { work: true, ..Self::new(conn) }
    }
}

/// An episode with its person's name and date of birth, for lists.
pub(super) const EPISODE_SELECT: &str =
    "SELECT e.*, p.given_name, p.family_name, p.date_of_birth FROM episodes e JOIN people p ON p.id = e.person_id";

/// Interviews with their episode and person, for scope conditions.
pub(super) const INTERVIEW_FROM: &str =
    "FROM return_interviews i JOIN episodes e ON e.id = i.episode_id JOIN people p ON p.id = e.person_id";
