//! One row of the episode CSV of CONTRACT.md, parsed: its columns, the header check, and each cell read into the
//! domain's types, with every problem named by its column.

use time::Date;

use crate::domain::agency::AgencyCode;
use crate::domain::episode::{LaCategory, MissingFrom, ReturnOutcome};
use crate::domain::ids::{AgencyId, EpisodeId};
use crate::domain::person::Sex;
use crate::domain::return_interview::InterviewStatus;
use crate::domain::risk::RiskGrade;
use crate::domain::text::{PersonName, Postcode, Reference};
use crate::domain::time::{Timestamp, parse_date};

/// Every column of the episode CSV, and which must be present.
pub const EPISODE_COLUMNS: &[(&str, bool)] = &[
    ("source_ref", true),
    ("agency", true),
    ("person_ref", true),
    ("given_name", true),
    ("family_name", true),
    ("date_of_birth", true),
    ("sex", true),
    ("looked_after", true),
    ("responsible_la", false),
    ("missing_from", true),
    ("la_category", false),
    ("went_missing_at", true),
    ("reported_at", false),
    ("risk_grade", false),
    ("returned_at", false),
    ("return_outcome", false),
    ("found_postcode", false),
    ("rhi_offered_at", false),
    ("rhi_outcome", false),
    ("rhi_completed_at", false),
    ("cse_concern", false),
    ("cce_concern", false),
    ("placement_provider", false),
    ("placement_host_la", false),
    ("placement_postcode", false),
    ("placement_started_on", false),
];

/// A looked-after child's placement as a row gives it: all four placement columns, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPlacement {
    pub provider: AgencyCode,
    pub host_la: AgencyCode,
    pub postcode: Postcode,
    pub started_on: Date,
}

/// Checks a header row: every column known, every required one present, none twice. Says all that is wrong.
pub fn check_episode_header(columns: &[&str]) -> Result<(), String> {
    let mut problems = Vec::new();
    let unknown: Vec<&str> =
        columns.iter().copied().filter(|c| !EPISODE_COLUMNS.iter().any(|(name, _)| name == c)).collect();
    if !unknown.is_empty() {
        problems.push(format!("unknown column{} {}", if unknown.len() == 1 { "" } else { "s" }, unknown.join(", ")));
    }
    let missing: Vec<&str> = EPISODE_COLUMNS
        .iter()
        .filter(|(name, required)| *required && !columns.contains(name))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "missing required column{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ));
    }
    let mut seen = Vec::new();
    for column in columns {
        if seen.contains(column) {
            problems.push(format!("column {column} appears twice"));
        }
        seen.push(*column);
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// A cell that could not be read, by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: &'static str,
    pub message: String,
}

/// One row of the episode CSV, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEpisode {
    pub source_ref: Reference,
    pub agency: AgencyCode,
    pub person_ref: Reference,
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Date,
    pub sex: Sex,
    pub looked_after: bool,
    pub responsible_la: Option<AgencyCode>,
    pub missing_from: MissingFrom,
    pub la_category: Option<LaCategory>,
    pub went_missing_at: Timestamp,
    pub reported_at: Timestamp,
    pub risk_grade: Option<RiskGrade>,
    /// The sender's grade was the abolished "absent": stored as no apparent risk and flagged for review.
    pub legacy_absent: bool,
    pub returned_at: Option<Timestamp>,
    pub return_outcome: Option<ReturnOutcome>,
    pub found_postcode: Option<Postcode>,
    pub rhi_offered_at: Option<Timestamp>,
    pub rhi_outcome: Option<InterviewStatus>,
    pub rhi_completed_at: Option<Timestamp>,
    pub cse_concern: bool,
    pub cce_concern: bool,
    /// The child's current placement, when the row gives one.
    pub placement: Option<ImportedPlacement>,
}

impl ImportedEpisode {
    /// SHA-256, in hex, of every field of the row as parsed: two rows share a digest only if they say the same.
    /// Kept beside the episode's reference, so importing the same row again is known to change nothing without
    /// reading the episode back. The leading version changes whenever what a row means to the import changes, so old
    /// digests then simply fail to match.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        // Each field as its length then its text, absent as a length no text has: no two rows write the same bytes.
        fn field(hasher: &mut Sha256, text: Option<&str>) {
            match text {
                Some(text) => {
                    hasher.update((text.len() as u64).to_be_bytes());
                    hasher.update(text.as_bytes());
                }
                None => hasher.update(u64::MAX.to_be_bytes()),
            }
        }
        let time = |at: Option<Timestamp>| at.map(Timestamp::to_rfc3339);
        let flag = |yes: bool| Some(if yes { "Y" } else { "N" });
        let placement = self.placement.as_ref();
        let mut hasher = Sha256::new();
        hasher.update(b"homeward import row v1");
        field(&mut hasher, Some(self.source_ref.as_str()));
        field(&mut hasher, Some(self.agency.as_str()));
        field(&mut hasher, Some(self.person_ref.as_str()));
        field(&mut hasher, Some(self.given_name.as_str()));
        field(&mut hasher, Some(self.family_name.as_str()));
        field(&mut hasher, Some(&self.date_of_birth.to_string()));
        field(&mut hasher, Some(self.sex.as_str()));
        field(&mut hasher, flag(self.looked_after));
        field(&mut hasher, self.responsible_la.as_ref().map(AgencyCode::as_str));
        field(&mut hasher, Some(self.missing_from.as_str()));
        field(&mut hasher, self.la_category.map(LaCategory::as_str));
        field(&mut hasher, time(Some(self.went_missing_at)).as_deref());
        field(&mut hasher, time(Some(self.reported_at)).as_deref());
        field(&mut hasher, self.risk_grade.map(RiskGrade::as_str));
        field(&mut hasher, flag(self.legacy_absent));
        field(&mut hasher, time(self.returned_at).as_deref());
        field(&mut hasher, self.return_outcome.map(ReturnOutcome::as_str));
        field(&mut hasher, self.found_postcode.as_ref().map(Postcode::as_str));
        field(&mut hasher, time(self.rhi_offered_at).as_deref());
        field(&mut hasher, self.rhi_outcome.map(InterviewStatus::as_str));
        field(&mut hasher, time(self.rhi_completed_at).as_deref());
        field(&mut hasher, flag(self.cse_concern));
        field(&mut hasher, flag(self.cce_concern));
        field(&mut hasher, placement.map(|p| p.provider.as_str()));
        field(&mut hasher, placement.map(|p| p.host_la.as_str()));
        field(&mut hasher, placement.map(|p| p.postcode.as_str()));
        field(&mut hasher, placement.map(|p| p.started_on.to_string()).as_deref());
        hex::encode(hasher.finalize())
    }
}

/// What a sender's episode reference names: the episode, whether its grade was the abolished "absent", and the
/// digest of the row it was last imported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeRef {
    pub agency: AgencyId,
    pub reference: String,
    pub episode: EpisodeId,
    pub legacy_absent: bool,
    pub digest: String,
}

fn cell<T, E: std::fmt::Display>(column: &'static str, parsed: Result<T, E>) -> Result<T, CellError> {
    parsed.map_err(|e| CellError { column, message: e.to_string() })
}

fn yes_no(column: &'static str, text: Option<&str>) -> Result<bool, CellError> {
    match text {
        None | Some("N") => Ok(false),
        Some("Y") => Ok(true),
        Some(_) => Err(CellError { column, message: "must be Y or N".into() }),
    }
}

/// The placement columns: all four or none, each cell parsed.
fn placement<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Option<ImportedPlacement>, CellError> {
    const COLUMNS: [&str; 4] =
        ["placement_provider", "placement_host_la", "placement_postcode", "placement_started_on"];
    if COLUMNS.iter().all(|c| get(c).is_none()) {
        return Ok(None);
    }
    let given = |column: &'static str| {
        get(column).ok_or(CellError { column, message: "is required with the other placement columns".into() })
    };
    Ok(Some(ImportedPlacement {
        provider: cell("placement_provider", AgencyCode::parse(given("placement_provider")?))?,
        host_la: cell("placement_host_la", AgencyCode::parse(given("placement_host_la")?))?,
        postcode: cell("placement_postcode", Postcode::parse(given("placement_postcode")?))?,
        started_on: cell("placement_started_on", parse_date(given("placement_started_on")?))?,
    }))
}

impl ImportedEpisode {
    /// Parses a row; `get` gives a column's cell, trimmed, or `None` when the column is absent or the cell blank.
    pub fn parse<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, CellError> {
        let required = |column: &'static str| get(column).ok_or(CellError { column, message: "is required".into() });
        let time = |column: &'static str| get(column).map(|t| cell(column, Timestamp::parse_rfc3339(t))).transpose();
        let went_missing_at = cell("went_missing_at", Timestamp::parse_rfc3339(required("went_missing_at")?))?;
        let (risk_grade, legacy_absent) = match get("risk_grade") {
            None => (None, false),
            Some("absent") => (Some(RiskGrade::NoApparentRisk), true),
            Some(grade) => (Some(cell("risk_grade", RiskGrade::parse(grade))?), false),
        };
        let returned_at = time("returned_at")?;
        let return_outcome =
            get("return_outcome").map(|o| cell("return_outcome", ReturnOutcome::parse(o))).transpose()?;
        let rhi_outcome = get("rhi_outcome")
            .map(|o| match o {
                "completed" => Ok(InterviewStatus::Completed),
                "declined" => Ok(InterviewStatus::Declined),
                "not_possible" => Ok(InterviewStatus::NotPossible),
                _ => Err(CellError {
                    column: "rhi_outcome",
                    message: "must be one of: completed, declined, not_possible".into(),
                }),
            })
            .transpose()?;
        let looked_after = match required("looked_after")? {
            "Y" => true,
            "N" => false,
            _ => return Err(CellError { column: "looked_after", message: "must be Y or N".into() }),
        };
        let row = Self {
            source_ref: cell("source_ref", Reference::parse(required("source_ref")?))?,
            agency: cell("agency", AgencyCode::parse(required("agency")?))?,
            person_ref: cell("person_ref", Reference::parse(required("person_ref")?))?,
            given_name: cell("given_name", PersonName::parse(required("given_name")?))?,
            family_name: cell("family_name", PersonName::parse(required("family_name")?))?,
            date_of_birth: cell("date_of_birth", parse_date(required("date_of_birth")?))?,
            sex: cell("sex", Sex::parse(required("sex")?))?,
            looked_after,
            responsible_la: get("responsible_la").map(|c| cell("responsible_la", AgencyCode::parse(c))).transpose()?,
            missing_from: cell("missing_from", MissingFrom::parse(required("missing_from")?))?,
            la_category: get("la_category").map(|c| cell("la_category", LaCategory::parse(c))).transpose()?,
            went_missing_at,
            reported_at: time("reported_at")?.unwrap_or(went_missing_at),
            risk_grade,
            legacy_absent,
            returned_at,
            return_outcome,
            found_postcode: get("found_postcode").map(|p| cell("found_postcode", Postcode::parse(p))).transpose()?,
            rhi_offered_at: time("rhi_offered_at")?,
            rhi_outcome,
            rhi_completed_at: time("rhi_completed_at")?,
            cse_concern: yes_no("cse_concern", get("cse_concern"))?,
            cce_concern: yes_no("cce_concern", get("cce_concern"))?,
            placement: placement(&get)?,
        };
        row.check()?;
        Ok(row)
    }

    /// What one cell cannot say alone.
    fn check(&self) -> Result<(), CellError> {
        let fail = |column, message: &str| Err(CellError { column, message: message.into() });
        if self.placement.is_some() && !self.looked_after {
            return fail("placement_provider", "is only for looked-after children");
        }
        if self.date_of_birth > self.went_missing_at.date() {
            return fail("date_of_birth", "is after they went missing");
        }
        match (self.returned_at, self.return_outcome) {
            (Some(back), _) if back < self.went_missing_at => return fail("returned_at", "is before went_missing_at"),
            (Some(_), None) => return fail("return_outcome", "is required with returned_at"),
            (None, Some(_)) => return fail("return_outcome", "needs returned_at"),
            _ => {}
        }
        if self.la_category.is_some() && !self.looked_after {
            return fail("la_category", "is only for looked-after children");
        }
        let returned = self.returned_at.is_some();
        if !returned && (self.rhi_offered_at.is_some() || self.rhi_outcome.is_some() || self.rhi_completed_at.is_some())
        {
            return fail(
                if self.rhi_offered_at.is_some() { "rhi_offered_at" } else { "rhi_outcome" },
                "needs returned_at: the interview follows the return",
            );
        }
        match (self.rhi_outcome, self.rhi_completed_at) {
            (Some(InterviewStatus::Completed), None) => return fail("rhi_completed_at", "is required when completed"),
            (outcome, Some(_)) if outcome != Some(InterviewStatus::Completed) => {
                return fail("rhi_completed_at", "is only for a completed interview");
            }
            _ => {}
        }
        if let (Some(back), Some(offered)) = (self.returned_at, self.rhi_offered_at)
            && offered < back
        {
            return fail("rhi_offered_at", "is before returned_at");
        }
        if let (Some(offered), Some(done)) = (self.rhi_offered_at, self.rhi_completed_at)
            && done < offered
        {
            return fail("rhi_completed_at", "is before rhi_offered_at");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn row(overrides: &[(&str, &str)]) -> Result<ImportedEpisode, CellError> {
        let mut cells: HashMap<&str, &str> = [
            ("source_ref", "EP1"),
            ("agency", "E10000023"),
            ("person_ref", "C1"),
            ("given_name", "Synthetic"),
            ("family_name", "Child"),
            ("date_of_birth", "2012-03-04"),
            ("sex", "F"),
            ("looked_after", "Y"),
            ("missing_from", "foster_care"),
            ("went_missing_at", "2026-05-01T21:00:00+01:00"),
        ]
        .into_iter()
        .collect();
        cells.extend(overrides.iter().copied());
        ImportedEpisode::parse(|c| cells.get(c).copied().filter(|v| !v.is_empty()))
    }

    #[test]
    fn a_rows_digest_changes_with_any_field_and_only_then() {
        let digest = |overrides: &[(&str, &str)]| row(overrides).expect("valid").digest();
        let base = digest(&[]);
        assert_eq!(base, digest(&[]), "the same row, the same digest");
        assert_eq!(base.len(), 64, "SHA-256 in hex");
        // Each of these says something else; moving text between neighbouring fields must not give the same bytes.
        for changed in [
            [("given_name", "Synthetic"), ("family_name", "Childe")],
            [("given_name", "SyntheticC"), ("family_name", "hild")],
            [("risk_grade", "absent"), ("risk_grade", "absent")],
            [("risk_grade", "low"), ("risk_grade", "low")],
            [("returned_at", "2026-05-02T09:00:00Z"), ("return_outcome", "returned_self")],
            [("cse_concern", "Y"), ("cse_concern", "Y")],
            [("found_postcode", "SW1A 1AA"), ("found_postcode", "SW1A 1AA")],
            [("went_missing_at", "2026-05-01T21:00:00.000001+01:00"), ("sex", "F")],
        ] {
            assert_ne!(digest(&changed), base, "{changed:?}");
        }
        assert_ne!(digest(&[("risk_grade", "absent")]), digest(&[("risk_grade", "no_apparent_risk")]));
    }

    #[test]
    fn a_good_row_parses_and_absent_is_stored_as_no_apparent_risk() {
        let parsed = row(&[("risk_grade", "absent")]).expect("valid");
        assert_eq!((parsed.risk_grade, parsed.legacy_absent), (Some(RiskGrade::NoApparentRisk), true));
        assert_eq!(parsed.reported_at, parsed.went_missing_at, "reported_at defaults to went_missing_at");
    }

    #[test]
    fn each_bad_cell_names_its_column() {
        let column = |overrides: &[(&str, &str)]| row(overrides).expect_err("refused").column;
        assert_eq!(column(&[("sex", "X")]), "sex");
        assert_eq!(column(&[("looked_after", "yes")]), "looked_after");
        assert_eq!(column(&[("went_missing_at", "yesterday")]), "went_missing_at");
        assert_eq!(column(&[("source_ref", "")]), "source_ref");
        assert_eq!(
            column(&[("returned_at", "2026-05-01T20:00:00+01:00"), ("return_outcome", "returned_self")]),
            "returned_at"
        );
        assert_eq!(column(&[("returned_at", "2026-05-02T08:00:00+01:00")]), "return_outcome");
        assert_eq!(column(&[("rhi_outcome", "completed")]), "rhi_outcome");
        assert_eq!(column(&[("risk_grade", "severe")]), "risk_grade");
        assert_eq!(column(&[("found_postcode", "nowhere")]), "found_postcode");
        assert_eq!(column(&[("cse_concern", "maybe")]), "cse_concern");
        assert_eq!(column(&[("looked_after", "N"), ("la_category", "away")]), "la_category");
    }

    #[test]
    fn headers_name_every_problem() {
        let all: Vec<&str> = EPISODE_COLUMNS.iter().map(|(c, _)| *c).collect();
        assert!(check_episode_header(&all).is_ok());
        let message = check_episode_header(&["source_ref", "agency", "colour"]).expect_err("refused");
        assert!(message.contains("unknown column colour") && message.contains("missing required columns person_ref"));
    }
}
