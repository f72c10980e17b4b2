//! Comparison levels: how far two records agree on each field, from exact agreement down to none. A missing value
//! on either side gives no level, and so no evidence either way. Names are also compared crosswise, so that a
//! forename and surname recorded the wrong way round still agree.

use crate::names::{Name, are_nicknames};
use crate::record::{BirthDate, LinkPostcode, LinkRecord};

/// How two forenames, or two surnames, agree; best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameLevel {
    Exact,
    /// Jaro-Winkler similarity at least 0.92: a typo.
    JaroWinkler92,
    /// At least 0.88, or one part of a double-barrelled or multi-part name equal to the other.
    JaroWinkler88,
    /// Nicknames or short forms of one formal name (`BOB`, `ROBERT`).
    Nickname,
    /// One is written as an initial, and it is the other's.
    Initial,
    Else,
}

/// How two dates of birth agree; best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DobLevel {
    Exact,
    /// Day and month swapped (`2011-03-04` and `2011-04-03`).
    Transposed,
    /// The same day and month a year apart, or years a year apart when the rest is unknown.
    YearOff,
    /// At least one is a year and month or a year only, and they agree as far as both are known.
    Partial,
    Else,
}

/// How two recorded sexes agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SexLevel {
    Agree,
    Disagree,
}

/// How two postcodes agree, from the same unit (a building or a few) down to the same area; best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostcodeLevel {
    Unit,
    Sector,
    District,
    Area,
    Else,
}

/// The comparison of two records: a level per field, `None` where either value is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Comparison {
    pub first_name: Option<NameLevel>,
    pub surname: Option<NameLevel>,
    pub dob: Option<DobLevel>,
    pub sex: Option<SexLevel>,
    pub postcode: Option<PostcodeLevel>,
    /// The names agreed best crosswise: one record's forename against the other's surname and back.
    pub swapped: bool,
}

/// The number of fields compared, and of the levels of each (in the order of [`Comparison::levels`]).
pub const FIELDS: usize = 5;
pub const LEVELS: [usize; FIELDS] = [6, 6, 5, 2, 5];
pub const FIELD_NAMES: [&str; FIELDS] = ["first_name", "surname", "dob", "sex", "postcode"];

impl Comparison {
    /// Each field's level as an index into its levels, best first.
    pub fn levels(&self) -> [Option<usize>; FIELDS] {
        [
            self.first_name.map(|l| l as usize),
            self.surname.map(|l| l as usize),
            self.dob.map(|l| l as usize),
            self.sex.map(|l| l as usize),
            self.postcode.map(|l| l as usize),
        ]
    }
}

impl Comparison {
    /// Each field's level as a short code (`first_name=exact`, `dob=transposed`, `postcode=missing`), and
    /// `names=swapped` when the names agreed crosswise: what a reviewer is shown of a pair, never the values.
    pub fn codes(&self) -> Vec<String> {
        let name = |level: Option<NameLevel>| match level {
            None => "missing",
            Some(NameLevel::Exact) => "exact",
            Some(NameLevel::JaroWinkler92) => "close",
            Some(NameLevel::JaroWinkler88) => "similar",
            Some(NameLevel::Nickname) => "nickname",
            Some(NameLevel::Initial) => "initial",
            Some(NameLevel::Else) => "differ",
        };
        let dob = match self.dob {
            None => "missing",
            Some(DobLevel::Exact) => "exact",
            Some(DobLevel::Transposed) => "transposed",
            Some(DobLevel::YearOff) => "year_off",
            Some(DobLevel::Partial) => "partial",
            Some(DobLevel::Else) => "differ",
        };
        let sex = match self.sex {
            None => "missing",
            Some(SexLevel::Agree) => "agree",
            Some(SexLevel::Disagree) => "differ",
        };
        let postcode = match self.postcode {
            None => "missing",
            Some(PostcodeLevel::Unit) => "unit",
            Some(PostcodeLevel::Sector) => "sector",
            Some(PostcodeLevel::District) => "district",
            Some(PostcodeLevel::Area) => "area",
            Some(PostcodeLevel::Else) => "differ",
        };
        let mut codes: Vec<String> = FIELD_NAMES
            .iter()
            .zip([name(self.first_name), name(self.surname), dob, sex, postcode])
            .map(|(field, level)| format!("{field}={level}"))
            .collect();
        if self.swapped {
            codes.push("names=swapped".to_owned());
        }
        codes
    }
}

/// Compares two records field by field.
pub fn compare(l: &LinkRecord, r: &LinkRecord) -> Comparison {
    let straight =
        (name_level(l.first_name.as_ref(), r.first_name.as_ref()), name_level(l.surname.as_ref(), r.surname.as_ref()));
    let rank = |level: Option<NameLevel>| level.map_or(NameLevel::Else as usize + 1, |l| l as usize);
    let close = |level: Option<NameLevel>| level.is_some_and(|l| l <= NameLevel::JaroWinkler88);
    // Crosswise levels only when they could win: names that agree exactly cannot be bettered, and the second
    // crosswise name is not compared when the first is not close (most candidate pairs are strangers).
    let crossed = (rank(straight.0) + rank(straight.1) > 0)
        .then(|| name_level(l.first_name.as_ref(), r.surname.as_ref()))
        .filter(|&first| close(first))
        .map(|first| (first, name_level(l.surname.as_ref(), r.first_name.as_ref())))
        .filter(|&(first, second)| close(second) && rank(first) + rank(second) < rank(straight.0) + rank(straight.1));
    let swapped = crossed.is_some();
    let (first_name, surname) = crossed.unwrap_or(straight);
    Comparison {
        first_name,
        surname,
        dob: both(l.dob, r.dob).map(|(a, b)| dob_level(a, b)),
        sex: both(l.sex, r.sex).map(|(a, b)| if a == b { SexLevel::Agree } else { SexLevel::Disagree }),
        postcode: l.postcode.as_ref().zip(r.postcode.as_ref()).map(|(a, b)| postcode_level(a, b)),
        swapped,
    }
}

fn both<T>(a: Option<T>, b: Option<T>) -> Option<(T, T)> {
    a.zip(b)
}

pub fn name_level(a: Option<&Name>, b: Option<&Name>) -> Option<NameLevel> {
    let (a, b) = a.zip(b)?;
    let (x, y) = (a.as_str(), b.as_str());
    if x == y {
        return Some(NameLevel::Exact);
    }
    if a.is_initial() || b.is_initial() {
        return Some(if a.initial() == b.initial() { NameLevel::Initial } else { NameLevel::Else });
    }
    let similarity = crate::similarity::jaro_winkler(x, y);
    Some(if similarity >= 0.92 {
        NameLevel::JaroWinkler92
    } else if similarity >= 0.88 || shares_a_part(a, b) {
        NameLevel::JaroWinkler88
    } else if a.in_nickname_table()
        && b.in_nickname_table()
        && (are_nicknames(x, y) || a.parts().iter().any(|p| b.parts().iter().any(|q| are_nicknames(p, q))))
    {
        NameLevel::Nickname
    } else {
        NameLevel::Else
    })
}

/// One name of several parts holds a part of the other (`SMITH-JONES` and `JONES`, `MARY ANN` and `MARY`).
fn shares_a_part(a: &Name, b: &Name) -> bool {
    (a.parts().len() > 1 || b.parts().len() > 1) && a.parts().iter().any(|p| p.len() > 1 && b.parts().contains(p))
}

pub fn dob_level(a: BirthDate, b: BirthDate) -> DobLevel {
    if a.is_full() && b.is_full() {
        if a == b {
            DobLevel::Exact
        } else if a.year() == b.year() && a.day() == b.month() && a.month() == b.day() {
            DobLevel::Transposed
        } else if a.month() == b.month() && a.day() == b.day() && (a.year() - b.year()).abs() == 1 {
            DobLevel::YearOff
        } else {
            DobLevel::Else
        }
    } else {
        let agrees = |x: Option<u8>, y: Option<u8>| x.zip(y).is_none_or(|(x, y)| x == y);
        let rest_agrees = agrees(a.month(), b.month()) && agrees(a.day(), b.day());
        if a.year() == b.year() && rest_agrees {
            DobLevel::Partial
        } else if (a.year() - b.year()).abs() == 1 && rest_agrees {
            DobLevel::YearOff
        } else {
            DobLevel::Else
        }
    }
}

/// Compared without building the unit and sector strings: this runs for every candidate pair.
pub fn postcode_level(a: &LinkPostcode, b: &LinkPostcode) -> PostcodeLevel {
    let same_district = a.district() == b.district();
    match (a.inward(), b.inward()) {
        (Some(x), Some(y)) if same_district && x == y => PostcodeLevel::Unit,
        (Some(x), Some(y)) if same_district && x.as_bytes()[0] == y.as_bytes()[0] => PostcodeLevel::Sector,
        _ if same_district => PostcodeLevel::District,
        _ if a.area() == b.area() => PostcodeLevel::Area,
        _ => PostcodeLevel::Else,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<Name> {
        Name::parse(text)
    }

    fn level(a: &str, b: &str) -> Option<NameLevel> {
        name_level(name(a).as_ref(), name(b).as_ref())
    }

    fn dob(text: &str) -> BirthDate {
        BirthDate::parse(text).expect("a date")
    }

    fn postcode(text: &str) -> LinkPostcode {
        LinkPostcode::parse(text).expect("a postcode")
    }

    #[test]
    fn codes_name_each_fields_level_and_never_its_value() {
        let record = |first: &str, last: &str, born: &str| LinkRecord {
            unique_id: "1".into(),
            source: String::new(),
            first_name: name(first),
            surname: name(last),
            dob: Some(dob(born)),
            sex: None,
            postcode: Some(postcode("DH1 3AB")),
        };
        let codes = compare(&record("Ashworth", "Tamsin", "2011-03-04"), &record("Tamsin", "Ashwroth", "2011-04-03"));
        let expected =
            ["first_name=close", "surname=exact", "dob=transposed", "sex=missing", "postcode=unit", "names=swapped"];
        assert_eq!(codes.codes(), expected);
    }

    #[test]
    fn names_fall_into_their_bands() {
        assert_eq!(level("Ashworth", "ASHWORTH"), Some(NameLevel::Exact));
        assert_eq!(level("Ashworth", "Ashwroth"), Some(NameLevel::JaroWinkler92));
        assert_eq!(level("Robert", "Bob"), Some(NameLevel::Nickname));
        assert_eq!(level("Elizabeth", "Liz"), Some(NameLevel::Nickname));
        assert_eq!(level("J", "Jack"), Some(NameLevel::Initial));
        assert_eq!(level("K", "Jack"), Some(NameLevel::Else));
        assert_eq!(level("Dewhurst-Clegg", "Clegg"), Some(NameLevel::JaroWinkler88));
        assert_eq!(level("Tamsin", "Oscar"), Some(NameLevel::Else));
        assert_eq!(level("", "Oscar"), None);
    }

    #[test]
    fn dates_of_birth_fall_into_their_levels() {
        assert_eq!(dob_level(dob("2011-03-04"), dob("2011-03-04")), DobLevel::Exact);
        assert_eq!(dob_level(dob("2011-03-04"), dob("2011-04-03")), DobLevel::Transposed);
        assert_eq!(dob_level(dob("2011-03-04"), dob("2012-03-04")), DobLevel::YearOff);
        assert_eq!(dob_level(dob("2011-03-04"), dob("2011")), DobLevel::Partial);
        assert_eq!(dob_level(dob("2011-03-04"), dob("2011-03")), DobLevel::Partial);
        assert_eq!(dob_level(dob("2011-03-04"), dob("2011-05")), DobLevel::Else);
        assert_eq!(dob_level(dob("2011"), dob("2010")), DobLevel::YearOff);
        assert_eq!(dob_level(dob("2011-03-04"), dob("2011-03-05")), DobLevel::Else);
    }

    #[test]
    fn postcodes_agree_from_unit_to_area() {
        assert_eq!(postcode_level(&postcode("DH1 3AB"), &postcode("dh13ab")), PostcodeLevel::Unit);
        assert_eq!(postcode_level(&postcode("DH1 3AB"), &postcode("DH1 3XY")), PostcodeLevel::Sector);
        assert_eq!(postcode_level(&postcode("DH1 3AB"), &postcode("DH1 5XY")), PostcodeLevel::District);
        assert_eq!(postcode_level(&postcode("DH1 3AB"), &postcode("DH1")), PostcodeLevel::District);
        assert_eq!(postcode_level(&postcode("DH1 3AB"), &postcode("DH7 3AB")), PostcodeLevel::Area);
        assert_eq!(postcode_level(&postcode("DH1 3AB"), &postcode("DL1 3AB")), PostcodeLevel::Else);
    }

    #[test]
    fn forename_and_surname_swapped_are_compared_crosswise() {
        let record = |first: &str, surname: &str| LinkRecord {
            unique_id: "x".into(),
            source: "s".into(),
            first_name: name(first),
            surname: name(surname),
            dob: None,
            sex: None,
            postcode: None,
        };
        let swapped = compare(&record("Tamsin", "Fairclough"), &record("Fairclough", "Tamsin"));
        assert!(swapped.swapped);
        assert_eq!((swapped.first_name, swapped.surname), (Some(NameLevel::Exact), Some(NameLevel::Exact)));
        let straight = compare(&record("Morgan", "Morgan"), &record("Morgan", "Morgan"));
        assert!(!straight.swapped);
    }
}
