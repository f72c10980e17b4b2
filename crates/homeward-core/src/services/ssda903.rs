//! The DfE SSDA903 return: a council's children looked after and their periods of care come in from its own
//! system; the Header, Episodes and Missing tables go out for a collection year, the Missing table built from
//! Homeward's own episodes, checked against DfE's rules on request.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use time::{Date, Month};

use crate::authz::Actor;
use crate::domain::agency::{Agency, AgencyCode, AgencyKind};
use crate::domain::audit::AuditAction;
use crate::domain::episode::LaCategory;
use crate::domain::ssda903::{Ssda903Child, Ssda903Episode, format_dfe_date};
use crate::domain::time::{Timestamp, london};
use crate::error::{CoreError, ImportError};
use crate::ports::{MissingPeriod, Tx, UnlistedPeriod};
use crate::rules::ssda903::{MissingRow, Return903};

use super::Core;

/// The first and last days of collection year `year`: 1 April `year - 1` to 31 March `year`.
pub fn collection_year(year: i32) -> Result<(Date, Date), CoreError> {
    if !(2000..=2100).contains(&year) {
        return Err(CoreError::invalid("year", "must be a collection year like 2026"));
    }
    let start = Date::from_calendar_date(year - 1, Month::April, 1).expect("1 April exists");
    let end = Date::from_calendar_date(year, Month::March, 31).expect("31 March exists");
    Ok((start, end))
}

async fn council(tx: &mut dyn Tx, code: &AgencyCode) -> Result<Agency, CoreError> {
    let agency = tx.agency_by_code(code).await?.ok_or_else(|| CoreError::invalid("la", "no agency has that code"))?;
    if agency.kind != AgencyKind::LocalAuthority {
        return Err(CoreError::invalid("la", format!("{code} is not a council")));
    }
    Ok(agency)
}

/// What a council's return holds, and what it had to leave out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ssda903Export {
    pub data: Return903,
    pub left_out: LeftOut,
}

/// The year's missing periods of children the council looks after that the return cannot hold, because none of
/// the council's SSDA903 children names them (no Header row whose CHILD is one of the council's references for
/// them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    pub episodes: usize,
    pub children: usize,
}

/// Whether a period belongs to the year: it started on or before the year's last day and had not ended before
/// its first (CONTRACT.md), by Europe/London calendar dates.
fn in_year(went: Timestamp, back: Option<Timestamp>, (start, end): (Date, Date)) -> bool {
    london(went).date() <= end && back.is_none_or(|b| london(b).date() >= start)
}

/// The Missing table's rows for a year: every missing or away period of the council's SSDA903 children in the
/// year. A period still going at the year's end has a blank `MIS_END`.
fn missing_rows(
    periods: &[MissingPeriod],
    dob_of: &HashMap<String, Date>,
    (start, end): (Date, Date),
) -> Vec<MissingRow> {
    periods
        .iter()
        .filter_map(|(child, went, back, category)| {
            let dob = dob_of.get(child)?;
            if !in_year(*went, *back, (start, end)) {
                return None;
            }
            let began = london(*went).date();
            let ended = back.map(|b| london(b).date());
            Some(MissingRow {
                child: child.clone(),
                dob: format_dfe_date(*dob),
                missing: if *category == Some(LaCategory::Away) { "A" } else { "M" }.to_owned(),
                mis_start: format_dfe_date(began),
                mis_end: ended.filter(|e| *e <= end).map(format_dfe_date).unwrap_or_default(),
            })
        })
        .collect()
}

/// How many of the year's periods the return leaves out, and of how many children.
fn left_out(periods: &[UnlistedPeriod], year: (Date, Date)) -> LeftOut {
    let in_year: Vec<_> = periods.iter().filter(|(_, went, back)| in_year(*went, *back, year)).collect();
    let children: HashSet<_> = in_year.iter().map(|(person, _, _)| person).collect();
    LeftOut { episodes: in_year.len(), children: children.len() }
}

impl Core {
    /// Replaces a council's SSDA903 children and periods of care, checked first: a Header with each child once,
    /// Episodes only for those children, each period once. Rows come with their line numbers.
    pub async fn import_ssda903(
        &self,
        actor: &Actor,
        la: &AgencyCode,
        children: Vec<(u64, Ssda903Child)>,
        episodes: Vec<(u64, Ssda903Episode)>,
    ) -> Result<(usize, usize), ImportError> {
        actor.require_operator("only the service's operators import files")?;
        let mut known: HashMap<&str, u64> = HashMap::new();
        for (line, child) in &children {
            if let Some(first) = known.insert(child.child.as_str(), *line) {
                return Err(ImportError::Row {
                    line: *line,
                    column: Some("CHILD"),
                    message: format!("the Header lists {} twice (first on line {first})", child.child),
                });
            }
        }
        let mut periods = BTreeMap::new();
        for (line, episode) in &episodes {
            if !known.contains_key(episode.child.as_str()) {
                return Err(ImportError::Row {
                    line: *line,
                    column: Some("CHILD"),
                    message: format!("{} is not in the Header", episode.child),
                });
            }
            if let Some(first) = periods.insert((episode.child.as_str(), episode.decom), *line) {
                return Err(ImportError::Row {
                    line: *line,
                    column: Some("DECOM"),
                    message: format!(
                        "{} has two episodes starting {} (the other on line {first})",
                        episode.child,
                        format_dfe_date(episode.decom)
                    ),
                });
            }
        }
        let mut tx = self.begin_long_job().await?;
        let council = council(tx.as_mut(), la).await?;
        let children: Vec<Ssda903Child> = children.into_iter().map(|(_, c)| c).collect();
        let episodes: Vec<Ssda903Episode> = episodes.into_iter().map(|(_, e)| e).collect();
        tx.replace_ssda903(council.id, &children, &episodes).await?;
        let event = self.audit_event(
            actor,
            AuditAction::Ssda903Imported,
            "agency",
            Some(council.id.to_string()),
            &serde_json::json!({ "children": children.len(), "episodes": episodes.len() }),
        );
        tx.append_audit(event).await?;
        tx.commit().await.map_err(CoreError::Store)?;
        Ok((children.len(), episodes.len()))
    }

    /// The council's return for a collection year: its Header and Episodes for the children looked after in the
    /// year, the Missing table from Homeward's episodes, and how many of the year's episodes of children it looks
    /// after were left out for want of an SSDA903 child. Audited: it holds every child's date of birth.
    pub async fn export_ssda903(&self, actor: &Actor, la: &AgencyCode, year: i32) -> Result<Ssda903Export, CoreError> {
        actor.require_operator("only the service's operators write statutory returns")?;
        let (start, end) = collection_year(year)?;
        let mut tx = self.begin_read().await?;
        let council = council(tx.as_mut(), la).await?;
        let children = tx.ssda903_children(council.id).await?;
        let dob_of: HashMap<String, Date> = children.iter().map(|c| (c.child.clone(), c.dob)).collect();
        let episodes: Vec<Ssda903Episode> = tx
            .ssda903_episodes(council.id)
            .await?
            .into_iter()
            .filter(|e| e.decom <= end && e.dec.is_none_or(|dec| dec >= start))
            .collect();
        let missing = missing_rows(&tx.missing_periods(council.id).await?, &dob_of, (start, end));
        let included: BTreeSet<&str> =
            episodes.iter().map(|e| e.child.as_str()).chain(missing.iter().map(|m| m.child.as_str())).collect();
        let data = Return903 {
            header: children.iter().filter(|c| included.contains(c.child.as_str())).map(Ssda903Child::to_row).collect(),
            episodes: episodes.iter().map(Ssda903Episode::to_row).collect(),
            missing,
        };
        let left_out = left_out(&tx.unlisted_periods(council.id).await?, (start, end));
        let event = self.audit_event(
            actor,
            AuditAction::Ssda903Exported,
            "agency",
            Some(council.id.to_string()),
            &serde_json::json!({
                "year": year,
                "header": data.header.len(),
                "episodes": data.episodes.len(),
                "missing": data.missing.len(),
                "left_out": left_out,
            }),
        );
        self.record_read(tx, event).await?;
        Ok(Ssda903Export { data, left_out })
    }
}
