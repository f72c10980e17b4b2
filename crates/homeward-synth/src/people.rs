//! Who goes missing: a person's age, sex, care status, placement and exploitation risk, drawn from the DOMAIN.md
//! figures, and the `Person` record Homeward keeps of them.

use homeward_core::domain::episode::MissingFrom;
use homeward_core::domain::ids::{AgencyId, PersonId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::text::PersonName;
use homeward_core::domain::time::{Timestamp, age_on};
use time::{Date, Duration};

use crate::agencies::World;
use crate::calibration as cal;
use crate::dice::{Deck, Dice, between, chance, pick_maybe, pick_share};
use crate::names;
use crate::staff::Staff;

/// The three groups whose figures DOMAIN.md gives separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cohort {
    LookedAfter,
    OtherChild,
    Adult,
}

impl Cohort {
    pub fn is_child(self) -> bool {
        self != Cohort::Adult
    }

    fn index(self) -> usize {
        self as usize
    }

    fn ages(self) -> &'static [cal::Band] {
        match self {
            Cohort::LookedAfter => cal::LOOKED_AFTER_AGE,
            Cohort::OtherChild => cal::OTHER_CHILD_AGE,
            Cohort::Adult => cal::ADULT_AGE,
        }
    }

    fn incident_counts(self) -> &'static [cal::Band] {
        match self {
            Cohort::LookedAfter => cal::LOOKED_AFTER_INCIDENTS_PER_CHILD,
            Cohort::OtherChild => cal::OTHER_CHILD_INCIDENTS_PER_CHILD,
            Cohort::Adult => cal::ADULT_INCIDENTS_PER_ADULT,
        }
    }
}

const COHORTS: [Cohort; 3] = [Cohort::LookedAfter, Cohort::OtherChild, Cohort::Adult];

/// Decks for the draws about a person that shape the figures most (how often they go missing, their age, where
/// they live, exploitation risk), one set per council so that even one county matches DOMAIN.md closely.
#[derive(Debug, Clone)]
pub struct Decks {
    incidents: [Deck; 3],
    ages: [Deck; 3],
    out_of_area: Deck,
    /// By looked-after or not, then boys and girls.
    cse: [[Deck; 2]; 2],
    cce: [[Deck; 2]; 2],
}

impl Decks {
    pub fn new() -> Self {
        let by_sex = |shares: [cal::PerMille; 2]| shares.map(Deck::of_chance);
        Self {
            incidents: COHORTS.map(|c| Deck::of_bands(c.incident_counts())),
            ages: COHORTS.map(|c| Deck::of_bands(c.ages())),
            out_of_area: Deck::of_chance(cal::OUT_OF_AREA),
            cse: [by_sex(cal::CSE_AT_RISK_LOOKED_AFTER), by_sex(cal::CSE_AT_RISK_OTHER_CHILD)],
            cce: [by_sex(cal::CCE_AT_RISK_LOOKED_AFTER), by_sex(cal::CCE_AT_RISK_OTHER_CHILD)],
        }
    }

    /// How many times a person of this cohort goes missing in the year.
    pub fn incidents(&mut self, dice: &mut Dice, cohort: Cohort) -> u32 {
        self.incidents[cohort.index()].draw(dice, cohort.incident_counts())
    }

    /// Whether a child is at risk of sexual and of criminal exploitation. A child of unknown sex is drawn as a
    /// boy or a girl at random.
    fn at_risk(&mut self, dice: &mut Dice, cohort: Cohort, sex: Sex) -> (bool, bool) {
        let group = usize::from(cohort != Cohort::LookedAfter);
        let sex = match sex {
            Sex::Male => 0,
            Sex::Female => 1,
            Sex::Unknown => between(dice, 0, 1) as usize,
        };
        (self.cse[group][sex].happens(dice), self.cce[group][sex].happens(dice))
    }
}

/// What the generator knows of a person beyond their record: it shapes each of their episodes.
#[derive(Debug, Clone)]
pub struct Profile {
    pub cohort: Cohort,
    pub sex: Sex,
    pub date_of_birth: Date,
    /// Age on the first day of the year.
    pub age: i32,
    /// The council responsible (the placing council for a looked-after child; otherwise where they live).
    pub responsible: usize,
    /// The council whose area they go missing from.
    pub lives_in: usize,
    /// A looked-after child's placement.
    pub placement: Option<MissingFrom>,
    pub placement_provider: Option<AgencyId>,
    pub allocated_worker: Option<UserId>,
    pub at_risk_of_cse: bool,
    pub at_risk_of_cce: bool,
}

/// A date of birth that makes the person `age` on `on`: a day drawn from the year before that birthday.
fn date_of_birth(dice: &mut Dice, age: i32, on: Date) -> Date {
    let year = on.year() - age - 1;
    // 29 February has no anniversary in most years: count from the 28th.
    let anniversary = on
        .replace_year(year)
        .or_else(|_| on.replace_day(28).and_then(|d| d.replace_year(year)))
        .expect("the 28th exists in every month and year");
    let mut born = anniversary + Duration::days(i64::from(between(dice, 1, 365)));
    // Leap days can leave the draw a day out either way; step it back into the asked age.
    while age_on(born, on) > age {
        born += Duration::days(1);
    }
    while age_on(born, on) < age {
        born -= Duration::days(1);
    }
    born
}

/// Where a looked-after child placed out of area lives: another council of their force area, or one of the
/// neighbouring force areas (the next and previous in the map), as placements cross nearby borders.
fn host_council(dice: &mut Dice, world: &World, council: usize) -> Option<usize> {
    let force = world.councils[council].force;
    let same: Vec<usize> = world.forces[force].councils.iter().copied().filter(|&c| c != council).collect();
    let forces = world.forces.len();
    let nearby: Vec<usize> = [(force + 1) % forces, (force + forces - 1) % forces]
        .iter()
        .filter(|&&f| f != force)
        .flat_map(|&f| world.forces[f].councils.iter().copied())
        .collect();
    if !same.is_empty() && (nearby.is_empty() || between(dice, 0, 1) == 0) {
        pick_maybe(dice, &same)
    } else {
        pick_maybe(dice, &nearby)
    }
}

/// Draws a person of a cohort belonging to a council.
pub fn profile(
    dice: &mut Dice,
    decks: &mut Decks,
    cohort: Cohort,
    council: usize,
    world: &World,
    staff: &Staff,
    year_start: Date,
) -> Profile {
    let sexes = match cohort {
        Cohort::LookedAfter => cal::LOOKED_AFTER_SEX,
        Cohort::OtherChild => cal::OTHER_CHILD_SEX,
        Cohort::Adult => cal::ADULT_SEX,
    };
    let age = decks.ages[cohort.index()].draw(dice, cohort.ages()) as i32;
    let sex = [Sex::Male, Sex::Female, Sex::Unknown][pick_share(dice, &sexes)];
    let date_of_birth = date_of_birth(dice, age, year_start);

    let mut profile = Profile {
        cohort,
        sex,
        date_of_birth,
        age,
        responsible: council,
        lives_in: council,
        placement: None,
        placement_provider: None,
        allocated_worker: None,
        at_risk_of_cse: false,
        at_risk_of_cce: false,
    };
    match cohort {
        Cohort::LookedAfter => {
            if decks.out_of_area.happens(dice) {
                profile.lives_in = host_council(dice, world, council).unwrap_or(council);
            }
            let shares = if age >= 16 { cal::PLACEMENT_16_AND_OVER } else { cal::PLACEMENT_UNDER_16 };
            let placement = [MissingFrom::FosterCare, MissingFrom::ChildrensHome, MissingFrom::SemiIndependent]
                [pick_share(dice, &shares)];
            // Placements are made with the providers where the child lives; the children's home company also
            // runs semi-independent accommodation.
            let area = world.force_of(profile.lives_in);
            let provider = if placement == MissingFrom::FosterCare { area.fostering } else { area.childrens_homes };
            profile.placement = Some(placement);
            profile.placement_provider = Some(world.providers[provider].id);
            profile.allocated_worker = pick_maybe(dice, &staff.social_workers[council]);
            (profile.at_risk_of_cse, profile.at_risk_of_cce) = decks.at_risk(dice, cohort, sex);
        }
        Cohort::OtherChild => {
            if chance(dice, cal::OTHER_CHILD_ALLOCATED_WORKER) {
                profile.allocated_worker = pick_maybe(dice, &staff.social_workers[council]);
            }
            (profile.at_risk_of_cse, profile.at_risk_of_cce) = decks.at_risk(dice, cohort, sex);
        }
        Cohort::Adult => {}
    }
    profile
}

/// The place one episode starts from: a looked-after child's placement; otherwise mostly home.
pub fn missing_from(dice: &mut Dice, profile: &Profile) -> MissingFrom {
    if let Some(placement) = profile.placement {
        return placement;
    }
    match profile.cohort {
        Cohort::Adult if profile.age >= cal::OLDER_ADULT_AGE => {
            [MissingFrom::CareHome, MissingFrom::Home, MissingFrom::Hospital]
                [pick_share(dice, &cal::OLDER_ADULT_MISSING_FROM)]
        }
        Cohort::Adult => {
            [MissingFrom::Home, MissingFrom::Hospital, MissingFrom::Other][pick_share(dice, &cal::ADULT_MISSING_FROM)]
        }
        _ => [MissingFrom::Home, MissingFrom::School, MissingFrom::Other]
            [pick_share(dice, &cal::OTHER_CHILD_MISSING_FROM)],
    }
}

/// The record Homeward keeps, first made when the person was first reported.
pub fn record(dice: &mut Dice, id: PersonId, profile: &Profile, world: &World, created_at: Timestamp) -> Person {
    let (given, family) = names::person(dice, profile.sex);
    let host = (profile.lives_in != profile.responsible).then(|| world.councils[profile.lives_in].id);
    Person {
        id,
        given_name: PersonName::parse(given).expect("names from the word lists are valid"),
        family_name: PersonName::parse(family).expect("names from the word lists are valid"),
        date_of_birth: profile.date_of_birth,
        sex: profile.sex,
        looked_after: profile.cohort == Cohort::LookedAfter,
        responsible_la_id: Some(world.councils[profile.responsible].id),
        host_la_id: host,
        placement_provider_id: profile.placement_provider,
        allocated_worker_id: profile.allocated_worker,
        recorded_by_agency_id: None,
        created_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::{dice, pick};
    use time::macros::date;

    #[test]
    fn dates_of_birth_give_the_age_asked_for() {
        let mut d = dice(5, 5);
        for on in [date!(2025 - 03 - 31), date!(2024 - 02 - 29), date!(2025 - 12 - 31)] {
            for age in 0..100 {
                let dob = date_of_birth(&mut d, age, on);
                assert_eq!(age_on(dob, on), age, "{dob} on {on}");
            }
        }
    }

    #[test]
    fn a_pick_is_unused_when_nobody_is_there() {
        let mut d = dice(5, 6);
        assert_eq!(pick_maybe::<u8>(&mut d, &[]), None);
        assert_eq!(*pick(&mut d, &[4]), 4);
    }
}
