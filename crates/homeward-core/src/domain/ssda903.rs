//! A council's SSDA903 records as Homeward keeps them: its looked-after children (the Header table) and their
//! periods of care (the Episodes table), as the council's own system sent them, with dates parsed. Codes are kept as
//! sent, upper case; DfE's rules check them on export.

use time::Date;

use crate::rules::ssda903::{EpisodeRow, HeaderRow};

/// The DfE Header table's columns, in order.
pub const HEADER_COLUMNS: &[&str] = &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"];
/// The DfE Episodes table's columns, in order.
pub const EPISODE_COLUMNS: &[&str] = &[
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
];
/// The DfE Missing table's columns, in order.
pub const MISSING_COLUMNS: &[&str] = &["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"];

/// A looked-after child as the council's Header table gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ssda903Child {
    /// The council's reference for the child: the `person_ref` of its episode CSV.
    pub child: String,
    pub sex: String,
    pub dob: Date,
    pub ethnic: String,
    pub upn: String,
    pub mother: String,
    pub mc_dob: Option<Date>,
}

/// A period of care, or a change within one, as the Episodes table gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ssda903Episode {
    pub child: String,
    pub decom: Date,
    pub rne: String,
    pub ls: String,
    pub cin: String,
    pub place: String,
    pub place_provider: String,
    pub dec: Option<Date>,
    pub rec: String,
    pub reason_place_change: String,
    pub home_post: String,
    pub pl_post: String,
    pub urn: String,
}

/// A date as DfE writes it: `DD/MM/YYYY`.
pub fn format_dfe_date(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), u8::from(date.month()), date.year())
}

/// Reads a `DD/MM/YYYY` date (one-digit day and month allowed, as spreadsheets write them).
pub fn parse_dfe_date(text: &str) -> Result<Date, &'static str> {
    let mut parts = text.trim().split('/');
    let (Some(day), Some(month), Some(year), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("must be a date written DD/MM/YYYY");
    };
    let number = |p: &str| p.parse::<u16>().ok().filter(|_| !p.is_empty() && p.len() <= 4);
    match (number(day), number(month), number(year)) {
        (Some(d), Some(m), Some(y)) if year.len() == 4 => {
            let month = time::Month::try_from(u8::try_from(m).unwrap_or(0)).map_err(|_| "has no such month")?;
            Date::from_calendar_date(i32::from(y), month, u8::try_from(d).unwrap_or(0))
                .map_err(|_| "is not a real date")
        }
        _ => Err("must be a date written DD/MM/YYYY"),
    }
}

impl Ssda903Child {
    pub fn to_row(&self) -> HeaderRow {
        HeaderRow {
            child: self.child.clone(),
            sex: self.sex.clone(),
            dob: format_dfe_date(self.dob),
            ethnic: self.ethnic.clone(),
            upn: self.upn.clone(),
            mother: self.mother.clone(),
            mc_dob: self.mc_dob.map(format_dfe_date).unwrap_or_default(),
        }
    }
}

impl Ssda903Episode {
    pub fn to_row(&self) -> EpisodeRow {
        EpisodeRow {
            child: self.child.clone(),
            decom: format_dfe_date(self.decom),
            rne: self.rne.clone(),
            ls: self.ls.clone(),
            cin: self.cin.clone(),
            place: self.place.clone(),
            place_provider: self.place_provider.clone(),
            dec: self.dec.map(format_dfe_date).unwrap_or_default(),
            rec: self.rec.clone(),
            reason_place_change: self.reason_place_change.clone(),
            home_post: self.home_post.clone(),
            pl_post: self.pl_post.clone(),
            urn: self.urn.clone(),
        }
    }
}

/// A cell of a DfE table that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DfeCellError {
    pub column: &'static str,
    pub message: String,
}

fn required<'a>(get: &impl Fn(&str) -> Option<&'a str>, column: &'static str) -> Result<&'a str, DfeCellError> {
    get(column).ok_or(DfeCellError { column, message: "is required".into() })
}

fn date_cell(column: &'static str, text: &str) -> Result<Date, DfeCellError> {
    parse_dfe_date(text).map_err(|m| DfeCellError { column, message: m.into() })
}

/// A code or reference as DfE compares them: trimmed, upper case, at most 40 characters.
fn code<'a>(get: &impl Fn(&str) -> Option<&'a str>, column: &'static str) -> Result<String, DfeCellError> {
    let value = get(column).unwrap_or_default().trim().to_uppercase();
    if value.chars().count() > 40 || value.chars().any(char::is_control) {
        return Err(DfeCellError { column, message: "must be a short code".into() });
    }
    Ok(value)
}

/// The child's reference, kept exactly as the council's system writes it: it is the `person_ref` of the
/// council's episode CSV too. DfE's guidance asks only for a reference unique within the council and gives no
/// pattern; Homeward accepts what councils' systems write (letters and digits, with `-`, `_` or `/` between them, up
/// to 64 characters) and refuses anything else, so no reference can begin a formula in the return a council analyst
/// opens in a spreadsheet (`=1+1`, `@SUM(A1)`, `+44-1`), whatever the export does besides.
fn child<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<String, DfeCellError> {
    let reference = required(get, "CHILD")?.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/');
    let well_formed = reference.len() <= 64
        && reference.starts_with(|c: char| c.is_ascii_alphanumeric())
        && reference.chars().all(allowed);
    if !well_formed {
        return Err(DfeCellError {
            column: "CHILD",
            message: "must be a reference of up to 64 letters and digits (with -, _ or / between them), beginning \
                      with a letter or digit"
                .into(),
        });
    }
    Ok(reference.to_owned())
}

impl Ssda903Child {
    /// Parses a Header row; `get` gives a column's trimmed cell, or `None` when blank.
    pub fn parse<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, DfeCellError> {
        Ok(Self {
            child: child(&get)?,
            sex: code(&get, "SEX")?,
            dob: date_cell("DOB", required(&get, "DOB")?)?,
            ethnic: code(&get, "ETHNIC")?,
            upn: code(&get, "UPN")?,
            mother: code(&get, "MOTHER")?,
            mc_dob: get("MC_DOB").map(|d| date_cell("MC_DOB", d)).transpose()?,
        })
    }
}

impl Ssda903Episode {
    /// Parses an Episodes row; `get` gives a column's trimmed cell, or `None` when blank.
    pub fn parse<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, DfeCellError> {
        let episode = Self {
            child: child(&get)?,
            decom: date_cell("DECOM", required(&get, "DECOM")?)?,
            rne: code(&get, "RNE")?,
            ls: code(&get, "LS")?,
            cin: code(&get, "CIN")?,
            place: code(&get, "PLACE")?,
            place_provider: code(&get, "PLACE_PROVIDER")?,
            dec: get("DEC").map(|d| date_cell("DEC", d)).transpose()?,
            rec: code(&get, "REC")?,
            reason_place_change: code(&get, "REASON_PLACE_CHANGE")?,
            home_post: code(&get, "HOME_POST")?,
            pl_post: code(&get, "PL_POST")?,
            urn: code(&get, "URN")?,
        };
        if episode.dec.is_some_and(|dec| dec < episode.decom) {
            return Err(DfeCellError { column: "DEC", message: "is before DECOM".into() });
        }
        Ok(episode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dfe_dates_read_and_write_day_first() {
        let date = parse_dfe_date("1/4/2025").expect("valid");
        assert_eq!(format_dfe_date(date), "01/04/2025");
        for bad in ["2025-04-01", "31/02/2025", "01/13/2025", "1/4/25", "", "01/04/2025/1"] {
            assert!(parse_dfe_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rows_name_the_bad_column() {
        let cells = [("CHILD", "c1"), ("DECOM", "10/01/2024"), ("DEC", "01/01/2024")];
        let get = |c: &str| cells.iter().find(|(k, _)| *k == c).map(|(_, v)| *v);
        assert_eq!(Ssda903Episode::parse(get).expect_err("refused").column, "DEC");
        let cells = [("CHILD", "c1"), ("DOB", "14/6/2011"), ("SEX", "m")];
        let get = |c: &str| cells.iter().find(|(k, _)| *k == c).map(|(_, v)| *v);
        let child = Ssda903Child::parse(get).expect("valid");
        assert_eq!((child.child.as_str(), child.sex.as_str()), ("c1", "M"), "references as sent, codes in capitals");
    }

    #[test]
    fn child_references_that_could_be_formulas_are_refused() {
        let parse = |reference: &str| {
            let cells = [("CHILD", reference), ("DOB", "14/6/2011"), ("SEX", "M")];
            Ssda903Child::parse(|c: &str| cells.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)).map(|c| c.child)
        };
        for bad in ["=1+1", "@SUM(A1)", "+44-1", "=cmd|' /C calc'!A0", "-1", "C 1", "C1;", &"C".repeat(65)] {
            assert_eq!(parse(bad).expect_err(bad).column, "CHILD", "{bad}");
        }
        for good in ["C1001", "NMP-PERSON-77", "efedbc7c-5118-473b-945e-c0a4fcfc55aa", "LA/2024/17", "0042"] {
            assert_eq!(parse(good).expect(good), good);
        }
    }
}
