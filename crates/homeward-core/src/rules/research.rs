//! The research extract's disclosure control (docs/RETURNS.md): quasi-identifiers coarsened (ages in bands, dates to
//! the month, postcodes to the district), then k-anonymity: every combination of them released is shared by at
//! least k people, or the episode is generalised further, and at last suppressed.

use std::collections::{HashMap, HashSet};

use time::Date;

/// The band of an age in whole years. Children's bands follow the ages DOMAIN.md's figures use (most missing
/// children are 12 to 17; 16 and over is half of looked-after incidents); adults' are wide.
pub fn age_band(age: i32) -> &'static str {
    match age {
        ..=9 => "0-9",
        10..=12 => "10-12",
        13..=15 => "13-15",
        16..=17 => "16-17",
        18..=24 => "18-24",
        25..=39 => "25-39",
        40..=59 => "40-59",
        _ => "60+",
    }
}

/// A date to its month, `YYYY-MM`.
pub fn month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), u8::from(date.month()))
}

/// What is suppressed in a cell: a coarser level gives up this value.
pub const SUPPRESSED: &str = "*";

/// The quasi-identifiers of one episode: the values someone who knows a person could match them by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuasiIds {
    pub age_band: String,
    pub sex: String,
    pub looked_after: String,
    /// `YYYY-MM`; `YYYY` once generalised.
    pub month: String,
    /// The postcode district, blank when none is known; [`SUPPRESSED`] once generalised.
    pub district: String,
}

/// How many levels of generalisation there are: as given; the district suppressed; the month to its year; the age
/// to child or adult. Each level writes a value no other level writes (`*`, `YYYY`, `under 18`), so combinations
/// released at different levels never merge, and each keeps the k people it was released with.
pub const LEVELS: usize = 4;

fn generalised(qi: &QuasiIds, level: usize) -> QuasiIds {
    let mut out = qi.clone();
    if level >= 1 {
        SUPPRESSED.clone_into(&mut out.district);
    }
    if level >= 2 {
        out.month.truncate(4);
    }
    if level >= 3 {
        let child = matches!(qi.age_band.as_str(), "0-9" | "10-12" | "13-15" | "16-17");
        (if child { "under 18" } else { "18 or over" }).clone_into(&mut out.age_band);
    }
    out
}

/// The quasi-identifiers each episode is released with, in the order given, or `None` where it is suppressed.
/// Episodes are `(person, quasi-identifiers)`; a combination counts the distinct people sharing it, so one person's
/// many episodes never make up k on their own. At each level, the combinations shared by at least `k` people are
/// released; the rest go on to the next level; what no level releases is suppressed.
pub fn k_anonymous(episodes: &[(u128, QuasiIds)], k: usize) -> Vec<Option<QuasiIds>> {
    let mut released = vec![None; episodes.len()];
    let mut pending: Vec<usize> = (0..episodes.len()).collect();
    for level in 0..LEVELS {
        let mut groups: HashMap<QuasiIds, (HashSet<u128>, Vec<usize>)> = HashMap::new();
        for index in pending.drain(..) {
            let (person, qi) = &episodes[index];
            let group = groups.entry(generalised(qi, level)).or_default();
            group.0.insert(*person);
            group.1.push(index);
        }
        for (qi, (people, members)) in groups {
            if people.len() >= k {
                for index in members {
                    released[index] = Some(qi.clone());
                }
            } else {
                pending.extend(members);
            }
        }
        pending.sort_unstable();
    }
    released
}

/// What the extract releases: each episode's quasi-identifiers (or `None`, suppressed) and the people whose
/// pseudonym goes with their rows.
#[derive(Debug, Default)]
pub struct Release {
    pub rows: Vec<Option<QuasiIds>>,
    pub linked: HashSet<u128>,
}

/// k-anonymity for people, not only rows. A pseudonym joins a person's rows, and the rows together (a child missing
/// in March and in June) can be rarer than any one of them, so the unit released is the person: their signature is
/// every row's quasi-identifiers at one level, sorted (the number of episodes counts too), and a person is released
/// with their pseudonym at the first level where at least `k` people share their signature, which makes each of
/// their rows shared by k people as well. People no level releases go out unjoined: their rows alone, by
/// [`k_anonymous`] among those people only, with no pseudonym.
pub fn release(episodes: &[(u128, QuasiIds)], k: usize) -> Release {
    let mut out = Release { rows: vec![None; episodes.len()], linked: HashSet::new() };
    let mut rows_of: HashMap<u128, Vec<usize>> = HashMap::new();
    for (index, (person, _)) in episodes.iter().enumerate() {
        rows_of.entry(*person).or_default().push(index);
    }
    let mut pending: Vec<u128> = rows_of.keys().copied().collect();
    for level in 0..LEVELS {
        let mut groups: HashMap<Vec<QuasiIds>, Vec<u128>> = HashMap::new();
        for person in pending.drain(..) {
            let mut signature: Vec<QuasiIds> =
                rows_of[&person].iter().map(|index| generalised(&episodes[*index].1, level)).collect();
            signature.sort_unstable();
            groups.entry(signature).or_default().push(person);
        }
        for people in groups.into_values() {
            if people.len() < k {
                pending.extend(people);
                continue;
            }
            for person in people {
                for index in &rows_of[&person] {
                    out.rows[*index] = Some(generalised(&episodes[*index].1, level));
                }
                out.linked.insert(person);
            }
        }
    }
    let unjoined: Vec<usize> = pending.iter().flat_map(|person| rows_of[person].iter().copied()).collect();
    let alone: Vec<(u128, QuasiIds)> = unjoined.iter().map(|index| episodes[*index].clone()).collect();
    for (index, qi) in unjoined.into_iter().zip(k_anonymous(&alone, k)) {
        out.rows[index] = qi;
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn qi(age: &str, sex: &str, month: &str, district: &str) -> QuasiIds {
        QuasiIds {
            age_band: age.to_owned(),
            sex: sex.to_owned(),
            looked_after: "N".to_owned(),
            month: month.to_owned(),
            district: district.to_owned(),
        }
    }

    /// The property the extract promises: every combination released is shared by at least k distinct people.
    fn every_combination_has_k(episodes: &[(u128, QuasiIds)], released: &[Option<QuasiIds>], k: usize) -> bool {
        let mut people: HashMap<&QuasiIds, HashSet<u128>> = HashMap::new();
        for ((person, _), out) in episodes.iter().zip(released) {
            if let Some(out) = out {
                people.entry(out).or_default().insert(*person);
            }
        }
        people.values().all(|p| p.len() >= k)
    }

    #[test]
    fn bands_and_months() {
        assert_eq!(
            [age_band(-1), age_band(12), age_band(13), age_band(17), age_band(18), age_band(75)],
            ["0-9", "10-12", "13-15", "16-17", "18-24", "60+"]
        );
        assert_eq!(month(Date::from_calendar_date(2025, time::Month::March, 9).expect("valid")), "2025-03");
    }

    #[test]
    fn rare_combinations_are_generalised_then_suppressed() {
        let mut episodes: Vec<(u128, QuasiIds)> = (0..3).map(|p| (p, qi("13-15", "F", "2025-04", "DH1"))).collect();
        // Two people in DH7 and one in SR2 that month: too few for k = 3 in either district, three once districts go.
        episodes.extend((3..5).map(|p| (p, qi("13-15", "F", "2025-04", "DH7"))));
        episodes.push((5, qi("13-15", "F", "2025-04", "SR2")));
        // One person with many episodes is still one person.
        episodes.extend((0..5).map(|_| (9, qi("60+", "M", "2025-05", "SR1"))));
        let released = k_anonymous(&episodes, 3);
        assert_eq!(released[0].as_ref().map(|q| q.district.as_str()), Some("DH1"));
        assert_eq!(released[3].as_ref().map(|q| q.district.as_str()), Some("*"));
        assert_eq!(released[5].as_ref().map(|q| q.district.as_str()), Some("*"));
        assert!(released[6..].iter().all(Option::is_none));
        assert!(every_combination_has_k(&episodes, &released, 3));
    }

    #[test]
    fn a_rare_set_of_rows_loses_its_pseudonym() {
        // Three people each missing once in April, and three missing in April and again in May; person 9 alone went
        // missing in April, May and June: each of their rows is shared by k people, the three together by no one.
        let april = qi("13-15", "F", "2025-04", "DH1");
        let may = qi("13-15", "F", "2025-05", "DH1");
        let june = qi("13-15", "F", "2025-06", "DH1");
        let mut episodes: Vec<(u128, QuasiIds)> = (0..3).map(|p| (p, april.clone())).collect();
        for p in 3..6 {
            episodes.extend([(p, april.clone()), (p, may.clone())]);
        }
        episodes.extend((6..8).map(|p| (p, june.clone())));
        episodes.extend([(9, april), (9, may), (9, june.clone())]);
        assert!(k_anonymous(&episodes, 3).iter().all(Option::is_some), "every row is k-anonymous alone");
        let release = release(&episodes, 3);
        assert_eq!(release.linked, (0..6).collect::<HashSet<u128>>(), "person 9's three rows are theirs alone");
        // Unjoined, person 9's June shares its combination with 6 and 7; their April and May are too rare alone.
        let june = Some(june);
        assert_eq!(&release.rows[9..], [june.clone(), june.clone(), None, None, june]);
    }

    /// The second property: every pseudonym released joins a set of rows that at least k people share.
    fn every_linked_set_has_k(
        episodes: &[(u128, QuasiIds)],
        released: &[Option<QuasiIds>],
        linkable: &HashSet<u128>,
        k: usize,
    ) -> bool {
        let mut rows: HashMap<u128, Vec<&QuasiIds>> = HashMap::new();
        for ((person, _), out) in episodes.iter().zip(released) {
            if let Some(out) = out {
                rows.entry(*person).or_default().push(out);
            }
        }
        let mut counts: HashMap<Vec<&QuasiIds>, usize> = HashMap::new();
        for signature in rows.values_mut() {
            signature.sort_unstable();
            *counts.entry(signature.clone()).or_default() += 1;
        }
        linkable.iter().all(|person| rows.get(person).is_some_and(|signature| counts[signature] >= k))
    }

    fn an_episode() -> impl Strategy<Value = (u128, QuasiIds)> {
        (
            0u128..40,
            prop::sample::select(vec!["0-9", "13-15", "16-17", "18-24"]),
            prop::sample::select(vec!["M", "F"]),
            prop::sample::select(vec!["2025-01", "2025-02", "2026-01"]),
            prop::sample::select(vec!["", "DH1", "DH7", "SR1"]),
        )
            .prop_map(|(person, age, sex, month, district)| (person, qi(age, sex, month, district)))
    }

    proptest! {
        #[test]
        fn every_released_combination_is_shared_by_at_least_k_people(
            episodes in prop::collection::vec(an_episode(), 0..300),
            k in 2usize..12,
        ) {
            let released = k_anonymous(&episodes, k);
            prop_assert_eq!(released.len(), episodes.len());
            prop_assert!(every_combination_has_k(&episodes, &released, k));
            let release = release(&episodes, k);
            prop_assert!(every_combination_has_k(&episodes, &release.rows, k));
            prop_assert!(every_linked_set_has_k(&episodes, &release.rows, &release.linked, k));
        }
    }
}
