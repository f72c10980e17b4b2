//! The synthetic map: police forces, the councils each covers, and the interview and care providers that serve
//! each force area. The first force, council and providers form the demo area (Northmoor). All names are made up;
//! council codes are ONS-style but numbered from 901, above any real code.

use std::collections::BTreeSet;

use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::ids::AgencyId;
use homeward_core::domain::text::DisplayName;

use crate::Scale;
use crate::dice::{Dice, between, bytes};
use crate::names::{self, Place};

/// A police force and the providers that serve its area.
#[derive(Debug, Clone)]
pub struct ForceArea {
    pub id: AgencyId,
    /// Email domain of its staff, without `.example`.
    pub slug: String,
    /// Indexes into [`World::councils`].
    pub councils: Vec<usize>,
    /// Indexes into [`World::providers`].
    pub rhi_provider: usize,
    pub fostering: usize,
    pub childrens_homes: usize,
}

/// A council.
#[derive(Debug, Clone)]
pub struct Council {
    pub id: AgencyId,
    pub slug: String,
    /// The made-up place it is named after, such as "Northmoor".
    pub place: String,
    /// Index into [`World::forces`] of the force covering it.
    pub force: usize,
    /// Its share of the people who go missing; 0 for the area scale's neighbours, which only host placements.
    pub weight: u32,
}

/// An interview or care provider.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: AgencyId,
    pub slug: String,
    pub kind: AgencyKind,
}

/// Every agency, with the map that links them.
#[derive(Debug, Clone)]
pub struct World {
    /// In reference order: forces, then councils (which name their force), then providers.
    pub agencies: Vec<Agency>,
    pub forces: Vec<ForceArea>,
    pub councils: Vec<Council>,
    pub providers: Vec<Provider>,
}

impl World {
    /// The force area a council belongs to.
    pub fn force_of(&self, council: usize) -> &ForceArea {
        &self.forces[self.councils[council].force]
    }
}

/// How many councils each force covers.
fn layout(scale: Scale, dice: &mut Dice) -> Vec<usize> {
    match scale {
        // One county and its force, and a neighbouring force with two councils that host placements.
        Scale::Area => vec![1, 2],
        Scale::Region => vec![2, 3, 2, 3, 2],
        // 43 forces sharing 150 councils, as in England and Wales: each has one, the rest fall at random.
        Scale::National => {
            let mut counts = vec![1usize; 43];
            for _ in 43..150 {
                counts[between(dice, 0, 42) as usize] += 1;
            }
            counts
        }
    }
}

fn display_name(text: &str) -> DisplayName {
    DisplayName::parse(text).expect("generated agency names are short plain text")
}

fn agency_code(text: &str) -> AgencyCode {
    AgencyCode::parse(text).expect("generated agency codes are short upper-case letters and digits")
}

/// A force code from its place, such as `NMP` for Northmoor Police: the place's initials and `P` or `C`, with a
/// digit put in when another force already has it.
fn force_code(place: &Place, last_letter: char, taken: &mut BTreeSet<String>) -> AgencyCode {
    let code = std::iter::once(format!("{}{last_letter}", place.initials))
        .chain((2..100).map(|n| format!("{}{n}{last_letter}", place.initials)))
        .find(|code| !taken.contains(code))
        .expect("a hundred candidates always include a free code for 43 forces");
    taken.insert(code.clone());
    agency_code(&code)
}

/// Council codes by kind (county, unitary, metropolitan borough), and the next number of each.
struct OnsCodes([u32; 3]);

impl OnsCodes {
    fn next(&mut self, kind: usize) -> AgencyCode {
        let prefix = ["E10", "E06", "E08"][kind];
        let code = format!("{prefix}000{:03}", self.0[kind]);
        self.0[kind] += 1;
        agency_code(&code)
    }
}

/// Builds the map for a scale.
pub fn build(scale: Scale, dice: &mut Dice) -> World {
    let layout = layout(scale, dice);
    let council_total: usize = layout.iter().sum();
    // Each force area is named after its first (county) council's place.
    let places = names::places(dice, council_total);
    let brands = names::providers(dice, layout.len() * 2);

    let mut world = World {
        agencies: Vec::new(),
        forces: Vec::with_capacity(layout.len()),
        councils: Vec::with_capacity(council_total),
        providers: Vec::with_capacity(layout.len() * 3),
    };
    let mut force_agencies = Vec::with_capacity(layout.len());
    let mut council_agencies = Vec::with_capacity(council_total);
    let mut provider_agencies = Vec::with_capacity(layout.len() * 3);
    let mut force_codes = BTreeSet::new();
    let mut ons = OnsCodes([901; 3]);

    for (force_index, &council_count) in layout.iter().enumerate() {
        let place = &places[world.councils.len()];
        let (force_name, last_letter) = if force_index % 3 == 1 {
            (format!("{} Constabulary", place.name), 'C')
        } else {
            (format!("{} Police", place.name), 'P')
        };
        let force_id = AgencyId::from_random_bytes(bytes(dice));
        let code = force_code(place, last_letter, &mut force_codes);
        force_agencies.push(Agency {
            id: force_id,
            code: code.clone(),
            name: display_name(&force_name),
            kind: AgencyKind::Police,
            police_force_id: None,
        });

        let mut covered = Vec::with_capacity(council_count);
        for within in 0..council_count {
            let council_place = &places[world.councils.len()].name;
            // The first council of a force area is its county; the rest are unitary or metropolitan boroughs.
            let (kind, name) = match within {
                0 => (0, format!("{council_place} County Council")),
                n if n % 2 == 1 => (1, format!("{council_place} Council")),
                _ => (2, format!("{council_place} Borough Council")),
            };
            let id = AgencyId::from_random_bytes(bytes(dice));
            let weight = match scale {
                Scale::Area if force_index == 0 => 1,
                Scale::Area => 0,
                // The demo county is a middling council, so the region's Northmoor looks like the area's.
                _ if world.councils.is_empty() => 3,
                _ => between(dice, 1, 5),
            };
            covered.push(world.councils.len());
            council_agencies.push(Agency {
                id,
                code: ons.next(kind),
                name: display_name(&name),
                kind: AgencyKind::LocalAuthority,
                police_force_id: Some(force_id),
            });
            world.councils.push(Council {
                id,
                slug: names::slug(council_place),
                place: council_place.clone(),
                force: force_index,
                weight,
            });
        }

        // The area scale has exactly one interview provider and two care providers: the neighbouring force area
        // uses the demo area's.
        let first_provider = if scale == Scale::Area && force_index > 0 {
            0
        } else {
            let first = world.providers.len();
            let (brand, homes_brand) = (&brands[2 * force_index], &brands[2 * force_index + 1]);
            let made = [
                (
                    AgencyKind::RhiProvider,
                    format!("{brand} Return Interviews"),
                    format!("RHI-{code}"),
                    names::slug(brand),
                ),
                (
                    AgencyKind::CareProvider,
                    format!("{} Fostering Partnership", place.name),
                    format!("FOST-{code}"),
                    format!("{}-fostering", names::slug(&place.name)),
                ),
                (
                    AgencyKind::CareProvider,
                    format!("{homes_brand} Children's Homes"),
                    format!("HOMES-{code}"),
                    format!("{}-homes", names::slug(homes_brand)),
                ),
            ];
            for (kind, name, provider_code, slug) in made {
                let id = AgencyId::from_random_bytes(bytes(dice));
                provider_agencies.push(Agency {
                    id,
                    code: agency_code(&provider_code),
                    name: display_name(&name),
                    kind,
                    police_force_id: None,
                });
                world.providers.push(Provider { id, slug, kind });
            }
            first
        };

        world.forces.push(ForceArea {
            id: force_id,
            slug: format!("{}-police", names::slug(&place.name)),
            councils: covered,
            rhi_provider: first_provider,
            fostering: first_provider + 1,
            childrens_homes: first_provider + 2,
        });
    }

    world.agencies = force_agencies;
    world.agencies.extend(council_agencies);
    world.agencies.extend(provider_agencies);
    world
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::dice;

    #[test]
    fn the_area_is_one_county_its_force_and_two_neighbours() {
        let world = build(Scale::Area, &mut dice(1, 1));
        assert_eq!(world.forces.len(), 2);
        assert_eq!(world.councils.len(), 3);
        assert_eq!(world.providers.len(), 3);
        let force = &world.agencies[0];
        assert_eq!(force.name.as_str(), "Northmoor Police");
        assert_eq!(force.code.as_str(), "NMP");
        let county = &world.agencies[2];
        assert_eq!(county.name.as_str(), "Northmoor County Council");
        assert_eq!(county.code.as_str(), "E10000901");
        assert_eq!(county.police_force_id, Some(force.id));
        assert_eq!(world.councils[0].slug, "northmoor");
        assert_ne!(world.councils[1].force, 0);
        assert_eq!(world.forces[1].rhi_provider, world.forces[0].rhi_provider);
        assert_eq!(world.providers[0].slug, "brightpath");
        assert_eq!(world.providers[2].slug, "kindharbour-homes");
    }

    #[test]
    fn national_codes_and_names_are_unique() {
        let world = build(Scale::National, &mut dice(9, 1));
        assert_eq!(world.forces.len(), 43);
        assert_eq!(world.councils.len(), 150);
        assert_eq!(world.providers.len(), 43 * 3);
        let codes: BTreeSet<_> = world.agencies.iter().map(|a| a.code.clone()).collect();
        assert_eq!(codes.len(), world.agencies.len());
        let names: BTreeSet<_> = world.agencies.iter().map(|a| a.name.to_string()).collect();
        assert_eq!(names.len(), world.agencies.len());
        let slugs: BTreeSet<_> = world
            .forces
            .iter()
            .map(|f| &f.slug)
            .chain(world.councils.iter().map(|c| &c.slug))
            .chain(world.providers.iter().map(|p| &p.slug))
            .collect();
        assert_eq!(slugs.len(), 43 + 150 + 43 * 3);
    }
}
