//! Planted exploitation networks: a few made-up adults, each reaching children with exploitation concerns across
//! the councils of two force areas, and named again and again in those children's return interviews by the same
//! phone number or car, with the station, takeaway and hotel where they meet them. They are what the intelligence
//! pages exist to find (DOMAIN.md, "Exploitation indicators linked to missing"). Their phone numbers are in
//! Ofcom's range for drama (07700 900000 to 900999), which no real phone has; their registrations are made up.

use std::collections::BTreeSet;

use homeward_core::domain::intel::LinkRole;
use homeward_core::domain::person::Sex;
use homeward_core::domain::return_interview::{CceIndicator, CseIndicator, Findings, NamedPerson};
use homeward_core::domain::text::FreeText;

use crate::agencies::World;
use crate::calibration as cal;
use crate::dice::{Dice, between, chance, pick, pick_share};
use crate::names;
use crate::places::{Spot, Town};

/// The kind of exploitation a network is planted for, which decides the children it reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exploitation {
    Sexual,
    Criminal,
}

/// A planted adult as the records would come to know them.
#[derive(Debug, Clone)]
struct Adult {
    full_name: String,
    nickname: &'static str,
    /// The last six digits of their number, 900000 to 900999.
    phone: u32,
    /// Their registration, such as `AB12 CDE`.
    vehicle: String,
    age: u8,
}

/// One planted network.
#[derive(Debug, Clone)]
pub struct Network {
    pub exploitation: Exploitation,
    adult: Adult,
    /// Indexes of the councils whose children it reaches.
    pub territory: Vec<usize>,
    /// Where it meets children, with how children come to be there.
    pub hotspots: Vec<(Spot, LinkRole)>,
}

/// Letters UK registrations use (not I, Q or Z).
const REGISTRATION_LETTERS: &[u8] = b"ABCDEFGHJKLMNOPRSTUVWXY";

fn letters(dice: &mut Dice, count: usize) -> String {
    (0..count).map(|_| char::from(*pick(dice, REGISTRATION_LETTERS))).collect()
}

fn text(text: &str) -> FreeText {
    FreeText::parse(text).expect("the generator's names, numbers and registrations are short plain text")
}

/// Plants the networks: `NETWORKS_AT_LEAST` and one more for every `COUNCILS_PER_NETWORK` councils, spread over
/// the force areas, a third of them for criminal exploitation. Each reaches its home force area's councils and the
/// next force area's, and meets children in its home county's town (the demo area's, where a home council has no
/// children of its own, as the area scale's neighbours).
pub fn plant(dice: &mut Dice, world: &World, towns: &[Town]) -> Vec<Network> {
    let count = cal::NETWORKS_AT_LEAST + world.councils.len().div_ceil(cal::COUNCILS_PER_NETWORK);
    let forces = world.forces.len();
    let mut phones = BTreeSet::new();
    let mut vehicles = BTreeSet::new();
    (0..count)
        .map(|index| {
            let exploitation = if index % 3 == 2 { Exploitation::Criminal } else { Exploitation::Sexual };
            let mut home = index * forces / count;
            if world.councils[world.forces[home].councils[0]].weight == 0 {
                home = 0;
            }
            let mut territory = world.forces[home].councils.clone();
            let next = (home + 1) % forces;
            if next != home {
                territory.extend(&world.forces[next].councils);
            }
            let town = &towns[world.forces[home].councils[0]];
            let hotspots = vec![
                (town.station.clone(), LinkRole::WentTo),
                (town.takeaways[index % town.takeaways.len()].clone(), LinkRole::WentTo),
                (town.hotels[index / 2 % town.hotels.len()].clone(), LinkRole::StayedAt),
            ];
            let sex = if exploitation == Exploitation::Criminal || chance(dice, 800) { Sex::Male } else { Sex::Female };
            let (given, family) = names::person(dice, sex);
            let phone = loop {
                let phone = between(dice, 900_000, 900_999);
                if phones.insert(phone) {
                    break phone;
                }
            };
            let vehicle = loop {
                let vehicle = format!("{}{:02} {}", letters(dice, 2), between(dice, 10, 74), letters(dice, 3));
                if vehicles.insert(vehicle.clone()) {
                    break vehicle;
                }
            };
            let adult = Adult {
                full_name: format!("{given} {family}"),
                nickname: names::adult_nickname(dice),
                phone,
                vehicle,
                age: u8::try_from(between(dice, 21, 45)).expect("an age fits a byte"),
            };
            Network { exploitation, adult, territory, hotspots }
        })
        .collect()
}

impl Exploitation {
    /// Whether an episode with these concerns is one this kind of network is behind.
    pub fn fits(self, cse: bool, cce: bool) -> bool {
        match self {
            Exploitation::Sexual => cse,
            Exploitation::Criminal => cce,
        }
    }
}

impl Network {
    /// The adult as one child names them: always by nickname, by the same phone number or car (written however
    /// the child or interviewer wrote it), sometimes by full name, with a guess at their age.
    pub fn mention(&self, dice: &mut Dice) -> NamedPerson {
        let adult = &self.adult;
        let (phone_chance, vehicle_chance, roles) = match self.exploitation {
            Exploitation::Sexual => (cal::NETWORK_PHONE_OF_CSE, 1_000, cal::CSE_ADULT_ROLES),
            Exploitation::Criminal => (1_000, cal::NETWORK_VEHICLE_OF_CCE, cal::CCE_ADULT_ROLES),
        };
        let role = [LinkRole::GaveMoneyOrGifts, LinkRole::TravelledWith, LinkRole::WasWith][pick_share(dice, &roles)];
        let phone = chance(dice, phone_chance).then(|| match between(dice, 0, 2) {
            0 => format!("07700 {}", adult.phone),
            1 => format!("07700{}", adult.phone),
            _ => format!("+44 7700 {}", adult.phone),
        });
        let vehicle = chance(dice, vehicle_chance).then(|| match between(dice, 0, 2) {
            0 => adult.vehicle.clone(),
            1 => adult.vehicle.replace(' ', ""),
            _ => adult.vehicle.to_lowercase(),
        });
        let full_name = chance(dice, cal::NETWORK_FULL_NAME);
        let guess = between(dice, 0, 8);
        NamedPerson {
            name: full_name.then(|| text(&adult.full_name)),
            nickname: Some(text(adult.nickname)),
            phone: phone.as_deref().map(text),
            vehicle: vehicle.as_deref().map(text),
            handle: None,
            approx_age: Some((adult.age + 4).saturating_sub(u8::try_from(guess).expect("a guess fits a byte"))),
            role: Some(role),
        }
    }

    /// The indicators a child's account of this adult shows, added to their findings.
    pub fn mark(&self, findings: &mut Findings, mention: &NamedPerson) {
        fn add<T: PartialEq>(list: &mut Vec<T>, code: T) {
            if !list.contains(&code) {
                list.push(code);
            }
        }
        let gave = mention.role == Some(LinkRole::GaveMoneyOrGifts);
        let travelled = mention.role == Some(LinkRole::TravelledWith);
        match self.exploitation {
            Exploitation::Sexual => {
                let list = &mut findings.cse_indicators;
                add(list, CseIndicator::OlderBoyfriendOrGirlfriend);
                if gave {
                    add(list, CseIndicator::UnexplainedGifts);
                }
                if mention.vehicle.is_some() {
                    add(list, CseIndicator::CarsWithUnknownAdults);
                }
            }
            Exploitation::Criminal => {
                let list = &mut findings.cce_indicators;
                add(list, CceIndicator::ControllingOlderPeople);
                add(list, CceIndicator::ManyCallsOrTexts);
                if gave {
                    add(list, CceIndicator::UnexplainedMoneyOrItems);
                }
                if travelled {
                    add(list, CceIndicator::TrainTickets);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scale;
    use crate::dice::dice;
    use homeward_core::rules::intel::normalise_phone;

    #[test]
    fn each_adult_is_named_by_one_phone_however_written_and_the_networks_scale_with_the_councils() {
        for (scale, expected) in [(Scale::Area, 3), (Scale::Region, 4), (Scale::National, 21)] {
            let world = crate::agencies::build(scale, &mut dice(4, 1));
            let mut d = dice(4, 2);
            let towns = crate::places::towns(&mut d, &world);
            let networks = plant(&mut d, &world, &towns);
            assert_eq!(networks.len(), expected, "{scale}");
            for network in &networks {
                let phones: BTreeSet<_> = (0..20)
                    .filter_map(|_| network.mention(&mut d).phone)
                    .filter_map(|p| normalise_phone(p.as_str()))
                    .collect();
                assert_eq!(phones.len(), 1, "{phones:?}");
                let phone = phones.first().expect("one phone");
                assert!(phone.starts_with("07700900"), "the drama range: {phone}");
            }
        }
    }
}
