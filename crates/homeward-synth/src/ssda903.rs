//! Each council's SSDA903 records for the children it looks after, as its own system would send them: a Header row
//! per child, keyed by the council's reference for the child (its id, as `write_episodes_csv` writes it), and one
//! period of care that began before the child's first missing episode and is still open, so every missing period
//! lies inside it and the Missing table built from them passes DfE's rules. Drawn from a stream of its own, so the
//! other records do not change.

use std::collections::HashMap;

use homeward_core::domain::episode::Episode;
use homeward_core::domain::ids::{AgencyId, PersonId, PlacementId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::placement::Placement;
use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
use homeward_core::domain::text::Postcode;
use homeward_core::domain::time::{Timestamp, london};
use time::Duration;

use crate::dice::{Dice, between, pick};

/// DfE's ethnicity codes (rule 103), as councils record them.
const ETHNIC: &[&str] =
    &["WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "MWBA", "MOTH", "APKN", "ABAN", "BAFR", "BCRB", "OOTH"];

/// The looked-after children's references and SSDA903 rows, by council.
#[derive(Debug, Default)]
pub struct Records {
    pub person_refs: Vec<(AgencyId, String, PersonId)>,
    pub children: Vec<(AgencyId, Ssda903Child)>,
    pub episodes: Vec<(AgencyId, Ssda903Episode)>,
    /// Each child's current placement, begun with the period of care, with the provider and in the council's area
    /// their record names.
    pub placements: Vec<Placement>,
}

/// The child's placement from the start of their period of care. Its postcode is in the `ZZ` area, which no real
/// place has, numbered after the host council so each council's placements share a district.
fn placement(person: &Person, la: AgencyId, provider: AgencyId, started_on: time::Date) -> Placement {
    let host = person.host_la_id.unwrap_or(la);
    let district = host.as_uuid().as_bytes()[0] % 100;
    let mut bytes = person.id.as_uuid().into_bytes();
    bytes[0] ^= 0x5a;
    Placement {
        id: PlacementId::from_random_bytes(bytes),
        person_id: person.id,
        provider_id: provider,
        host_la_id: host,
        postcode: Postcode::parse(&format!("ZZ{district} {}ZZ", bytes[1] % 10)).expect("a well-formed postcode"),
        started_on,
        ended_on: None,
        recorded_by: person.allocated_worker_id,
        recorded_at: person.created_at,
    }
}

/// The records of every looked-after child with a responsible council and at least one episode, in people order.
pub fn build(people: &[Person], episodes: &[Episode], dice: &mut Dice) -> Records {
    let mut first: HashMap<PersonId, Timestamp> = HashMap::new();
    for e in episodes {
        first.entry(e.person_id).and_modify(|at| *at = (*at).min(e.went_missing_at)).or_insert(e.went_missing_at);
    }
    let mut records = Records::default();
    for person in people.iter().filter(|p| p.looked_after) {
        let (Some(la), Some(went)) = (person.responsible_la_id, first.get(&person.id)) else { continue };
        let child = person.id.to_string();
        let before = Duration::days(i64::from(between(dice, 30, 1_500)));
        let decom = (london(*went).date() - before).max(person.date_of_birth + Duration::days(1));
        records.person_refs.push((la, child.clone(), person.id));
        if let Some(provider) = person.placement_provider_id {
            records.placements.push(placement(person, la, provider, decom));
        }
        records.children.push((
            la,
            Ssda903Child {
                child: child.clone(),
                sex: person.sex.as_str().to_owned(),
                dob: person.date_of_birth,
                ethnic: (*pick(dice, ETHNIC)).to_owned(),
                upn: format!("H{:012}", records.children.len() + 1),
                mother: if person.sex == Sex::Female { "0" } else { "" }.to_owned(),
                mc_dob: None,
            },
        ));
        records.episodes.push((
            la,
            Ssda903Episode {
                child,
                decom,
                rne: "S".into(),
                ls: "C2".into(),
                cin: "N1".into(),
                place: "U1".into(),
                place_provider: "PR1".into(),
                dec: None,
                rec: String::new(),
                reason_place_change: String::new(),
                home_post: String::new(),
                pl_post: String::new(),
                urn: String::new(),
            },
        ));
    }
    records
}
