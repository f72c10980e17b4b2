//! Every reference in the data set points at a record in it, roles fit their agencies, the demo area has one user of
//! every role, and the stored risk picture is what core's rules make of the assessments.

use std::collections::{BTreeMap, HashMap, HashSet};

use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::credentials::Password;
use homeward_core::domain::episode::{EpisodeStatus, LaCategory, MissingFrom};
use homeward_core::domain::ids::{AgencyId, EpisodeId, PersonId, UserId};
use homeward_core::domain::risk::{RiskAssessment, RiskGrade, RiskSide};
use homeward_core::domain::user::Role;
use homeward_core::rules::deadlines::return_interview_due;
use homeward_core::rules::risk::{ReviewIntervals, current_risk};
use homeward_synth::Demo;

use crate::{area, region};

fn check_references(demo: &Demo) {
    let data = &demo.data;
    let agencies: HashMap<AgencyId, AgencyKind> = data.agencies.iter().map(|a| (a.id, a.kind)).collect();
    assert_eq!(agencies.len(), data.agencies.len(), "agency ids are unique");
    // Agencies come in reference order: each council's force is listed before it.
    let mut seen = HashSet::new();
    for agency in &data.agencies {
        if let Some(force) = agency.police_force_id {
            assert!(seen.contains(&force));
            assert_eq!(agencies[&force], AgencyKind::Police);
            assert_eq!(agency.kind, AgencyKind::LocalAuthority);
        }
        seen.insert(agency.id);
    }
    let users: HashMap<UserId, (AgencyId, Role)> = data.users.iter().map(|u| (u.id, (u.agency_id, u.role))).collect();
    assert_eq!(users.len(), data.users.len(), "user ids are unique");
    let emails: HashSet<_> = data.users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails.len(), data.users.len(), "emails are unique");
    for user in &data.users {
        assert!(user.role.fits(agencies[&user.agency_id]), "{}", user.role);
        assert!(user.email.as_str().ends_with(".example"));
    }
    let is = |agency: Option<AgencyId>, kind| agency.is_some_and(|a| agencies[&a] == kind);

    let people: HashMap<PersonId, _> = data.people.iter().map(|p| (p.id, p)).collect();
    assert_eq!(people.len(), data.people.len(), "person ids are unique");
    for person in &data.people {
        assert!(is(person.responsible_la_id, AgencyKind::LocalAuthority));
        assert!(person.host_la_id.is_none() || is(person.host_la_id, AgencyKind::LocalAuthority));
        assert_ne!(person.host_la_id, person.responsible_la_id);
        assert!(person.host_la_id.is_none() || person.looked_after);
        assert_eq!(person.looked_after, is(person.placement_provider_id, AgencyKind::CareProvider));
        if let Some(worker) = person.allocated_worker_id {
            let (agency, role) = users[&worker];
            assert_eq!(role, Role::SocialWorker);
            assert_eq!(Some(agency), person.responsible_la_id);
        }
    }
    // Each looked-after child who went missing has one current placement, with the provider and in the area their
    // record names.
    let mut placed = HashSet::new();
    for placement in &data.placements {
        let person = people[&placement.person_id];
        assert!(placed.insert(person.id), "one placement a child");
        assert!(placement.is_current());
        assert_eq!(Some(placement.provider_id), person.placement_provider_id);
        assert_eq!(placement.host_la_id, person.host_la_id.or(person.responsible_la_id).expect("a council"));
    }
    let missing: HashSet<PersonId> = data.episodes.iter().map(|e| e.person_id).collect();
    let looked_after = data.people.iter().filter(|p| p.looked_after && missing.contains(&p.id)).count();
    assert_eq!(placed.len(), looked_after, "every looked-after child who went missing is placed");

    let mut episodes = HashMap::new();
    let mut with_people = HashSet::new();
    for episode in &data.episodes {
        assert!(episodes.insert(episode.id, episode).is_none(), "episode ids are unique");
        let person = people[&episode.person_id];
        with_people.insert(person.id);
        assert_eq!(agencies[&episode.recorded_by_agency_id], AgencyKind::Police);
        assert_eq!(episode.police_force_id, Some(episode.recorded_by_agency_id));
        let area = episode.area_la_id.expect("every episode has an area");
        assert_eq!(agencies[&area], AgencyKind::LocalAuthority);
        // The area is where the person lives: the host council for a child placed out of area.
        assert_eq!(Some(area), person.host_la_id.or(person.responsible_la_id));
        let force_of_area = data.agencies.iter().find(|a| a.id == area).and_then(|a| a.police_force_id);
        assert_eq!(force_of_area, episode.police_force_id);
        let placement = matches!(
            episode.missing_from,
            MissingFrom::FosterCare | MissingFrom::ChildrensHome | MissingFrom::SemiIndependent
        );
        assert_eq!(placement, person.looked_after);
        assert_eq!(episode.la_category.is_some(), person.looked_after);
        assert_eq!(episode.returned_at.is_some(), episode.status == EpisodeStatus::Returned);
        assert_eq!(episode.returned_at.is_some(), episode.return_outcome.is_some());
        assert!(episode.police_reference.is_some());
    }
    assert_eq!(with_people.len(), data.people.len(), "everyone generated went missing");

    for assessment in &data.assessments {
        let episode = episodes[&assessment.episode_id];
        let (agency, role) = users[&assessment.assessed_by];
        match assessment.side {
            RiskSide::Police => {
                assert_eq!(Some(agency), episode.police_force_id);
                assert!(matches!(role, Role::PoliceOfficer | Role::PoliceSupervisor));
            }
            RiskSide::ChildrensServices => {
                assert_eq!(Some(agency), people[&episode.person_id].responsible_la_id);
                assert!(matches!(role, Role::SocialWorker | Role::LaCoordinator));
            }
        }
    }
    let mut interviewed = HashSet::new();
    for interview in &data.return_interviews {
        let episode = episodes[&interview.episode_id];
        assert!(interviewed.insert(interview.episode_id), "one interview per episode");
        let returned = episode.returned_at.expect("interviews follow returns");
        assert_eq!(interview.due_at, return_interview_due(returned));
        let child = people[&episode.person_id].is_child_at(episode.went_missing_at);
        assert_eq!(interview.statutory, child);
        if let Some(practitioner) = interview.practitioner_id {
            assert_eq!(users[&practitioner].1, Role::RhiPractitioner);
        }
    }
    // Every child's return has its interview.
    for episode in &data.episodes {
        let child = people[&episode.person_id].is_child_at(episode.went_missing_at);
        if child && episode.returned_at.is_some() {
            assert!(interviewed.contains(&episode.id));
        }
    }
}

#[test]
fn every_reference_points_at_a_record() {
    check_references(area());
    check_references(region());
}

#[test]
fn the_demo_area_has_one_sign_in_of_every_role() {
    let demo = area();
    let agencies: HashMap<_, _> = demo.data.agencies.iter().map(|a| (a.code.clone(), a)).collect();
    let users: HashMap<_, _> = demo.data.users.iter().map(|u| (u.id, u)).collect();
    let roles: Vec<Role> = demo.users.iter().map(|u| u.role).collect();
    assert_eq!(roles, Role::ALL, "one demo user per role, in CONTRACT.md's order");
    let first_of = |kind| demo.data.agencies.iter().find(|a| a.kind == kind).map(|a| a.id);
    for user in &demo.users {
        let agency = agencies[&user.agency_code];
        assert!(user.role.fits(agency.kind));
        let stored = users[&user.user_id];
        assert_eq!(stored.email.as_str(), user.email);
        assert_eq!(stored.agency_id, agency.id);
        assert_eq!(stored.role, user.role);
        assert!(Password::parse(&user.password).is_ok());
        assert!(stored.password_hash.verify(&user.password));
        if agency.kind != AgencyKind::CareProvider {
            assert_eq!(Some(agency.id), first_of(agency.kind), "{} is in the demo area", user.role);
        }
    }
    let coordinator = &demo.users[2];
    assert_eq!(coordinator.email, "coordinator@northmoor.example");
    assert_eq!(coordinator.agency_code.as_str(), "E10000901");
    assert!(format!("{:?}", demo.users).find(&coordinator.password).is_none(), "Debug hides passwords");
}

#[test]
fn the_stored_risk_is_what_core_makes_of_the_assessments() {
    for demo in [area(), region()] {
        let mut by_episode: BTreeMap<EpisodeId, Vec<RiskAssessment>> = BTreeMap::new();
        for assessment in &demo.data.assessments {
            by_episode.entry(assessment.episode_id).or_default().push(assessment.clone());
        }
        for episode in &demo.data.episodes {
            let assessments = by_episode.get(&episode.id).map_or(&[][..], Vec::as_slice);
            assert!(!assessments.is_empty(), "every episode is graded");
            assert_eq!(episode.risk, current_risk(assessments, &ReviewIntervals::default()));
        }
    }
}

#[test]
fn the_local_risk_rules_are_respected() {
    for demo in [area(), region()] {
        let people: HashMap<_, _> = demo.data.people.iter().map(|p| (p.id, p)).collect();
        let episodes: HashMap<_, _> = demo.data.episodes.iter().map(|e| (e.id, e)).collect();
        for assessment in &demo.data.assessments {
            let episode = episodes[&assessment.episode_id];
            let age = people[&episode.person_id].age_at(episode.went_missing_at);
            if age <= 13 {
                assert!(assessment.grade >= RiskGrade::Medium, "13 or under is at least medium");
            }
            if assessment.cse_concern || assessment.cce_concern {
                assert_eq!(assessment.grade, RiskGrade::High, "an exploitation concern is high");
                assert!(age < 18);
            }
        }
        for episode in &demo.data.episodes {
            if episode.risk.cse_concern || episode.risk.cce_concern {
                assert_eq!(episode.risk.joint, Some(RiskGrade::High));
            }
            let age = people[&episode.person_id].age_at(episode.went_missing_at);
            if age <= 13 {
                assert!(episode.risk.joint >= Some(RiskGrade::Medium));
            }
        }
    }
}

#[test]
fn looked_after_episodes_carry_the_council_category_and_others_do_not() {
    let data = &area().data;
    let categories: HashSet<Option<LaCategory>> = data.episodes.iter().map(|e| e.la_category).collect();
    assert!(categories.contains(&Some(LaCategory::Missing)));
    assert!(categories.contains(&Some(LaCategory::Away)));
    assert!(categories.contains(&None));
}

/// Each council's looked-after children who went missing are in its SSDA903 Header under its reference for them,
/// with one open period of care that began after their birth and before their first episode, so their missing
/// periods lie inside it.
#[test]
fn looked_after_children_have_ssda903_records_covering_their_episodes() {
    use homeward_core::domain::time::london;

    let data = &region().data;
    let refs: HashMap<(AgencyId, &str), PersonId> =
        data.person_refs.iter().map(|(agency, r, person)| ((*agency, r.as_str()), *person)).collect();
    let care: HashMap<(AgencyId, &str), _> =
        data.ssda903_episodes.iter().map(|(la, e)| ((*la, e.child.as_str()), e)).collect();
    assert_eq!(care.len(), data.ssda903_episodes.len(), "one period of care each");
    let mut listed = HashSet::new();
    for (la, child) in &data.ssda903_children {
        let person = refs[&(*la, child.child.as_str())];
        let period = care[&(*la, child.child.as_str())];
        assert!(period.dec.is_none() && period.decom > child.dob);
        for e in data.episodes.iter().filter(|e| e.person_id == person) {
            assert!(london(e.went_missing_at).date() >= period.decom);
        }
        listed.insert(person);
    }
    let episodes_of: HashSet<PersonId> = data.episodes.iter().map(|e| e.person_id).collect();
    for p in data.people.iter().filter(|p| p.looked_after && p.responsible_la_id.is_some()) {
        assert_eq!(listed.contains(&p.id), episodes_of.contains(&p.id), "every looked-after child who went missing");
    }
}

#[test]
fn nobody_goes_missing_again_after_being_found_dead() {
    use homeward_core::domain::episode::ReturnOutcome;
    for demo in [area(), region()] {
        let mut deaths: HashMap<PersonId, i64> = HashMap::new();
        for episode in &demo.data.episodes {
            if episode.return_outcome == Some(ReturnOutcome::FoundDead) {
                deaths.insert(episode.person_id, episode.went_missing_at.unix_micros());
            }
        }
        for episode in &demo.data.episodes {
            if let Some(&death) = deaths.get(&episode.person_id) {
                assert!(episode.went_missing_at.unix_micros() <= death, "an episode after its person was found dead");
            }
        }
    }
}
