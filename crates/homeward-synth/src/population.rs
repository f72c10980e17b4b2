//! One council's year: its looked-after children, other children and adults who go missing, each with their
//! episodes, risk assessments and return interviews. Each council reads its own random stream, so councils can be
//! generated on several threads and still give the same records.

use homeward_core::domain::episode::{Episode, EpisodeStatus};
use homeward_core::domain::ids::{EpisodeId, PersonId};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::ReturnInterview;
use homeward_core::domain::risk::RiskAssessment;
use homeward_core::domain::time::age_on;
use homeward_core::rules::risk::{ReviewIntervals, current_risk};

use crate::agencies::World;
use crate::calibration as cal;
use crate::dice::{COUNCIL_STREAMS, Dice, bytes, chance, dice, pick, pick_maybe};
use crate::episodes::{self, Year, at};
use crate::interviews;
use crate::people::{self, Cohort, Decks, Profile};
use crate::risk::{self, Assessors, Facts};
use crate::staff::Staff;
use crate::texts::Texts;

/// Records generated for one or more councils.
#[derive(Debug, Default)]
pub struct Population {
    pub people: Vec<Person>,
    pub episodes: Vec<Episode>,
    pub assessments: Vec<RiskAssessment>,
    pub interviews: Vec<ReturnInterview>,
}

impl Population {
    fn with_capacity(incidents: usize) -> Self {
        Self {
            people: Vec::with_capacity(incidents / 2 + 1),
            episodes: Vec::with_capacity(incidents),
            assessments: Vec::with_capacity(incidents * 2),
            interviews: Vec::with_capacity(incidents * 2 / 3),
        }
    }

    pub fn append(&mut self, mut other: Population) {
        self.people.append(&mut other.people);
        self.episodes.append(&mut other.episodes);
        self.assessments.append(&mut other.assessments);
        self.interviews.append(&mut other.interviews);
    }
}

/// What every council's generation reads.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub seed: u64,
    pub year: Year,
    pub world: &'a World,
    pub staff: &'a Staff,
    pub texts: &'a Texts,
}

struct Generator<'a> {
    context: Context<'a>,
    dice: Dice,
    decks: Decks,
    intervals: ReviewIntervals,
    out: Population,
}

/// Generates the council's people until their incidents reach `incidents`, split by cohort as DOMAIN.md says.
pub fn council(context: Context<'_>, council: usize, incidents: u32) -> Population {
    let mut generator = Generator {
        context,
        dice: dice(context.seed, COUNCIL_STREAMS + council as u64),
        decks: Decks::new(),
        intervals: ReviewIntervals::default(),
        out: Population::with_capacity(incidents as usize),
    };
    let looked_after = incidents * cal::LOOKED_AFTER_INCIDENT_SHARE / 1_000;
    let other_children = incidents * cal::CHILD_INCIDENT_SHARE / 1_000 - looked_after;
    let adults = incidents - looked_after - other_children;
    for (cohort, target) in
        [(Cohort::LookedAfter, looked_after), (Cohort::OtherChild, other_children), (Cohort::Adult, adults)]
    {
        let mut remaining = target;
        while remaining > 0 {
            // The last person of a cohort takes only what is left, so the totals land exactly.
            let count = generator.decks.incidents(&mut generator.dice, cohort).min(remaining);
            remaining -= generator.person(cohort, council, count);
        }
    }
    generator.out
}

impl Generator<'_> {
    /// Generates one person with up to `count` episodes, and returns how many they have (fewer only when the year
    /// had no room left for them).
    fn person(&mut self, cohort: Cohort, council: usize, count: u32) -> u32 {
        let Context { year, world, staff, texts, .. } = self.context;
        let dice = &mut self.dice;
        let year_start = at(year.start).date();
        let profile = people::profile(dice, &mut self.decks, cohort, council, world, staff, year_start);
        let starts = episodes::start_times(dice, count, year);
        let Some(&first_start) = starts.first() else {
            return 0;
        };
        let person_id = PersonId::from_random_bytes(bytes(dice));
        let force_index = world.councils[profile.lives_in].force;
        let force_id = world.forces[force_index].id;
        let area_id = world.councils[profile.lives_in].id;
        let practitioners = &staff.practitioners[world.force_of(profile.responsible).rhi_provider];
        let mut first_reported = None;

        for (index, &start) in starts.iter().enumerate() {
            let timing = episodes::timing(dice, cohort.is_child(), start, starts.get(index + 1).copied(), year);
            first_reported.get_or_insert(timing.reported);
            let episode_id = EpisodeId::from_random_bytes(bytes(dice));
            let facts = facts(dice, &profile, episode_id, index > 0, timing.reported, timing.end(year), start);
            let assessors = Assessors {
                officers: &staff.officers[force_index],
                supervisors: &staff.supervisors[force_index],
                // The allocated worker where there is one; otherwise whoever is on duty at the council.
                childrens_services: profile
                    .allocated_worker
                    .or_else(|| pick_maybe(dice, &staff.childrens_services[profile.responsible])),
            };
            let first_assessment = self.out.assessments.len();
            risk::assess(dice, &facts, &assessors, &texts.rationales, &mut self.out.assessments);
            let assessments = &self.out.assessments[first_assessment..];
            let risk = current_risk(assessments, &self.intervals);
            let last_assessed = assessments.iter().map(|a| a.assessed_at.unix_micros()).max();

            let missing_from = people::missing_from(dice, &profile);
            let last_seen_place = chance(dice, 600).then(|| pick(dice, &texts.last_seen).clone());
            let circumstances = chance(dice, 700).then(|| pick(dice, texts.circumstances(missing_from)).clone());
            let la_category = (cohort == Cohort::LookedAfter).then(|| episodes::la_category(dice));
            let last = index + 1 == starts.len();
            let return_outcome = timing.returned.map(|_| episodes::outcome(dice, cohort.is_child(), last));
            let updated = timing.returned.unwrap_or(timing.reported).max(last_assessed.unwrap_or(timing.reported));

            self.out.episodes.push(Episode {
                id: episode_id,
                person_id,
                recorded_by_agency_id: force_id,
                police_force_id: Some(force_id),
                area_la_id: Some(area_id),
                went_missing_at: at(timing.went_missing),
                reported_at: at(timing.reported),
                missing_from,
                status: if timing.returned.is_some() { EpisodeStatus::Returned } else { EpisodeStatus::Missing },
                la_category,
                last_seen_place,
                circumstances,
                police_reference: None,
                reporter: None,
                returned_at: timing.returned.map(at),
                return_outcome,
                found: homeward_core::domain::episode::Found::default(),
                police_closed_at: None,
                risk,
                created_at: at(timing.reported),
                updated_at: at(updated),
            });

            if let Some(returned) = timing.returned {
                let interview = if cohort.is_child() {
                    Some(interviews::for_child(dice, episode_id, returned, year, practitioners))
                } else {
                    interviews::for_adult(dice, episode_id, returned, year, practitioners)
                };
                self.out.interviews.extend(interview);
            }
        }

        let created_at = at(first_reported.unwrap_or(first_start));
        self.out.people.push(people::record(dice, person_id, &profile, world, created_at));
        starts.len() as u32
    }
}

/// What the assessors know of one episode, with its exploitation concerns drawn: likely for a child at risk, rare
/// otherwise, never recorded for adults (DOMAIN.md gives the flags for children only).
fn facts(
    dice: &mut Dice,
    profile: &Profile,
    episode_id: EpisodeId,
    previous: bool,
    reported: i64,
    end: i64,
    start: i64,
) -> Facts {
    let child = profile.cohort.is_child();
    let flag = |dice: &mut Dice, at_risk: bool, per_episode, one_off| {
        child && ((at_risk && chance(dice, per_episode)) || chance(dice, one_off))
    };
    let cse = flag(dice, profile.at_risk_of_cse, cal::CSE_PER_EPISODE, cal::CSE_ONE_OFF);
    let cce = flag(dice, profile.at_risk_of_cce, cal::CCE_PER_EPISODE, cal::CCE_ONE_OFF);
    Facts {
        episode_id,
        child,
        looked_after: profile.cohort == Cohort::LookedAfter,
        age: age_on(profile.date_of_birth, at(start).date()),
        cse,
        cce,
        previous,
        reported,
        end,
    }
}
