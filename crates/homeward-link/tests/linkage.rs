//! The hard cases of issue 14 on a small synthetic file: the same child recorded with a typo, a nickname, names
//! swapped, day and month swapped, a year-only date of birth or a new address is linked; siblings, twins and
//! unrelated children in one children's home are not. Every name is made up.

mod support;

use homeward_link::{Guard, LINK_THRESHOLD, LinkRecord, Linkage, Score, link};
use support::record;

/// Pairs of records of one child, each differing in one way agencies' records do.
fn same_child_pairs() -> Vec<(&'static str, LinkRecord, LinkRecord)> {
    vec![
        (
            "a typo in the surname",
            record("TYPO1", "Tamsin", "Fairclough", "2011-03-04", "F", "DH1 3AB"),
            record("TYPO2", "TAMSIN", "Fairclogh", "2011-03-04", "F", "dh1 3ab"),
        ),
        (
            "a nickname",
            record("NICK1", "Robert", "Quellingham", "2010-06-15", "M", "NE4 7HW"),
            record("NICK2", "Bob", "Quellingham", "2010-06-15", "M", "NE4 7HW"),
        ),
        (
            "forename and surname swapped",
            record("SWAP1", "Quillon", "Harrowgate", "2009-10-21", "M", "SR2 0DJ"),
            record("SWAP2", "Harrowgate", "Quillon", "2009-10-21", "M", "SR2 0DJ"),
        ),
        (
            "day and month swapped",
            record("TRAN1", "Perpetua", "Oakenshaw", "2012-04-09", "F", "TS5 6LT"),
            record("TRAN2", "Perpetua", "Oakenshaw", "2012-09-04", "F", "TS5 6LT"),
        ),
        (
            "a year-only date of birth",
            record("YEAR1", "Barnaby", "Wetherspoon-Hale", "2009-11-23", "M", "LS6 2QT"),
            record("YEAR2", "Barnaby", "Wetherspoon-Hale", "2009", "M", "LS6"),
        ),
        (
            "a placement move",
            record("MOVE1", "Henrietta", "Gallowfield", "2008-01-30", "F", "DL3 9RS"),
            record("MOVE2", "Henrietta", "Gallowfield", "2008-01-30", "F", "BD7 1NU"),
        ),
    ]
}

/// Pairs of records of different children that look alike.
fn different_children_pairs() -> Vec<(&'static str, LinkRecord, LinkRecord)> {
    vec![
        (
            "siblings at one address",
            record("SIBS1", "Imogen", "Pellingham", "2010-02-11", "F", "DH7 8PQ"),
            record("SIBS2", "Zachary", "Pellingham", "2013-07-30", "M", "DH7 8PQ"),
        ),
        (
            "sisters at one address, one date of birth unknown",
            record("SIBS3", "Marigold", "Thistlewood", "2011-05-17", "F", "TS1 2AB"),
            record("SIBS4", "Clementine", "Thistlewood", "", "F", "TS1 2AB"),
        ),
        (
            "siblings born in one year at one address",
            record("SIBS5", "Percival", "Dunnerdale", "2011-01-05", "M", "NE9 6XR"),
            record("SIBS6", "Araminta", "Dunnerdale", "2011-12-20", "F", "NE9 6XR"),
        ),
        (
            "twin sisters",
            record("TWIN1", "Ottilie", "Brackwick", "2012-05-05", "F", "HG1 4EE"),
            record("TWIN2", "Rosamund", "Brackwick", "2012-05-05", "F", "HG1 4EE"),
        ),
        (
            "twin brother and sister",
            record("TWIN3", "Lysander", "Cromhurst", "2013-08-19", "M", "DL1 5TT"),
            record("TWIN4", "Celandine", "Cromhurst", "2013-08-19", "F", "DL1 5TT"),
        ),
    ]
}

/// Unrelated children placed in one children's home: one postcode unit, some born the same year.
fn childrens_home() -> Vec<LinkRecord> {
    [
        ("HOME1", "Jasper", "Ainscough", "2009-03-14", "M"),
        ("HOME2", "Keira", "Moldenhauer", "2009-07-02", "F"),
        ("HOME3", "Reece", "Tillotson", "2009-11-25", "M"),
        ("HOME4", "Niamh", "Quarmby", "2010-01-09", "F"),
        ("HOME5", "Logan", "Fothergill", "2008-06-30", "M"),
        ("HOME6", "Willow", "Ravensworth", "2009-03-15", "F"),
    ]
    .into_iter()
    .map(|(id, first, surname, dob, sex)| record(id, first, surname, dob, sex, "TS4 9ZZ"))
    .collect()
}

/// The hard cases among a background of synthetic people, some recorded more than once, for EM to learn from.
fn fixture() -> (Vec<LinkRecord>, Linkage) {
    let (mut records, _) = support::population(420, 7);
    for (_, l, r) in same_child_pairs().into_iter().chain(different_children_pairs()) {
        records.extend([l, r]);
    }
    records.extend(childrens_home());
    let linkage = link(&records);
    (records, linkage)
}

fn score(records: &[LinkRecord], linkage: &Linkage, l: &str, r: &str) -> Option<Score> {
    let index = |id: &str| records.iter().position(|record| record.unique_id == id).expect("in the fixture");
    let (a, b) = (index(l).min(index(r)) as u32, index(l).max(index(r)) as u32);
    linkage.pairs.iter().find(|p| (p.l, p.r) == (a, b)).map(|p| p.score)
}

/// A pair's probability; 0 when blocking never made it a candidate.
fn probability(records: &[LinkRecord], linkage: &Linkage, l: &str, r: &str) -> f64 {
    score(records, linkage, l, r).map_or(0.0, |s| s.probability)
}

fn guard_of(records: &[LinkRecord], linkage: &Linkage, l: &str, r: &str) -> Option<Guard> {
    score(records, linkage, l, r).and_then(|s| s.guard)
}

fn cluster_of<'a>(records: &[LinkRecord], linkage: &'a Linkage, id: &str) -> &'a str {
    &linkage.clusters[records.iter().position(|record| record.unique_id == id).expect("in the fixture")]
}

#[test]
fn the_same_child_recorded_differently_is_linked_into_one_cluster() {
    let (records, linkage) = fixture();
    for (why, l, r) in same_child_pairs() {
        let p = probability(&records, &linkage, &l.unique_id, &r.unique_id);
        assert!(p >= LINK_THRESHOLD, "{why}: {p:.4}");
        assert_eq!(cluster_of(&records, &linkage, &l.unique_id), cluster_of(&records, &linkage, &r.unique_id));
        assert_eq!(cluster_of(&records, &linkage, &r.unique_id), l.unique_id.min(r.unique_id), "{why}");
    }
}

#[test]
fn siblings_twins_and_children_sharing_a_home_are_not_linked() {
    let (records, linkage) = fixture();
    for (why, l, r) in different_children_pairs() {
        let p = probability(&records, &linkage, &l.unique_id, &r.unique_id);
        assert!(p < 0.1, "{why}: {p:.4}");
        if why.contains("one year") || why.starts_with("twin") {
            let guard = guard_of(&records, &linkage, &l.unique_id, &r.unique_id);
            let expected = if why.starts_with("twin") { Guard::Twins } else { Guard::Siblings };
            assert_eq!(guard, Some(expected), "{why}: the guard, not the fields alone, keeps them apart");
        }
        assert_ne!(cluster_of(&records, &linkage, &l.unique_id), cluster_of(&records, &linkage, &r.unique_id));
    }
    let home = childrens_home();
    for (at, l) in home.iter().enumerate() {
        assert_eq!(cluster_of(&records, &linkage, &l.unique_id), l.unique_id, "alone in its cluster");
        for r in &home[at + 1..] {
            let p = probability(&records, &linkage, &l.unique_id, &r.unique_id);
            assert!(p < 0.1, "{} and {}: {p:.4}", l.unique_id, r.unique_id);
        }
    }
}

#[test]
fn the_same_file_links_the_same_way_every_time() {
    let (_, first) = fixture();
    let (_, again) = fixture();
    assert_eq!(first.clusters, again.clusters);
    assert_eq!(first.model.parameters, again.model.parameters);
}
