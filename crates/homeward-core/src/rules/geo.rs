//! Geography's rules (issue 15): what a postcode the ONS Postcode Directory holds, or does not, means for a postcode
//! a person gives; which local authorities a council answers for; found out of area by local authority; and the
//! distance between two grid references.

use crate::domain::geo::PostcodeInfo;

/// Why a postcode a person gave cannot be taken, once a directory is loaded: not in it, or no longer in use.
pub fn postcode_problem(info: Option<&PostcodeInfo>) -> Option<String> {
    match info {
        None => Some("is not in the ONS Postcode Directory".to_owned()),
        Some(PostcodeInfo { terminated: Some(month), .. }) => {
            Some(format!("was terminated in {}: give the postcode in use now", month_name(month)))
        }
        Some(_) => None,
    }
}

/// A directory month, `YYYYMM`, in words: `March 2012`; as given when it is not one.
pub fn month_name(month: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (year, number) = month.split_at(month.len().min(4));
    match number.parse::<usize>().ok().and_then(|n| MONTHS.get(n.wrapping_sub(1))) {
        Some(name) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => format!("{name} {year}"),
        _ => month.to_owned(),
    }
}

/// Whether a code is an ONS local authority's, as the directory gives them: a unitary authority (E06), a district
/// (E07), a metropolitan district (E08), a London borough (E09), a county (E10) or a Welsh principal area (W06),
/// each followed by six digits.
pub fn is_la_code(code: &str) -> bool {
    let (kind, digits) = code.split_at(code.len().min(3));
    ["E06", "E07", "E08", "E09", "E10", "W06"].contains(&kind)
        && digits.len() == 6
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The local authorities a council answers for: those its rules list, or else its own agency code when that is an
/// ONS local authority's.
pub fn council_la_codes(agency_code: &str, local_authorities: Option<&[String]>) -> Vec<String> {
    match local_authorities {
        Some(listed) if !listed.is_empty() => listed.to_vec(),
        _ if is_la_code(agency_code) => vec![agency_code.to_owned()],
        _ => Vec::new(),
    }
}

/// Whether a person found in local authority `found_la` was found out of area: outside every one of the councils'
/// local authorities given. `None` when none of those councils has one known: nobody can tell from the directory.
pub fn found_out_of_area(found_la: &str, councils_las: &[Vec<String>]) -> Option<bool> {
    let mut known = councils_las.iter().filter(|las| !las.is_empty()).peekable();
    known.peek()?;
    Some(!known.any(|las| las.iter().any(|la| la == found_la)))
}

/// The straight-line distance in kilometres between two grid references (British National Grid: metres east and
/// north), each as `(easting, northing)`.
pub fn distance_km(a: (i32, i32), b: (i32, i32)) -> f64 {
    let east = f64::from(a.0) - f64::from(b.0);
    let north = f64::from(a.1) - f64::from(b.1);
    east.hypot(north) / 1_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::Postcode;

    fn info(terminated: Option<&str>) -> PostcodeInfo {
        PostcodeInfo {
            postcode: Postcode::parse("DH1 1AA").expect("a postcode"),
            easting: 427_500,
            northing: 542_600,
            la_code: "E06000047".into(),
            terminated: terminated.map(str::to_owned),
        }
    }

    #[test]
    fn an_unknown_or_terminated_postcode_is_a_problem_a_live_one_is_not() {
        assert_eq!(postcode_problem(None).as_deref(), Some("is not in the ONS Postcode Directory"));
        assert_eq!(
            postcode_problem(Some(&info(Some("201203")))).as_deref(),
            Some("was terminated in March 2012: give the postcode in use now")
        );
        assert_eq!(postcode_problem(Some(&info(None))), None);
        assert_eq!(month_name("199912"), "December 1999");
        assert_eq!(month_name("2012"), "2012", "not a month: as given");
        assert_eq!(month_name("201213"), "201213");
    }

    #[test]
    fn a_councils_local_authorities_are_its_rules_or_its_own_ons_code() {
        assert!(is_la_code("E06000047") && is_la_code("W06000015") && is_la_code("E09000033"));
        assert!(!is_la_code("E0000000X") && !is_la_code("E12000001") && !is_la_code("E0600004") && !is_la_code(""));
        assert_eq!(council_la_codes("E06000047", None), ["E06000047"]);
        assert_eq!(council_la_codes("E0000000X", None), Vec::<String>::new());
        let listed = ["E06000005".to_owned()];
        assert_eq!(council_la_codes("E06000047", Some(&listed)), ["E06000005"], "the rules say which");
    }

    #[test]
    fn found_out_of_area_means_outside_every_councils_local_authorities() {
        let durham = vec!["E06000047".to_owned()];
        let leeds = vec!["E08000035".to_owned()];
        assert_eq!(found_out_of_area("E08000035", &[durham.clone(), Vec::new()]), Some(true));
        assert_eq!(found_out_of_area("E08000035", &[durham.clone(), leeds]), Some(false), "placed in Leeds");
        assert_eq!(found_out_of_area("E06000047", &[durham]), Some(false));
        assert_eq!(found_out_of_area("E06000047", &[Vec::new()]), None, "no council's authority is known");
    }

    #[test]
    fn distance_is_straight_line_kilometres_on_the_grid() {
        assert!((distance_km((427_500, 542_600), (430_500, 546_600)) - 5.0).abs() < 1e-9);
        assert!(distance_km((1, 2), (1, 2)).abs() < f64::EPSILON);
    }
}
