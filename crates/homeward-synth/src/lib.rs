//! Seeded synthetic data for Homeward's demo and benchmarks: agencies, users, people and a year of missing episodes
//! with their risk assessments and return interviews, calibrated to the figures in DOMAIN.md. Everyone in it is
//! made up. The same seed, scale and date give the same records, byte for byte, on every machine: every draw comes
//! from a seeded ChaCha stream and every time from the given date, never the clock.

mod aftercare;
mod agencies;
mod calibration;
mod dice;
mod episodes;
mod findings;
mod helpline;
mod interviews;
pub mod linkage;
mod names;
mod networks;
mod people;
mod places;
mod population;
mod risk;
mod ssda903;
mod staff;
mod texts;

use std::collections::HashMap;

use homeward_core::domain::UnknownCode;
use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::ids::{AgencyId, UserId};
use homeward_core::domain::text::Reference;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::Role;
use homeward_core::ports::BulkData;

use crate::dice::{AGENCIES_STREAM, SSDA903_STREAM, STAFF_STREAM, dice};
use crate::episodes::{Year, at};
use crate::population::{Context, Population};

/// How much of England to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scale {
    /// One county, its force and providers, two neighbouring councils: about 3,000 episodes.
    #[default]
    Area,
    /// About five forces and twelve councils: about 30,000 episodes.
    Region,
    /// 43 forces and 150 councils: about 350,000 episodes, a national year.
    National,
}

impl Scale {
    pub const ALL: &'static [Scale] = &[Scale::Area, Scale::Region, Scale::National];

    pub fn parse(text: &str) -> Result<Self, UnknownCode> {
        match text.trim() {
            "area" => Ok(Scale::Area),
            "region" => Ok(Scale::Region),
            "national" => Ok(Scale::National),
            _ => Err(UnknownCode { allowed: &["area", "region", "national"] }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Area => "area",
            Scale::Region => "region",
            Scale::National => "national",
        }
    }

    /// The number of episodes generated at this scale.
    pub fn incidents(self) -> u32 {
        match self {
            Scale::Area => calibration::AREA_INCIDENTS,
            Scale::Region => calibration::REGION_INCIDENTS,
            Scale::National => calibration::NATIONAL_INCIDENTS,
        }
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Scale {
    type Err = UnknownCode;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// What to generate: the seed, the scale, and the moment the generated year ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    pub seed: u64,
    pub scale: Scale,
    pub as_of: Timestamp,
}

/// A demo user who can sign in, with the password to print for the demo.
#[derive(Clone, PartialEq, Eq)]
pub struct DemoUser {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub agency_code: AgencyCode,
    pub user_id: UserId,
}

/// The password is a secret even in a demo: `Debug` leaves it out.
impl std::fmt::Debug for DemoUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoUser")
            .field("email", &self.email)
            .field("role", &self.role)
            .field("agency_code", &self.agency_code)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

/// A generated data set, and the demo users who can sign in to it (one of each role, in the demo area).
#[derive(Debug, Clone)]
pub struct Demo {
    pub data: BulkData,
    pub users: Vec<DemoUser>,
}

/// Generates the data set for the options.
pub fn generate(options: &DemoOptions) -> Demo {
    let year = Year::ending(options.as_of);
    let world = agencies::build(options.scale, &mut dice(options.seed, AGENCIES_STREAM));
    let staff = staff::build(&world, &mut dice(options.seed, STAFF_STREAM), at(year.start));
    let texts = texts::Texts::new();
    let context = Context { seed: options.seed, year, world: &world, staff: &staff, texts: &texts };
    let targets = council_targets(&world, options.scale.incidents());
    let mut population = generate_councils(context, &targets);
    number_police_references(&world, &mut population);
    findings::record(options.seed, &world, &texts, &mut population);
    let ssda903 = ssda903::build(&population.people, &population.episodes, &mut dice(options.seed, SSDA903_STREAM));
    let (support_plans, missing_education) = aftercare::build(
        options.seed,
        &population.people,
        &population.episodes,
        &population.interviews,
        &staff.users,
        options.as_of,
    );
    let helpline_contacts =
        helpline::build(options.seed, &population.people, &population.episodes, &staff.users, options.as_of);

    Demo {
        data: BulkData {
            agencies: world.agencies.clone(),
            users: staff.users,
            people: population.people,
            placements: ssda903.placements,
            episodes: population.episodes,
            assessments: population.assessments,
            return_interviews: population.interviews,
            person_refs: ssda903.person_refs,
            ssda903_children: ssda903.children,
            ssda903_episodes: ssda903.episodes,
            // Filed by the core when seeded: the keys are homeward-link's, which the generator does not know.
            match_keys: Vec::new(),
            support_plans,
            missing_education,
            helpline_contacts,
        },
        users: staff.demo_users,
    }
}

/// Each council's share of the incidents, by weight; the shares add up to exactly `total`.
fn council_targets(world: &agencies::World, total: u32) -> Vec<u32> {
    let weights: Vec<u64> = world.councils.iter().map(|c| u64::from(c.weight)).collect();
    let sum: u64 = weights.iter().sum();
    let mut before = 0u64;
    let mut cumulative = 0u64;
    weights
        .iter()
        .map(|&weight| {
            cumulative += weight;
            let upto = u64::from(total) * cumulative / sum;
            let share = upto - before;
            before = upto;
            share as u32
        })
        .collect()
}

/// Generates the councils on as many threads as the machine has, each council from its own stream, and joins
/// the results in council order, so the output does not depend on the number of threads.
fn generate_councils(context: Context<'_>, targets: &[u32]) -> Population {
    let busy: Vec<usize> = (0..targets.len()).filter(|&c| targets[c] > 0).collect();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, busy.len().max(1));
    let chunk = busy.len().div_ceil(threads).max(1);
    let parts: Vec<Population> = std::thread::scope(|scope| {
        let handles: Vec<_> = busy
            .chunks(chunk)
            .map(|councils| {
                scope.spawn(move || {
                    let mut part = Population::default();
                    for &council in councils {
                        part.append(population::council(context, council, targets[council]));
                    }
                    part
                })
            })
            .collect();
        handles.into_iter().map(|handle| handle.join().expect("generating a council does not panic")).collect()
    });
    let mut all = Population::default();
    for part in parts {
        all.append(part);
    }
    all
}

/// Gives each episode its force's reference, numbered in the order episodes went missing, such as
/// `NMP-25-000123` (force code, two-digit year, sequence within the force).
fn number_police_references(world: &agencies::World, population: &mut Population) {
    let codes: HashMap<AgencyId, &str> = world.agencies.iter().map(|a| (a.id, a.code.as_str())).collect();
    let mut order: Vec<usize> = (0..population.episodes.len()).collect();
    let episodes = &mut population.episodes;
    order.sort_unstable_by_key(|&i| (episodes[i].went_missing_at, episodes[i].id));
    let mut next: HashMap<AgencyId, u32> = HashMap::new();
    for i in order {
        let episode = &mut episodes[i];
        let force = episode.recorded_by_agency_id;
        let number = next.entry(force).or_insert(0);
        *number += 1;
        let text = format!(
            "{}-{:02}-{:06}",
            codes.get(&force).copied().unwrap_or("REF"),
            episode.went_missing_at.as_offset().year() % 100,
            number
        );
        episode.police_reference = Some(Reference::parse(&text).expect("a force code and two numbers fit a reference"));
    }
}

/// Writes a data set's episodes as the episode CSV of CONTRACT.md, as agencies would send them: a looked-after
/// child's episodes by their council (which keeps its children's records), the rest by the agency that recorded them.
/// Every person's reference is their id. For import tests and benchmarks.
pub fn write_episodes_csv(data: &BulkData, out: &mut impl std::io::Write) -> std::io::Result<()> {
    use std::collections::HashMap;

    use homeward_core::domain::ids::{AgencyId, PersonId};
    use homeward_core::domain::return_interview::InterviewStatus;
    use homeward_core::domain::time::format_date;

    let quoted = |text: &str| {
        if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
    };
    let agency: HashMap<AgencyId, _> = data.agencies.iter().map(|a| (a.id, a)).collect();
    let code = |id: Option<AgencyId>| id.and_then(|id| agency.get(&id)).map_or(String::new(), |a| a.code.to_string());
    let people: HashMap<PersonId, _> = data.people.iter().map(|p| (p.id, p)).collect();
    let interviews: HashMap<_, _> =
        data.return_interviews.iter().filter(|i| i.statutory).map(|i| (i.episode_id, i)).collect();
    writeln!(
        out,
        "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,\
         la_category,went_missing_at,reported_at,risk_grade,returned_at,return_outcome,found_postcode,rhi_offered_at,\
         rhi_outcome,rhi_completed_at,cse_concern,cce_concern"
    )?;
    let yes_no = |flag: bool| if flag { "Y" } else { "N" };
    let time = |at: Option<Timestamp>| at.map(Timestamp::to_rfc3339).unwrap_or_default();
    for e in &data.episodes {
        let p = people[&e.person_id];
        let sender = if p.looked_after {
            p.responsible_la_id.unwrap_or(e.recorded_by_agency_id)
        } else {
            e.recorded_by_agency_id
        };
        let interview = interviews.get(&e.id);
        let outcome = interview.and_then(|i| match i.status {
            InterviewStatus::Completed | InterviewStatus::Declined | InterviewStatus::NotPossible => {
                Some(i.status.as_str())
            }
            _ => None,
        });
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            e.id,
            code(Some(sender)),
            p.id,
            quoted(p.given_name.as_str()),
            quoted(p.family_name.as_str()),
            format_date(p.date_of_birth),
            p.sex.as_str(),
            yes_no(p.looked_after),
            code(p.responsible_la_id),
            e.missing_from.as_str(),
            if p.looked_after { e.la_category.map_or("", |c| c.as_str()) } else { "" },
            e.went_missing_at.to_rfc3339(),
            e.reported_at.to_rfc3339(),
            e.risk.joint.map_or("", |g| g.as_str()),
            time(e.returned_at),
            e.return_outcome.map_or("", |o| o.as_str()),
            e.found.postcode.as_ref().map_or("", |p| p.as_str()),
            time(interview.and_then(|i| i.offered_at)),
            outcome.unwrap_or_default(),
            time(interview.and_then(|i| i.completed_at).filter(|_| outcome == Some("completed"))),
            yes_no(e.risk.cse_concern),
            yes_no(e.risk.cce_concern),
        )?;
    }
    Ok(())
}
