//! Filing what records say of places and people: where the person was found (the return) and the places and
//! people their interview named (its findings), each resolved to the place or associate already held (by the rules
//! of `rules::intel`) or recorded new, and linked to the episode by role with its source, reliability and evidence.
//! Filing a source again replaces its links, so a corrected record is filed afresh and a refile changes nothing.

use crate::domain::episode::Episode;
use crate::domain::ids::{AssociateId, IntelLinkId, PlaceId};
use crate::domain::intel::{
    Associate, IntelLink, LinkRole, Linked, Mention, Place, PlaceKind, Reliability, SourceKind,
};
use crate::domain::return_interview::{InterviewStatus, NamedPerson, NamedPlace, ReturnInterview};
use crate::domain::text::{FreeText, Postcode};
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::intel::{associate_keys, normalise_handle, normalise_phone, normalise_vehicle, place_key};

/// Episodes filed per scheduler tick by the backfill.
pub(super) const BACKFILL_BATCH: u32 = 500;

/// The place at this postcode with this name: the one held under its key, or a new one, with why.
async fn resolve_place(
    tx: &mut dyn Tx,
    episode: &Episode,
    name: Option<&FreeText>,
    postcode: Option<&Postcode>,
    kind: PlaceKind,
    now: Timestamp,
) -> Result<(PlaceId, &'static str), CoreError> {
    let locality = episode.area_la_id.unwrap_or(episode.recorded_by_agency_id).to_string();
    let key = place_key(name.map(FreeText::as_str), postcode, &locality);
    if let Some(held) = tx.place_by_key(&key).await? {
        let evidence = match (name, postcode) {
            (Some(_), Some(_)) => "same postcode and name",
            (None, Some(_)) => "same postcode",
            _ => "same name in the same area, no postcode",
        };
        return Ok((held.id, evidence));
    }
    let found = match postcode {
        Some(postcode) => tx.postcode(postcode).await?,
        None => None,
    };
    let place = Place {
        id: PlaceId::random(),
        kind,
        name: name.cloned(),
        postcode: postcode.cloned(),
        key,
        grid: found.as_ref().map(|f| (f.easting, f.northing)),
        la_code: found.map(|f| f.la_code),
        created_at: now,
    };
    let held = tx.insert_place(&place).await?;
    Ok((held.id, if held.id == place.id { "new place" } else { "same postcode and name" }))
}

fn mention(person: &NamedPerson) -> Mention {
    let text = |t: &Option<FreeText>| t.as_ref().map(|t| t.as_str().to_owned());
    Mention {
        name: person.name.clone(),
        nickname: person.nickname.clone(),
        approx_age: person.approx_age,
        phone: text(&person.phone),
        vehicle: text(&person.vehicle),
        handle: text(&person.handle),
    }
}

fn add(list: &mut Vec<String>, value: Option<String>) {
    if let Some(value) = value
        && !list.contains(&value)
    {
        list.push(value);
    }
}

/// The associate this mention names: the oldest held under any of its keys, told what the mention adds, or a new
/// one; with why.
async fn resolve_associate(
    tx: &mut dyn Tx,
    mention: &Mention,
    now: Timestamp,
) -> Result<(AssociateId, String), CoreError> {
    let keyed = associate_keys(mention);
    let keys: Vec<String> = keyed.iter().map(|(k, _)| k.clone()).collect();
    let found = tx.associates_by_keys(&keys).await?;
    let (mut associate, evidence) = if let Some((_, held)) = found.first() {
        let why: Vec<&str> = keyed
            .iter()
            .filter(|(k, _)| found.iter().any(|(by, a)| by == k && a.id == held.id))
            .map(|(_, why)| *why)
            .collect();
        (held.clone(), why.join(", "))
    } else {
        let fresh = Associate {
            id: AssociateId::random(),
            name: None,
            nickname: None,
            approx_age: None,
            phones: Vec::new(),
            vehicles: Vec::new(),
            handles: Vec::new(),
            created_at: now,
        };
        let why = if keys.is_empty() { "new associate (a nickname alone joins nobody)" } else { "new associate" };
        (fresh, why.to_owned())
    };
    associate.name = associate.name.or_else(|| mention.name.clone());
    associate.nickname = associate.nickname.or_else(|| mention.nickname.clone());
    associate.approx_age = associate.approx_age.or(mention.approx_age);
    add(&mut associate.phones, mention.phone.as_deref().and_then(normalise_phone));
    add(&mut associate.vehicles, mention.vehicle.as_deref().and_then(normalise_vehicle));
    add(&mut associate.handles, mention.handle.as_deref().and_then(normalise_handle));
    tx.save_associate(&associate, &keys).await?;
    Ok((associate.id, evidence))
}

/// A link from this episode, of this source, to what was resolved.
struct Source<'a> {
    episode: &'a Episode,
    flagged: bool,
    kind: SourceKind,
    id: String,
    reliability: Reliability,
    now: Timestamp,
}

impl Source<'_> {
    fn link(&self, linked: Linked, role: LinkRole, evidence: &str) -> IntelLink {
        IntelLink {
            id: IntelLinkId::random(),
            person_id: self.episode.person_id,
            episode_id: self.episode.id,
            linked,
            role,
            reliability: self.reliability,
            source_kind: self.kind,
            source_id: self.id.clone(),
            evidence: evidence.to_owned(),
            occurred_at: self.episode.went_missing_at,
            recorded_at: self.now,
            agency_id: Some(self.episode.recorded_by_agency_id),
            flagged: self.flagged,
        }
    }
}

/// Files where the person was found on return: a confirmed link, since whoever found them recorded it.
pub(super) async fn file_return(tx: &mut dyn Tx, episode: &Episode, now: Timestamp) -> Result<(), CoreError> {
    let source = Source {
        episode,
        flagged: false,
        kind: SourceKind::Return,
        id: episode.id.to_string(),
        reliability: Reliability::Confirmed,
        now,
    };
    let found = &episode.found;
    let mut links = Vec::new();
    if found.place.is_some() || found.postcode.is_some() {
        let kind = if found.place.is_some() { PlaceKind::Other } else { PlaceKind::Postcode };
        let (place, evidence) =
            resolve_place(tx, episode, found.place.as_ref(), found.postcode.as_ref(), kind, now).await?;
        links.push(source.link(Linked::Place(place), LinkRole::FoundAt, evidence));
    }
    tx.replace_intel_links(source.kind, &source.id, &links).await?;
    super::contexts::touch(tx, episode, &links, episode.updated_at, now).await?;
    Ok(())
}

/// Files the places and people a completed interview's findings named: tentative, since they are the child's
/// account, not yet checked.
pub(super) async fn file_findings(
    tx: &mut dyn Tx,
    episode: &Episode,
    interview: &ReturnInterview,
    now: Timestamp,
) -> Result<(), CoreError> {
    let findings = interview.record.as_ref().and_then(|r| r.findings.as_ref());
    let source = Source {
        episode,
        flagged: findings.is_some_and(|f| !f.cse_indicators.is_empty() || !f.cce_indicators.is_empty()),
        kind: SourceKind::Interview,
        id: interview.id.to_string(),
        reliability: Reliability::Tentative,
        now,
    };
    let mut links = Vec::new();
    if interview.status == InterviewStatus::Completed
        && let Some(findings) = findings
    {
        for NamedPlace { description, postcode, kind, role } in &findings.places {
            let kind = kind.unwrap_or(PlaceKind::Other);
            let (place, evidence) = resolve_place(tx, episode, Some(description), postcode.as_ref(), kind, now).await?;
            links.push(source.link(Linked::Place(place), role.unwrap_or(LinkRole::WentTo), evidence));
        }
        for person in &findings.people {
            let (associate, evidence) = resolve_associate(tx, &mention(person), now).await?;
            links.push(source.link(Linked::Associate(associate), person.role.unwrap_or(LinkRole::WasWith), &evidence));
        }
    }
    tx.replace_intel_links(source.kind, &source.id, &links).await?;
    let made = interview.record.as_ref().map_or(now, |r| r.recorded_at);
    super::contexts::touch(tx, episode, &links, made, now).await?;
    // A finding naming an adult served with a child abduction warning notice in force alerts its force and council.
    let named: Vec<AssociateId> = links
        .iter()
        .filter_map(|l| match l.linked {
            Linked::Associate(id) => Some(id),
            Linked::Place(_) => None,
        })
        .collect();
    if !named.is_empty() {
        crate::prompts::abduction_notices_named(tx, episode, &named, made, now).await?;
    }
    Ok(())
}

/// Files everything an episode's records say: its return and each of its interviews.
pub(super) async fn file_episode(tx: &mut dyn Tx, episode: &Episode, now: Timestamp) -> Result<(), CoreError> {
    file_return(tx, episode, now).await?;
    for interview in tx.return_interviews_for_episode(episode.id).await? {
        file_findings(tx, episode, &interview, now).await?;
    }
    Ok(())
}
