//! The research extract (docs/RETURNS.md): every episode an analyst's agency counts (every episode, for an
//! operator) in a period, pseudonymised and k-anonymous. Pseudonyms are keyed by a random key made for the extract
//! and then dropped: one person has one pseudonym within an extract, and none that links two extracts.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::returns::{ResearchRequest, ReturnFile, ReturnKind, ReturnRow};
use crate::domain::risk::RiskGrade;
use crate::domain::stats::{Period, duration_band};
use crate::domain::time::{age_on, format_date, london};
use crate::error::CoreError;
use crate::rules::research::{QuasiIds, age_band, month, release};
use crate::rules::returns::{accepted, offered};

use super::{Attempt, Core};

/// The extract's columns: the pseudonym, the quasi-identifiers as released, then what is counted, never a name,
/// a free-text field or an exact date.
pub const RESEARCH_COLUMNS: &[&str] = &[
    "pseudonym",
    "age_band",
    "sex",
    "looked_after",
    "month_missing",
    "found_postcode_district",
    "missing_from",
    "risk",
    "duration",
    "outcome",
    "interview_offered",
    "interview_accepted",
    "cse_concern",
    "cce_concern",
];

/// A person's pseudonym in this extract: the first 16 hex digits of HMAC-SHA256 of their id under the extract's key.
fn pseudonym(key: &[u8; 32], person: u128) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(&person.to_be_bytes());
    hex::encode(&mac.finalize().into_bytes()[..8])
}

fn quasi_ids(row: &ReturnRow) -> QuasiIds {
    let started = london(row.stats.went_missing_at).date();
    QuasiIds {
        age_band: age_band(age_on(row.stats.date_of_birth, started)).to_owned(),
        sex: row.sex.as_str().to_owned(),
        looked_after: if row.stats.looked_after { "Y" } else { "N" }.to_owned(),
        month: month(started),
        district: row.found_postcode.as_ref().map(|p| p.district().to_owned()).unwrap_or_default(),
    }
}

/// One released row: the pseudonym (blank where the person's rows together are too rare to be joined) and the
/// quasi-identifiers, then the episode's counted attributes.
fn research_row(key: Option<&[u8; 32]>, row: &ReturnRow, qi: QuasiIds) -> Vec<String> {
    let stats = &row.stats;
    let interview = stats.interview.as_ref();
    let flag = |on: bool| if on { "Y" } else { "N" }.to_owned();
    vec![
        key.map_or_else(String::new, |key| pseudonym(key, stats.person_id.as_uuid().as_u128())),
        qi.age_band,
        qi.sex,
        qi.looked_after,
        qi.month,
        qi.district,
        row.missing_from.as_str().to_owned(),
        stats.joint_grade.map_or("unassessed", RiskGrade::as_str).to_owned(),
        duration_band(stats.went_missing_at, stats.returned_at).as_str().to_owned(),
        stats.return_outcome.map_or_else(String::new, |o| o.as_str().to_owned()),
        offered(interview).to_owned(),
        accepted(interview).to_owned(),
        flag(stats.cse_concern),
        flag(stats.cce_concern),
    ]
}

impl Core {
    /// The research extract of the period (the last twelve whole months when none is asked for): every episode
    /// the actor may count, each person released with their pseudonym where at least `k` people share their rows'
    /// quasi-identifiers after generalisation, otherwise row by row without it, the rest suppressed and counted. Rows are sorted by their released values, so their order
    /// says nothing of when each episode happened within its month.
    pub async fn research_extract(&self, actor: &Actor, request: &ResearchRequest) -> Result<ReturnFile, CoreError> {
        self.attempt(actor, Attempt::list(AuditAction::ReturnWritten, "return"), async {
            let scope = actor.research_scope()?;
            let period = request.period.unwrap_or_else(|| Period::last_complete_months(london(self.now()).date(), 12));
            let mut tx = self.begin_read().await?;
            let (start, end) = period.instants();
            let mut rows = Vec::new();
            tx.return_rows(scope, start, end, None, &mut |row| rows.push(row)).await?;
            let episodes: Vec<(u128, QuasiIds)> =
                rows.iter().map(|row| (row.stats.person_id.as_uuid().as_u128(), quasi_ids(row))).collect();
            let release = release(&episodes, request.k.get());
            let mut key = [0u8; 32];
            rand::rng().fill_bytes(&mut key);
            let mut unlinked = 0;
            let mut cells: Vec<Vec<String>> = rows
                .iter()
                .zip(release.rows)
                .zip(&episodes)
                .filter_map(|((row, qi), (person, _))| {
                    let key = release.linked.contains(person).then_some(&key);
                    unlinked += usize::from(key.is_none() && qi.is_some());
                    qi.map(|qi| research_row(key, row, qi))
                })
                .collect();
            cells.sort_unstable();
            let suppressed = rows.len() - cells.len();
            let details = serde_json::json!({
                "kind": ReturnKind::Research.as_str(),
                "from": format_date(period.from()),
                "to": format_date(period.to()),
                "k": request.k.get(),
                "episodes": rows.len(),
                "rows": cells.len(),
                "suppressed": suppressed,
                "unlinked": unlinked,
            });
            let event = self.audit_event(actor, AuditAction::ReturnWritten, "return", None, &details);
            self.record_read(tx, event).await?;
            Ok(ReturnFile { kind: ReturnKind::Research, columns: RESEARCH_COLUMNS, rows: cells, suppressed })
        })
        .await
    }
}
