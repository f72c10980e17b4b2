//! A person record as linkage sees it: an id, the source that holds it, and the identifying fields, each parsed
//! into the form comparisons use. Every field but the id may be missing.

use homeward_core::domain::text::Postcode;
use time::{Date, Month};

use crate::names::Name;

/// One record to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    pub unique_id: String,
    /// The agency or system the record came from; carried through, not compared.
    pub source: String,
    pub first_name: Option<Name>,
    pub surname: Option<Name>,
    pub dob: Option<BirthDate>,
    pub sex: Option<RecordedSex>,
    pub postcode: Option<LinkPostcode>,
}

/// A date of birth as recorded: a full date, a year and month, or a year only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BirthDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date of birth cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidBirthDate;

impl std::fmt::Display for InvalidBirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
    }
}

impl BirthDate {
    /// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a full date must exist in the calendar.
    pub fn parse(text: &str) -> Result<Self, InvalidBirthDate> {
        let mut pieces = text.split('-');
        let year = pieces.next().and_then(|y| number(y, 4)).ok_or(InvalidBirthDate)?;
        let month = pieces.next().map(|m| number(m, 2).ok_or(InvalidBirthDate)).transpose()?;
        let day = pieces.next().map(|d| number(d, 2).ok_or(InvalidBirthDate)).transpose()?;
        if pieces.next().is_some() || !(1000..=9999).contains(&year) {
            return Err(InvalidBirthDate);
        }
        let month = month.map(|m| u8::try_from(m).map_err(|_| InvalidBirthDate)).transpose()?;
        let day = day.map(|d| u8::try_from(d).map_err(|_| InvalidBirthDate)).transpose()?;
        if let Some(m) = month {
            let month_of_year = Month::try_from(m).map_err(|_| InvalidBirthDate)?;
            if let Some(d) = day {
                Date::from_calendar_date(year, month_of_year, d).map_err(|_| InvalidBirthDate)?;
            }
        }
        Ok(Self { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> Option<u8> {
        self.month
    }

    pub fn day(self) -> Option<u8> {
        self.day
    }

    /// Whether day, month and year are all known.
    pub fn is_full(self) -> bool {
        self.day.is_some()
    }
}

/// Digits only, exactly `width` of them.
fn number(text: &str, width: usize) -> Option<i32> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// Sex as the source recorded it; unknown or not recorded is a missing field, not a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordedSex {
    Male,
    Female,
}

/// Why a sex cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidSex;

impl std::fmt::Display for InvalidSex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("is not M, F, U (unknown) or blank")
    }
}

impl RecordedSex {
    /// `M`/`Male`/`1`, `F`/`Female`/`2`; `U`, `Unknown`, `0`, `9` and blank are missing.
    pub fn parse(text: &str) -> Result<Option<Self>, InvalidSex> {
        match text.trim().to_ascii_uppercase().as_str() {
            "M" | "MALE" | "1" => Ok(Some(Self::Male)),
            "F" | "FEMALE" | "2" => Ok(Some(Self::Female)),
            "" | "U" | "UNKNOWN" | "0" | "9" => Ok(None),
            _ => Err(InvalidSex),
        }
    }
}

/// A UK postcode, whole or its outward code only (`DH1`), as records of placements and police reports often hold.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkPostcode {
    /// The outward code, or district: `DH1`.
    outward: String,
    /// The inward code when known: `3AB`.
    inward: Option<String>,
}

/// Why a postcode cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidLinkPostcode;

impl std::fmt::Display for InvalidLinkPostcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("is not a UK postcode (DH1 3AB) or outward code (DH1)")
    }
}

impl LinkPostcode {
    /// Any case and spacing: upper-cased, spaces stripped, split into outward and inward codes.
    pub fn parse(text: &str) -> Result<Self, InvalidLinkPostcode> {
        if let Ok(whole) = Postcode::parse(text) {
            let outward = whole.district().to_owned();
            let inward = whole.as_str()[outward.len() + 1..].to_owned();
            return Ok(Self { outward, inward: Some(inward) });
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        // An outward code alone is the part of a whole postcode before its inward code: check it as one.
        if compact.len() <= 4 && Postcode::parse(&format!("{compact}1AA")).is_ok() {
            Ok(Self { outward: compact, inward: None })
        } else {
            Err(InvalidLinkPostcode)
        }
    }

    /// The unit, the whole postcode without its space (`DH13AB`), when the inward code is known.
    pub fn unit(&self) -> Option<String> {
        self.inward.as_ref().map(|inward| format!("{}{inward}", self.outward))
    }

    /// The sector: the district and the inward code's digit (`DH1 3`).
    pub fn sector(&self) -> Option<String> {
        self.inward.as_ref().map(|inward| format!("{} {}", self.outward, &inward[..1]))
    }

    pub fn district(&self) -> &str {
        &self.outward
    }

    /// The inward code (`3AB`), when known.
    pub fn inward(&self) -> Option<&str> {
        self.inward.as_deref()
    }

    /// The letters the district starts with: `DH`.
    pub fn area(&self) -> &str {
        &self.outward[..self.outward.chars().take_while(char::is_ascii_alphabetic).count()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_may_be_partial_but_never_impossible() {
        let full = BirthDate::parse("2011-02-28").expect("a date");
        assert!(full.is_full());
        assert_eq!((full.year(), full.month(), full.day()), (2011, Some(2), Some(28)));
        assert_eq!(BirthDate::parse("2011-02").expect("a month").day(), None);
        assert_eq!(BirthDate::parse("2011").expect("a year").month(), None);
        for bad in ["2011-02-30", "2011-13", "11-02-03", "2011/02/03", "2011-2-3", "abcd", "2011-02-03-04", ""] {
            assert_eq!(BirthDate::parse(bad), Err(InvalidBirthDate), "{bad}");
        }
    }

    #[test]
    fn postcodes_split_into_unit_sector_district_and_area() {
        let whole = LinkPostcode::parse(" dh13ab").expect("a postcode");
        assert_eq!(whole.unit().as_deref(), Some("DH13AB"));
        assert_eq!(whole.sector().as_deref(), Some("DH1 3"));
        assert_eq!((whole.district(), whole.area()), ("DH1", "DH"));
        let outward = LinkPostcode::parse("EC1A").expect("an outward code");
        assert_eq!((outward.unit(), outward.district(), outward.area()), (None, "EC1A", "EC"));
        assert!(LinkPostcode::parse("NFA").is_err());
        assert!(LinkPostcode::parse("12345").is_err());
    }

    #[test]
    fn sex_unknown_is_missing() {
        assert_eq!(RecordedSex::parse("f"), Ok(Some(RecordedSex::Female)));
        assert_eq!(RecordedSex::parse("U"), Ok(None));
        assert_eq!(RecordedSex::parse("X?"), Err(InvalidSex));
    }
}
