//! The returns councils owe and the research extract (docs/RETURNS.md): which one, asked for which period and
//! council, and the one row per episode they are all written from. Nothing here names anyone: a row carries a
//! person's ids only to say whose episode it is, and never a name.

use super::agency::AgencyCode;
use super::code_enum;
use super::episode::{LaCategory, MissingFrom};
use super::ids::{AgencyId, EpisodeId};
use super::person::Sex;
use super::stats::{FiguresRequest, Period, StatsRow};
use super::text::Postcode;
use crate::error::FieldErrors;

code_enum! {
    /// The files Homeward writes for councils and researchers, by the name the command line, the API and the
    /// pages give them.
    pub enum ReturnKind {
        /// Ofsted's Annex A list of children's missing episodes.
        AnnexA => "annex-a",
        /// The Standard Safeguarding Dataset's `ssd_missing` table.
        Ssd => "ssd",
        /// The return interview figures the DfE asked of every council in 2024.
        RhiFigures => "rhi-figures",
        /// The pseudonymised, k-anonymous research extract.
        Research => "research",
    }
}

impl ReturnKind {
    /// What the file is, for people choosing one.
    pub fn describe(self) -> &'static str {
        match self {
            ReturnKind::AnnexA => "Ofsted Annex A: missing episodes of the council's children",
            ReturnKind::Ssd => "Standard Safeguarding Dataset: ssd_missing",
            ReturnKind::RhiFigures => "Return interview figures (DfE, 2024)",
            ReturnKind::Research => "Research extract: pseudonymised and k-anonymous",
        }
    }

    /// Whether the return is one council's (the rest is the research extract, over what the actor may count).
    pub fn is_councils(self) -> bool {
        !matches!(self, ReturnKind::Research)
    }
}

/// One episode as the returns need it: the key figures' own row (so every count is defined once), and what the
/// lists add. The council's reference is its own id for the child, from its imports, when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    pub stats: StatsRow,
    pub episode_id: EpisodeId,
    /// The reference the council named in the request holds for the person, if it sent one; the smallest if more.
    pub council_ref: Option<String>,
    pub sex: Sex,
    pub responsible_la_id: Option<AgencyId>,
    /// The council whose area the person went missing from.
    pub area_la_id: Option<AgencyId>,
    pub la_category: Option<LaCategory>,
    pub missing_from: MissingFrom,
    pub found_postcode: Option<Postcode>,
    /// The agency of the practitioner holding the episode's statutory interview, once assigned.
    pub interview_provider_id: Option<AgencyId>,
}

/// A return as written: its documented columns and its rows, every cell text; for the research extract, how many
/// episodes were suppressed because too few people shared their quasi-identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnFile {
    pub kind: ReturnKind,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    pub suppressed: usize,
}

impl ReturnFile {
    /// The file as CSV: a header row of the columns, then the rows, every cell spreadsheet-safe.
    pub fn csv(&self) -> String {
        let mut csv = crate::rules::spreadsheet::csv_record(self.columns);
        for row in &self.rows {
            csv.push_str(&crate::rules::spreadsheet::csv_record(row));
        }
        csv
    }
}

/// A council's return asked for: the period and the council, both required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilReturnRequest {
    pub period: Period,
    pub la: AgencyCode,
}

impl CouncilReturnRequest {
    /// Parses `from` and `to` (`YYYY-MM-DD`) and the council's code, naming every field at fault at once.
    pub fn parse(from: Option<&str>, to: Option<&str>, la: Option<&str>) -> Result<Self, FieldErrors> {
        let la = la.map(str::trim).filter(|code| !code.is_empty());
        let parsed = FiguresRequest::parse(from, to, la);
        let mut errors = FieldErrors::new();
        if let Err(refused) = &parsed {
            // The figures call the code `agency`; a return names the council it is for, `la`.
            refused
                .iter()
                .for_each(|(field, message)| errors.add(if field == "agency" { "la" } else { field }, message));
        }
        if la.is_none() {
            errors.add("la", "is required: the council's code");
        }
        match parsed {
            Ok(FiguresRequest { period, agency: Some(la) }) if errors.is_empty() => Ok(Self { period, la }),
            _ => Err(errors),
        }
    }
}

/// The fewest people every combination of quasi-identifiers in a research extract must be shared by: at least 2
/// (1 would protect no one), at most 1,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KAnonymity(u32);

impl KAnonymity {
    pub const DEFAULT: u32 = 10;

    pub fn parse(text: &str) -> Result<Self, String> {
        let k: u32 = text.trim().parse().map_err(|_| "must be a whole number, 2 or more".to_owned())?;
        Self::new(k)
    }

    pub fn new(k: u32) -> Result<Self, String> {
        if (2..=1000).contains(&k) { Ok(Self(k)) } else { Err("must be from 2 to 1000".to_owned()) }
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// A research extract asked for: a period (the last twelve whole months when none is given) and k.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResearchRequest {
    pub period: Option<Period>,
    pub k: KAnonymity,
}

impl ResearchRequest {
    /// Parses an optional period (both dates or neither) and k (10 when not given), naming every field at fault.
    pub fn parse(from: Option<&str>, to: Option<&str>, k: Option<&str>) -> Result<Self, FieldErrors> {
        fn given(text: Option<&str>) -> Option<&str> {
            text.map(str::trim).filter(|t| !t.is_empty())
        }
        let mut errors = FieldErrors::new();
        let k = match given(k) {
            None => Some(KAnonymity(KAnonymity::DEFAULT)),
            Some(text) => errors.check("k", KAnonymity::parse(text)),
        };
        let period = match (given(from), given(to)) {
            (None, None) => Some(None),
            (from, to) => match FiguresRequest::parse(from, to, None) {
                Ok(request) => Some(Some(request.period)),
                Err(refused) => {
                    refused.iter().for_each(|(field, message)| errors.add(field, message));
                    None
                }
            },
        };
        match (period, k) {
            (Some(period), Some(k)) if errors.is_empty() => Ok(Self { period, k }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_council_return_needs_its_council_and_a_period() {
        let refused = CouncilReturnRequest::parse(Some("2025-13-01"), None, None).expect_err("refused");
        assert!(refused.get("from").is_some());
        assert!(refused.get("to").is_some_and(|m| m.contains("required")));
        assert!(refused.get("la").is_some_and(|m| m.contains("required")));
        let bad_code = CouncilReturnRequest::parse(Some("2025-04-01"), Some("2026-03-31"), Some("no!")).expect_err("x");
        assert!(bad_code.get("la").is_some());
        assert!(bad_code.get("agency").is_none());
        let fine =
            CouncilReturnRequest::parse(Some("2025-04-01"), Some("2026-03-31"), Some(" e10000023 ")).expect("ok");
        assert_eq!(fine.la.as_str(), "E10000023");
    }

    #[test]
    fn k_is_two_or_more_and_the_period_both_dates_or_none() {
        assert!(ResearchRequest::parse(None, None, Some("1")).expect_err("k < 2").get("k").is_some());
        assert!(ResearchRequest::parse(None, None, Some("ten")).expect_err("not a number").get("k").is_some());
        assert!(ResearchRequest::parse(Some("2025-04-01"), None, None).expect_err("half a period").get("to").is_some());
        let default = ResearchRequest::parse(None, Some(" "), None).expect("defaults");
        assert_eq!((default.period, default.k.get()), (None, 10));
        let asked = ResearchRequest::parse(Some("2025-04-01"), Some("2026-03-31"), Some("5")).expect("valid");
        assert_eq!(asked.k.get(), 5);
        assert!(asked.period.is_some());
    }

    #[test]
    fn kinds_read_as_the_command_line_names_them() {
        assert_eq!(ReturnKind::parse("annex-a").ok(), Some(ReturnKind::AnnexA));
        assert!(ReturnKind::parse("annex_a").is_err());
        assert!(!ReturnKind::Research.is_councils());
    }
}
