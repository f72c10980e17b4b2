//! The same seed, scale and date give the same records; another seed gives others.

use homeward_core::domain::agency::AgencyKind;
use homeward_synth::{Demo, Scale, generate};

use crate::{SEED, area, options};

/// Every record and field, compared one list at a time so a failure names the list.
fn assert_same(a: &Demo, b: &Demo) {
    let (x, y) = (&a.data, &b.data);
    assert_eq!(x.agencies, y.agencies);
    assert_eq!(x.users, y.users);
    assert_eq!(x.people, y.people);
    assert_eq!(x.episodes, y.episodes);
    assert_eq!(x.assessments, y.assessments);
    assert_eq!(x.return_interviews, y.return_interviews);
    assert_eq!(a.users, b.users);
    // Password hashes print as `PasswordHash(..)`: compare what the stores write.
    let hashes = |d: &Demo| d.data.users.iter().map(|u| u.password_hash.as_stored().to_owned()).collect::<Vec<_>>();
    assert_eq!(hashes(a), hashes(b));
}

#[test]
fn the_same_options_give_the_same_data() {
    let again = generate(&options(SEED, Scale::Area));
    assert_same(area(), &again);
}

#[test]
fn another_seed_gives_other_people_and_episodes_but_the_same_demo_area() {
    let other = generate(&options(SEED + 1, Scale::Area));
    let first = area();
    assert_ne!(first.data.people, other.data.people);
    assert_ne!(first.data.episodes, other.data.episodes);
    assert_ne!(first.users, other.users);
    // The demo area's names and codes are fixed so the documentation can name them; the others are drawn.
    let names = |d: &Demo| {
        AgencyKind::ALL
            .iter()
            .filter_map(|&kind| d.data.agencies.iter().find(|a| a.kind == kind))
            .map(|a| (a.code.clone(), a.name.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(first), names(&other));
    let emails = |d: &Demo| d.users.iter().map(|u| u.email.clone()).collect::<Vec<_>>();
    assert_eq!(emails(first), emails(&other));
}

#[test]
fn nothing_is_later_than_the_demo_date() {
    let as_of = options(SEED, Scale::Area).as_of;
    let data = &area().data;
    for e in &data.episodes {
        assert!(e.went_missing_at < e.reported_at || e.went_missing_at == e.reported_at);
        assert!(e.reported_at <= as_of && e.updated_at <= as_of && e.created_at <= as_of);
        assert!(e.returned_at.is_none_or(|r| r <= as_of && r > e.reported_at));
        assert!(e.went_missing_at >= as_of.plus(time::Duration::days(-365)));
    }
    for a in &data.assessments {
        assert!(a.assessed_at <= as_of);
    }
    for i in &data.return_interviews {
        assert!(i.offered_at.is_none_or(|o| o <= as_of && o >= i.created_at));
        assert!(i.completed_at.is_none_or(|c| c <= as_of && Some(c) >= i.offered_at));
    }
    for p in &data.people {
        assert!(p.created_at <= as_of);
    }
}
