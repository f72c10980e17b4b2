//! What follows the episodes (issue 17, items 2 and 4): post-missing support plans after some completed
//! interviews, and spells missing education for some children who go missing often. Drawn from a stream of their
//! own after everything else, so they move none of the other records. Not calibrated: DOMAIN.md gives no figures
//! for either, so the shares are assumed (a quarter of completed interviews lead to a plan; a third of children
//! missing three or more times are also missing education).

use std::collections::HashMap;

use homeward_core::domain::education::{MissingEducation, MissingEducationReason};
use homeward_core::domain::episode::Episode;
use homeward_core::domain::ids::{AgencyId, MissingEducationId, PersonId, SupportPlanId, UserId};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::{InterviewStatus, ReturnInterview};
use homeward_core::domain::support::{SupportPlan, SupportSession};
use homeward_core::domain::text::FreeText;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Role, User};
use time::Duration;

use crate::dice::{Dice, between, bytes, chance, dice};

/// Read after the findings' stream.
pub const AFTERCARE_STREAM: u64 = 5;

const SAFETY_PLANS: &[&str] = &[
    "Agreed a check-in call each evening; Childline 0800 1111 saved in their phone",
    "Carers collect from school on Fridays; avoid the station after dark; a trusted adult named",
    "Safe places to go in town agreed; the youth worker's number; no contact with the older group",
];

/// The support plans and spells missing education for a generated year, as of `now`.
pub fn build(
    seed: u64,
    people: &[Person],
    episodes: &[Episode],
    interviews: &[ReturnInterview],
    users: &[User],
    now: Timestamp,
) -> (Vec<SupportPlan>, Vec<MissingEducation>) {
    let mut dice = dice(seed, AFTERCARE_STREAM);
    let agency_of: HashMap<UserId, AgencyId> = users.iter().map(|u| (u.id, u.agency_id)).collect();
    let of_episode: HashMap<_, _> = episodes.iter().map(|e| (e.id, e)).collect();
    let mut plans = Vec::new();
    for interview in interviews.iter().filter(|i| i.status == InterviewStatus::Completed) {
        let (Some(practitioner), Some(held), Some(episode)) =
            (interview.practitioner_id, interview.completed_at, of_episode.get(&interview.episode_id))
        else {
            continue;
        };
        let Some(&agency) = agency_of.get(&practitioner) else { continue };
        if chance(&mut dice, 250) {
            plans.push(plan(&mut dice, interview, episode.person_id, agency, practitioner, held, now));
        }
    }
    (plans, missing_education(&mut dice, people, episodes, users, now))
}

fn plan(
    dice: &mut Dice,
    interview: &ReturnInterview,
    person: PersonId,
    agency: AgencyId,
    practitioner: UserId,
    held: Timestamp,
    now: Timestamp,
) -> SupportPlan {
    // A few days after the interview, but never after the demo's day.
    let made = held.plus(Duration::days(i64::from(between(dice, 1, 5)))).min(now);
    let planned = i64::from(between(dice, 3, 8));
    let text = SAFETY_PLANS[between(dice, 0, 2) as usize];
    // A session a week from the week after it was made, up to now.
    let sessions = (1..=planned)
        .map_while(|n| {
            let on = made.plus(Duration::weeks(n));
            (on <= now).then(|| SupportSession {
                number: n,
                held_on: on.date(),
                attended: chance(dice, 800),
                note: None,
                recorded_by: practitioner,
                recorded_at: on,
            })
        })
        .collect();
    // Some plans are closed; of the open ones, those reviewed long ago are overdue for the scheduler to alert.
    let closed = made.plus(Duration::weeks(planned + 1));
    let done = closed <= now && chance(dice, 600);
    SupportPlan {
        id: SupportPlanId::from_random_bytes(bytes(dice)),
        interview_id: interview.id,
        episode_id: interview.episode_id,
        person_id: person,
        owner_agency_id: agency,
        owner_id: practitioner,
        sessions_planned: planned,
        safety_plan: FreeText::parse(text).expect("the texts are short and plain"),
        review_on: made.plus(Duration::weeks(4)).date(),
        outcome: done.then_some(homeward_core::domain::support::SupportOutcome::AimsMet),
        outcome_note: None,
        closed_at: done.then_some(closed),
        created_by: practitioner,
        created_at: made,
        sessions,
    }
}

fn missing_education(
    dice: &mut Dice,
    people: &[Person],
    episodes: &[Episode],
    users: &[User],
    now: Timestamp,
) -> Vec<MissingEducation> {
    let mut count: HashMap<PersonId, (usize, Timestamp)> = HashMap::new();
    for e in episodes {
        let entry = count.entry(e.person_id).or_insert((0, e.went_missing_at));
        entry.0 += 1;
        entry.1 = entry.1.min(e.went_missing_at);
    }
    let welfare: HashMap<AgencyId, UserId> = users
        .iter()
        .filter(|u| matches!(u.role, Role::LaCoordinator | Role::SocialWorker))
        .map(|u| (u.agency_id, u.id))
        .collect();
    let mut spells = Vec::new();
    for person in people {
        let Some(&(times, first)) = count.get(&person.id) else { continue };
        let (Some(council), true) = (person.responsible_la_id, person.is_child_at(now)) else { continue };
        let Some(&recorded_by) = welfare.get(&council) else { continue };
        if times < 3 || !chance(dice, 333) {
            continue;
        }
        let started = first.plus(Duration::days(i64::from(between(dice, 0, 60)))).min(now);
        let ended = chance(dice, 300)
            .then(|| started.plus(Duration::days(i64::from(between(dice, 14, 90)))))
            .filter(|e| *e <= now);
        let reason =
            if chance(dice, 400) { MissingEducationReason::OffRoll } else { MissingEducationReason::PersistentAbsence };
        spells.push(MissingEducation {
            id: MissingEducationId::from_random_bytes(bytes(dice)),
            person_id: person.id,
            council_id: council,
            reason,
            started_on: started.date(),
            ended_on: ended.map(Timestamp::date),
            recorded_by,
            recorded_at: started,
        });
    }
    spells
}
