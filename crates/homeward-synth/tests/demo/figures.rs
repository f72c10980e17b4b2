//! The DOMAIN.md figures as measured in a generated data set, computed from the records alone (ages from dates of
//! birth, durations from timestamps), so the tests check what a reader of the database would see.

use std::collections::{HashMap, HashSet};

use homeward_core::domain::episode::EpisodeStatus;
use homeward_core::domain::ids::{EpisodeId, PersonId};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::InterviewStatus;
use homeward_core::domain::risk::RiskGrade;
use homeward_core::rules::deadlines::within_72_hours;
use homeward_synth::Demo;

/// Measured figures; shares are fractions of the group named.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    pub incidents: usize,
    pub child_share: f64,
    pub incidents_per_child: f64,
    pub incidents_per_adult: f64,
    pub incidents_per_looked_after_child: f64,
    pub most_incidents_of_one_child: usize,
    /// Looked-after incidents of children aged 16 or over.
    pub looked_after_16_plus: f64,
    /// Child incidents of children aged 12 to 17.
    pub children_12_to_17: f64,
    /// Looked-after children placed out of area.
    pub out_of_area: f64,
    /// Returned child episodes: under 24 h, under 48 h, 7 days or more.
    pub child_under_24h: f64,
    pub child_under_48h: f64,
    pub child_over_7d: f64,
    pub adult_under_24h: f64,
    pub adult_under_48h: f64,
    pub adult_over_7d: f64,
    pub still_missing: usize,
    /// Child incidents by current joint grade.
    pub child_high: f64,
    pub child_medium: f64,
    pub child_low: f64,
    pub child_cse: f64,
    pub child_cce: f64,
    /// Over returned child episodes.
    pub rhi_offered: f64,
    pub rhi_completed: f64,
    /// Over completed interviews.
    pub rhi_completed_within_72h: f64,
    pub rhi_declined: usize,
    pub rhi_not_possible: usize,
    pub rhi_due: usize,
    pub found_dead_children: usize,
    pub found_dead_adults: usize,
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

pub fn measure(demo: &Demo) -> Figures {
    let data = &demo.data;
    let people: HashMap<PersonId, &Person> = data.people.iter().map(|p| (p.id, p)).collect();
    let mut per_person: HashMap<PersonId, usize> = HashMap::new();
    let (mut children, mut adults, mut looked_after) = (0, 0, 0);
    let (mut la_16, mut c_12_17) = (0, 0);
    let mut child_returned = Vec::new();
    let mut adult_returned = Vec::new();
    let (mut high, mut medium, mut low, mut cse, mut cce) = (0, 0, 0, 0, 0);
    let (mut dead_children, mut dead_adults) = (0, 0);
    let mut returned_child_episodes: HashMap<EpisodeId, _> = HashMap::new();
    // Distinct people among child and among adult incidents (CONTRACT.md, key figures).
    let mut child_ids = HashSet::new();
    let mut adult_ids = HashSet::new();

    for episode in &data.episodes {
        let person = people[&episode.person_id];
        *per_person.entry(person.id).or_default() += 1;
        let age = person.age_at(episode.went_missing_at);
        let child = age < 18;
        let hours = episode.returned_at.map(|r| r.since(episode.went_missing_at).whole_hours());
        let dead = episode.return_outcome == Some(homeward_core::domain::episode::ReturnOutcome::FoundDead);
        if child {
            children += 1;
            child_ids.insert(person.id);
            if person.looked_after {
                looked_after += 1;
                la_16 += usize::from(age >= 16);
            }
            c_12_17 += usize::from(age >= 12);
            child_returned.extend(hours);
            match episode.risk.joint {
                Some(RiskGrade::High) => high += 1,
                Some(RiskGrade::Medium) => medium += 1,
                Some(_) => low += 1,
                None => {}
            }
            cse += usize::from(episode.risk.cse_concern);
            cce += usize::from(episode.risk.cce_concern);
            dead_children += usize::from(dead);
            if let Some(returned) = episode.returned_at {
                returned_child_episodes.insert(episode.id, returned);
            }
        } else {
            adults += 1;
            adult_ids.insert(person.id);
            adult_returned.extend(hours);
            dead_adults += usize::from(dead);
        }
    }

    let count_people = |filter: &dyn Fn(&Person) -> bool| per_person.keys().filter(|id| filter(people[*id])).count();
    let child_individuals = child_ids.len();
    let adult_individuals = adult_ids.len();
    let looked_after_individuals = count_people(&|p| p.looked_after);
    let out_of_area = count_people(&|p| p.looked_after && p.host_la_id.is_some());
    let most = data
        .people
        .iter()
        .filter(|p| p.looked_after)
        .map(|p| per_person.get(&p.id).copied().unwrap_or(0))
        .max()
        .unwrap_or(0);

    let bucket = |hours: &[i64], below: i64| share(hours.iter().filter(|&&h| h < below).count(), hours.len());
    let over = |hours: &[i64], at_least: i64| share(hours.iter().filter(|&&h| h >= at_least).count(), hours.len());

    let mut offered = 0;
    let mut completed = 0;
    let mut completed_in_time = 0;
    let (mut declined, mut not_possible, mut due) = (0, 0, 0);
    for interview in data.return_interviews.iter().filter(|i| i.statutory) {
        let returned = returned_child_episodes[&interview.episode_id];
        offered += usize::from(interview.offered_at.is_some());
        if let Some(done) = interview.completed_at {
            completed += 1;
            completed_in_time += usize::from(within_72_hours(returned, done));
        }
        match interview.status {
            InterviewStatus::Declined => declined += 1,
            InterviewStatus::NotPossible => not_possible += 1,
            InterviewStatus::Due => due += 1,
            _ => {}
        }
    }

    Figures {
        incidents: data.episodes.len(),
        child_share: share(children, data.episodes.len()),
        incidents_per_child: share(children, child_individuals),
        incidents_per_adult: share(adults, adult_individuals),
        incidents_per_looked_after_child: share(looked_after, looked_after_individuals),
        most_incidents_of_one_child: most,
        looked_after_16_plus: share(la_16, looked_after),
        children_12_to_17: share(c_12_17, children),
        out_of_area: share(out_of_area, looked_after_individuals),
        child_under_24h: bucket(&child_returned, 24),
        child_under_48h: bucket(&child_returned, 48),
        child_over_7d: over(&child_returned, 168),
        adult_under_24h: bucket(&adult_returned, 24),
        adult_under_48h: bucket(&adult_returned, 48),
        adult_over_7d: over(&adult_returned, 168),
        still_missing: data.episodes.iter().filter(|e| e.status == EpisodeStatus::Missing).count(),
        child_high: share(high, children),
        child_medium: share(medium, children),
        child_low: share(low, children),
        child_cse: share(cse, children),
        child_cce: share(cce, children),
        rhi_offered: share(offered, returned_child_episodes.len()),
        rhi_completed: share(completed, returned_child_episodes.len()),
        rhi_completed_within_72h: share(completed_in_time, completed),
        rhi_declined: declined,
        rhi_not_possible: not_possible,
        rhi_due: due,
        found_dead_children: dead_children,
        found_dead_adults: dead_adults,
    }
}
