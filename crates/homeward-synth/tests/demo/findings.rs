//! What completed return interviews found: every one has findings, at the rates calibration.rs gives; the planted
//! adults are named by children of several councils and forces with the same phone number; and the places children
//! name in the demo area carry its real postcodes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use homeward_core::domain::episode::Episode;
use homeward_core::domain::ids::{AgencyId, EpisodeId, PersonId};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::{CceIndicator, CseIndicator, Findings, Harm, InterviewStatus, Reason};
use homeward_core::rules::intel::{normalise_phone, normalise_vehicle};
use homeward_synth::Demo;

use crate::{area, region};

/// Each completed child's interview's findings, with its episode and person.
fn child_findings(demo: &Demo) -> Vec<(&Findings, &Episode, &Person)> {
    let data = &demo.data;
    let episodes: HashMap<EpisodeId, &Episode> = data.episodes.iter().map(|e| (e.id, e)).collect();
    let people: HashMap<PersonId, &Person> = data.people.iter().map(|p| (p.id, p)).collect();
    data.return_interviews
        .iter()
        .filter(|i| i.statutory && i.status == InterviewStatus::Completed)
        .map(|i| {
            let findings = i.record.as_ref().and_then(|r| r.findings.as_ref()).expect("completed with findings");
            let episode = episodes[&i.episode_id];
            (findings, episode, people[&episode.person_id])
        })
        .collect()
}

fn share<T>(items: &[T], test: impl Fn(&T) -> bool) -> f64 {
    items.iter().filter(|&i| test(i)).count() as f64 / items.len() as f64
}

fn near(name: &str, measured: f64, expected: f64, tolerance: f64) {
    assert!(
        (measured - expected).abs() <= tolerance,
        "{name}: measured {measured:.4}, expected {expected} ± {tolerance}"
    );
}

#[test]
fn completed_interviews_and_only_they_have_findings_a_person_could_have_recorded() {
    for demo in [area(), region()] {
        for interview in &demo.data.return_interviews {
            let findings = interview.record.as_ref().and_then(|r| r.findings.as_ref());
            assert_eq!(findings.is_some(), interview.status == InterviewStatus::Completed);
            if let Some(record) = &interview.record {
                assert_eq!(Some(record.recorded_by), interview.practitioner_id);
                assert_eq!(Some(record.recorded_at), interview.completed_at);
            }
            if let Some(findings) = findings {
                assert_eq!(findings.problem(), None);
                // Up to three places and two people of their own, and a network's adult and two of its places.
                assert!(findings.places.len() <= 5 && findings.people.len() <= 3);
                assert!(findings.travel.is_some() && findings.got_back.is_some());
                assert!(findings.safety_information.is_some());
            }
        }
        assert!(child_findings(demo).len() > 1_000);
    }
}

#[test]
fn the_rates_are_near_calibration() {
    let all = child_findings(region());
    let at_home: Vec<_> = all.iter().filter(|(_, _, p)| !p.looked_after).collect();
    let looked_after: Vec<_> = all.iter().filter(|(_, _, p)| p.looked_after).collect();
    // calibration.rs PUSH_AT_HOME, PUSH_LOOKED_AFTER, PULL_CHILD, HARM (any of five), PLACES_NAMED, PEOPLE_NAMED.
    near("conflict at home", share(&at_home, |(f, _, _)| f.push_factors.contains(&Reason::ConflictAtHome)), 0.45, 0.03);
    near("placement", share(&looked_after, |(f, _, _)| f.push_factors.contains(&Reason::Placement)), 0.5, 0.03);
    near("relationships", share(&all, |(f, _, _)| f.pull_factors.contains(&Reason::Relationships)), 0.55, 0.02);
    let any_harm = 1.0 - 0.88 * 0.94 * 0.96 * 0.96 * 0.98;
    near("any harm", share(&all, |(f, _, _)| f.harm.iter().any(|h| *h != Harm::SexualHarm)), any_harm, 0.02);
    let mean =
        |count: fn(&Findings) -> usize| all.iter().map(|(f, _, _)| count(f)).sum::<usize>() as f64 / all.len() as f64;
    // 1.2 places and 0.95 people, a few more for the children the networks reach, a few fewer for repeats.
    near("places named", mean(|f| f.places.len()), 1.2, 0.1);
    near("people named", mean(|f| f.people.len()), 0.95, 0.08);
    // Exploitation indicators only after an episode with the concern, and most such interviews give some.
    for (f, e, _) in &all {
        assert!(e.risk.cse_concern || f.cse_indicators.is_empty());
        assert!(e.risk.cce_concern || f.cce_indicators.is_empty());
        assert!(e.risk.cse_concern || e.risk.cce_concern || !f.pull_factors.contains(&Reason::Exploitation));
    }
    let cse: Vec<_> = all.iter().filter(|(_, e, _)| e.risk.cse_concern).collect();
    let cce: Vec<_> = all.iter().filter(|(_, e, _)| e.risk.cce_concern).collect();
    assert!(share(&cse, |(f, _, _)| !f.cse_indicators.is_empty()) > 0.75);
    assert!(share(&cce, |(f, _, _)| !f.cce_indicators.is_empty()) > 0.75);
    assert!(share(&cse, |(f, _, _)| f.cse_indicators.contains(&CseIndicator::OlderBoyfriendOrGirlfriend)) > 0.35);
    assert!(share(&cce, |(f, _, _)| f.cce_indicators.contains(&CceIndicator::ControllingOlderPeople)) > 0.25);
}

/// Who named each phone number (as the core normalises it): the children, their councils and the forces.
type Named = BTreeMap<String, (BTreeSet<PersonId>, BTreeSet<AgencyId>, BTreeSet<AgencyId>)>;

fn by_phone_and_vehicle(demo: &Demo) -> (Named, Named) {
    let (mut phones, mut vehicles) = (Named::new(), Named::new());
    for (findings, episode, person) in child_findings(demo) {
        for named in &findings.people {
            let keys = [
                (&mut phones, named.phone.as_ref().and_then(|p| normalise_phone(p.as_str()))),
                (&mut vehicles, named.vehicle.as_ref().and_then(|v| normalise_vehicle(v.as_str()))),
            ];
            for (map, key) in keys {
                if let Some(key) = key {
                    let entry = map.entry(key).or_default();
                    entry.0.insert(person.id);
                    entry.1.insert(person.responsible_la_id.expect("children have a responsible council"));
                    entry.2.insert(episode.recorded_by_agency_id);
                }
            }
        }
    }
    (phones, vehicles)
}

#[test]
fn planted_adults_are_named_by_children_of_several_councils_with_the_same_phone() {
    let (phones, vehicles) = by_phone_and_vehicle(region());
    // Every phone or car named is a planted adult's: ordinary friends are named by first name or nickname only.
    assert!((3..=4).contains(&phones.len()), "{phones:?}");
    assert!((3..=4).contains(&vehicles.len()), "{vehicles:?}");
    for (phone, (children, councils, forces)) in &phones {
        assert!(phone.starts_with("07700900"), "Ofcom's drama range: {phone}");
        assert!(children.len() >= 5, "{phone} named by {} children", children.len());
        assert!(councils.len() >= 2, "{phone} named by children of {} councils", councils.len());
        println!("{phone}: {} children, {} councils, {} forces", children.len(), councils.len(), forces.len());
    }
    assert!(phones.values().any(|(_, _, forces)| forces.len() >= 2), "some adult crosses force areas");
    // At the area's scale, the three adults each recur across its children.
    let (phones, vehicles) = by_phone_and_vehicle(area());
    let adults = phones.len().max(vehicles.len());
    assert_eq!(adults, 3, "{phones:?} {vehicles:?}");
    assert!(phones.values().chain(vehicles.values()).all(|(children, _, _)| children.len() >= 3));
}

#[test]
fn the_demo_areas_places_carry_its_real_postcodes_and_its_hotspots_recur() {
    let mut named: HashMap<String, BTreeSet<PersonId>> = HashMap::new();
    let mut sectors: HashMap<String, usize> = HashMap::new();
    for (findings, _, person) in child_findings(area()) {
        for place in &findings.places {
            if let Some(postcode) = &place.postcode {
                assert!(["DH1 ", "DL"].iter().any(|d| postcode.as_str().starts_with(d)), "{postcode}");
                named.entry(format!("{postcode} {}", place.description)).or_default().insert(person.id);
                let text = postcode.as_str();
                *sectors.entry(text[..text.len() - 2].to_owned()).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<(usize, &String)> = named.iter().map(|(k, v)| (v.len(), k)).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    // The station the three networks use is named by more children than any everyday place, and a hotel recurs.
    assert!(counts[0].0 >= 10 && counts[0].1.contains("railway station"), "{:?}", &counts[..5]);
    assert!(counts.iter().any(|(children, place)| *children >= 5 && place.contains("hotel")));
    // Their places share a postcode sector, which is named more often than any other.
    let busiest = sectors.iter().max_by_key(|&(sector, times)| (times, sector)).expect("sectors named");
    assert_eq!(busiest.0, "DH1 1", "{sectors:?}");
}

/// The findings are the same on every machine, as the rest of the data set is (`determinism.rs`): when they are
/// changed on purpose, run the test and put the new value here.
#[test]
fn the_findings_are_the_same_on_every_machine() {
    let digest = area()
        .data
        .return_interviews
        .iter()
        .filter_map(|i| i.record.as_ref())
        .fold(0xcbf2_9ce4_8422_2325, |h, record| crate::determinism::fnv1a(h, &format!("{record:?}\n")));
    assert_eq!(format!("{digest:016x}"), "8ea775114480fb6f");
}
