//! Gathering what the records across agencies show of a child for the exploitation prompts
//! (`rules::indicators`): counts and distances only, so no other child is named to anyone.

use std::collections::BTreeSet;

use crate::authz::Scope;
use crate::domain::intel::{LinkRole, Linked};
use crate::domain::person::Person;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::geo::distance_km;
use crate::rules::indicators::{Indicator, IndicatorFacts, indicators};

/// Links read at most from the child's places and associates when looking for other children who share them.
const SHARED_LINKS: u32 = 2_000;

/// The prompts for a person at `now`, from every agency's records of them.
pub(super) async fn for_person(tx: &mut dyn Tx, person: &Person, now: Timestamp) -> Result<Vec<Indicator>, CoreError> {
    let episodes = tx.episodes_of_person(person.id, Scope::All).await?;
    let links = tx.links_of_people(&[person.id], Scope::All).await?;
    let mut facts = IndicatorFacts {
        episodes: episodes.iter().map(|e| (e.went_missing_at, e.found.out_of_area)).collect(),
        missing_education: tx.missing_education_of(person.id).await?,
        ..IndicatorFacts::default()
    };
    // How far from their current placement they were found.
    let placement = tx.placements_of_person(person.id).await?.into_iter().find(|p| p.ended_on.is_none());
    let home = match placement {
        Some(p) => tx.postcode(&p.postcode).await?.map(|info| (info.easting, info.northing)),
        None => None,
    };
    let found_at: Vec<_> = links
        .iter()
        .filter(|l| l.role == LinkRole::FoundAt)
        .filter_map(|l| if let Linked::Place(id) = l.linked { Some(id) } else { None })
        .collect();
    if let Some(home) = home
        && !found_at.is_empty()
    {
        let places = tx.places_with_ids(&found_at).await?;
        facts.furthest_km = places.iter().filter_map(|p| p.grid).map(|g| distance_km(home, g)).max_by(f64::total_cmp);
    }
    let associates: Vec<_> =
        links.iter().filter_map(|l| if let Linked::Associate(id) = l.linked { Some(id) } else { None }).collect();
    facts.adult_associates = tx.associates_with_ids(&associates).await?.iter().filter(|a| a.adult_or_unknown()).count();
    // Other children sharing a place or associate, and which of them were found to be exploited.
    let things: Vec<Linked> = links.iter().map(|l| l.linked).collect::<BTreeSet<_>>().into_iter().collect();
    if !things.is_empty() {
        let shared: Vec<_> =
            tx.links_to(&things, Scope::All, SHARED_LINKS).await?.into_iter().map(|(l, _)| l).collect();
        let others: Vec<_> = shared
            .iter()
            .map(|l| l.person_id)
            .filter(|p| *p != person.id)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let flagged: BTreeSet<_> = tx.flagged_people(&others).await?.into_iter().collect();
        facts.shared_children = flagged.len();
        facts.shared_things =
            shared.iter().filter(|l| flagged.contains(&l.person_id)).map(|l| l.linked).collect::<BTreeSet<_>>().len();
    }
    Ok(indicators(&facts, now))
}
