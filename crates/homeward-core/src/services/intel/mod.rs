//! Places and people (issue 15): the questions asked of the places and associates that records name, joined across
//! episodes and agencies. Only those who coordinate the response read them (`Action::ReadIntelligence`), about
//! people they see; analysts see hotspots by postcode sector and district, never who. Every question is audited with
//! the reason its asker gave (DPA 2018 s.62).

mod contexts;
mod filing;
mod indicators;

use std::collections::{BTreeMap, BTreeSet};

pub use contexts::{ContextInput, ContextView, NewContext};

use super::Core;
use crate::authz::{Action, Actor, Subject, check, check_at_all};
use crate::domain::audit::AuditAction;
use crate::domain::episode::Episode;
use crate::domain::ids::{AssociateId, PersonId, PlaceId};
use crate::domain::intel::{
    Associate, Hotspot, HotspotLevel, IntelLink, Linked, MonthCount, Place, PlacePage, PlacePaging,
};
use crate::domain::paging::{Cursor, Page};
use crate::domain::person::Person;
use crate::domain::return_interview::ReturnInterview;
use crate::domain::text::Postcode;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::ports::{IntelLinkPaging, Tx};
use crate::rules::intel::{HOTSPOTS_SHOWN, MAX_STEPS, NETWORK_PEOPLE_PER_STEP, reason};

/// Links read at most from one step's places and associates: a hub (a busy station) is cut here and says so.
pub const LINKS_PER_STEP: u32 = 1_000;

/// Another person in a network: how many steps away, and through which places and associates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPerson {
    pub person: Person,
    pub step: u8,
    pub via: Vec<Linked>,
}

/// A person's places and associates, and the people linked to them within the steps asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub person: Person,
    pub steps: u8,
    /// The person's own links, oldest first: their timeline.
    pub links: Vec<IntelLink>,
    /// Every place and associate the network names.
    pub places: Vec<Place>,
    pub associates: Vec<Associate>,
    /// The other people the actor sees, nearest first.
    pub people: Vec<NetworkPerson>,
    /// The links of the people at each step but the last onward to the places and associates that reach the next:
    /// the lines between the rings of the picture.
    pub onward: Vec<(PersonId, Linked)>,
    /// People linked whom the actor's agency does not see: counted, never named.
    pub unseen: u64,
    /// People the actor sees beyond those named at each step (`NETWORK_PEOPLE_PER_STEP`), and whether a hub's
    /// links were cut (`LINKS_PER_STEP`): nothing is left out unsaid.
    pub not_shown: u64,
    pub cut: bool,
}

/// A place or an associate with the episodes linked to it: by month (every agency's, counted), and a page of the
/// links of people the actor sees, newest first.
#[derive(Debug, Clone)]
pub struct LinkedView<T> {
    pub subject: T,
    pub months: Vec<MonthCount>,
    pub links: Page<(IntelLink, Person), Timestamp, crate::domain::ids::IntelLinkId>,
}

/// Hotspots in a period, with the change from the period of the same length before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotspots {
    pub level: HotspotLevel,
    pub from: Timestamp,
    pub to: Timestamp,
    pub before_from: Timestamp,
    /// The most episodes first, at most `HOTSPOTS_SHOWN`.
    pub rows: Vec<Hotspot>,
    /// Whether more places, sectors or districts had episodes than are shown: a ranking is cut, never silently.
    pub more: bool,
}

fn linked_of(links: &[IntelLink]) -> BTreeSet<Linked> {
    links.iter().map(|l| l.linked).collect()
}

impl Core {
    /// Files the intelligence in an episode's return and interviews (in the caller's transaction).
    pub(crate) async fn file_intelligence(&self, tx: &mut dyn Tx, episode: &Episode) -> Result<(), CoreError> {
        filing::file_episode(tx, episode, self.now()).await
    }

    /// The exploitation prompts for a person, with their reasons (in the caller's read).
    pub(crate) async fn indicators_for(
        &self,
        tx: &mut dyn Tx,
        person: &Person,
    ) -> Result<Vec<crate::rules::indicators::Indicator>, CoreError> {
        indicators::for_person(tx, person, self.now()).await
    }

    /// Files one completed interview's findings (in the caller's transaction).
    pub(crate) async fn file_interview_findings(
        &self,
        tx: &mut dyn Tx,
        episode: &Episode,
        interview: &ReturnInterview,
    ) -> Result<(), CoreError> {
        filing::file_findings(tx, episode, interview, self.now()).await
    }

    /// Files the next episodes recorded before intelligence was (or loaded in bulk); answers how many, none once
    /// all are. The scheduler runs it each tick; `homeward demo` runs it to the end.
    pub async fn file_unfiled_intelligence(&self) -> Result<usize, CoreError> {
        let mut tx = self.begin().await?;
        let Some(after) = tx.intel_backfill().await? else {
            return Ok(0);
        };
        let ids = tx.episode_ids_after(&after, filing::BACKFILL_BATCH).await?;
        for id in &ids {
            if let Some(episode) = tx.episode(*id, crate::authz::Scope::All).await? {
                filing::file_episode(tx.as_mut(), &episode, self.now()).await?;
            }
        }
        let last = ids.last().map(ToString::to_string).filter(|_| ids.len() == filing::BACKFILL_BATCH as usize);
        tx.set_intel_backfill(last.as_deref()).await?;
        tx.commit().await?;
        Ok(ids.len())
    }

    /// Audits a question about places and people with its reason; the read transaction ends with it.
    async fn audit_question(
        &self,
        tx: Box<dyn Tx>,
        actor: &Actor,
        question: &'static str,
        target: Option<String>,
        reason: &str,
        shown: &[String],
    ) -> Result<(), CoreError> {
        let details = serde_json::json!({ "question": question, "reason": reason, "people": shown });
        let event = self.audit_event(actor, AuditAction::IntelligenceRead, question, target, &details);
        self.record_read(tx, event).await
    }

    /// A person's places and associates, and the people linked to them within `steps` (1 or 2) through a shared
    /// place or associate, for someone who may read intelligence about the person.
    pub async fn network(
        &self,
        actor: &Actor,
        id: PersonId,
        steps: u8,
        why: Option<&str>,
    ) -> Result<Network, CoreError> {
        self.attempt(actor, crate::services::Attempt::on(AuditAction::IntelligenceRead, "person", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::ReadIntelligence)?;
            let why = reason(why).map_err(|m| CoreError::invalid("reason", m))?;
            if !(1..=MAX_STEPS).contains(&steps) {
                return Err(CoreError::invalid("steps", "follow 1 or 2 steps"));
            }
            let mut tx = self.begin_read().await?;
            let person = tx.person(id, scope).await?.ok_or(CoreError::NotFound)?;
            check(actor, Action::ReadIntelligence, &Subject::Person { person: &person, now: self.now() })?;
            let links = tx.links_of_people(&[id], scope).await?;
            let mut reached: BTreeSet<Linked> = linked_of(&links);
            let mut placed: BTreeSet<PersonId> = BTreeSet::from([id]);
            let mut network = Network {
                person,
                steps,
                links,
                places: Vec::new(),
                associates: Vec::new(),
                people: Vec::new(),
                onward: Vec::new(),
                unseen: 0,
                not_shown: 0,
                cut: false,
            };
            let mut frontier: Vec<Linked> = reached.iter().copied().collect();
            for step in 1..=steps {
                if frontier.is_empty() {
                    break;
                }
                let found = tx.links_to(&frontier, scope, LINKS_PER_STEP).await?;
                network.cut |= found.len() == LINKS_PER_STEP as usize;
                // Only links from episodes the asker sees name anyone; people linked only through others are counted.
                let mut via: BTreeMap<PersonId, BTreeSet<Linked>> = BTreeMap::new();
                let mut elsewhere: BTreeSet<PersonId> = BTreeSet::new();
                for (link, seen) in found.iter().filter(|(l, _)| !placed.contains(&l.person_id)) {
                    if *seen {
                        via.entry(link.person_id).or_default().insert(link.linked);
                    } else {
                        elsewhere.insert(link.person_id);
                    }
                }
                elsewhere.retain(|p| !via.contains_key(p));
                network.unseen += elsewhere.len() as u64;
                placed.extend(elsewhere);
                let candidates: Vec<PersonId> = via.keys().copied().collect();
                let seen = tx.people_in_scope(&candidates, scope).await?;
                network.unseen += (candidates.len() - seen.len()) as u64;
                placed.extend(candidates);
                network.not_shown += seen.len().saturating_sub(NETWORK_PEOPLE_PER_STEP) as u64;
                let shown: Vec<Person> = seen.into_iter().take(NETWORK_PEOPLE_PER_STEP).collect();
                let ids: Vec<PersonId> = shown.iter().map(|p| p.id).collect();
                for person in shown {
                    let through = via.remove(&person.id).unwrap_or_default().into_iter().collect();
                    network.people.push(NetworkPerson { person, step, via: through });
                }
                if step < steps {
                    let onward = tx.links_of_people(&ids, scope).await?;
                    frontier = linked_of(&onward).difference(&reached).copied().collect();
                    reached.extend(frontier.iter().copied());
                    let next: BTreeSet<Linked> = frontier.iter().copied().collect();
                    let pairs: BTreeSet<(PersonId, Linked)> =
                        onward.iter().filter(|l| next.contains(&l.linked)).map(|l| (l.person_id, l.linked)).collect();
                    network.onward.extend(pairs);
                }
            }
            let named: BTreeSet<Linked> = network
                .links
                .iter()
                .map(|l| l.linked)
                .chain(network.people.iter().flat_map(|p| p.via.clone()))
                .chain(network.onward.iter().map(|(_, l)| *l))
                .collect();
            let place_ids: Vec<PlaceId> =
                named.iter().filter_map(|l| if let Linked::Place(id) = l { Some(*id) } else { None }).collect();
            let associate_ids: Vec<AssociateId> =
                named.iter().filter_map(|l| if let Linked::Associate(id) = l { Some(*id) } else { None }).collect();
            network.places = tx.places_with_ids(&place_ids).await?;
            network.associates = tx.associates_with_ids(&associate_ids).await?;
            let shown: Vec<String> = network.people.iter().map(|p| p.person.id.to_string()).collect();
            self.audit_question(tx, actor, "network", Some(id.to_string()), &why, &shown).await?;
            Ok(network)
        })
        .await
    }

    /// The places at a postcode (`DH1 3AB`) or in a district (`DH1`), oldest first.
    pub async fn places_at(
        &self,
        actor: &Actor,
        postcode: &str,
        why: Option<&str>,
        paging: &PlacePaging,
    ) -> Result<PlacePage, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::IntelligenceRead, "place"), async {
            actor.case_records()?;
            check_at_all(actor, Action::ReadIntelligence)?;
            let why = reason(why).map_err(|m| CoreError::invalid("reason", m))?;
            let wanted = if let Ok(full) = Postcode::parse(postcode) {
                full.to_string()
            } else {
                let district = postcode.trim().to_ascii_uppercase();
                let shaped = (2..=4).contains(&district.len())
                    && district.chars().all(|c| c.is_ascii_alphanumeric())
                    && district.starts_with(|c: char| c.is_ascii_alphabetic());
                if !shaped {
                    return Err(CoreError::invalid("postcode", "give a postcode (DH1 3AB) or a district (DH1)"));
                }
                district
            };
            let scope = actor.case_records()?;
            let mut tx = self.begin_read().await?;
            let places = tx.places_at(&wanted, scope, &paging.one_more()).await?;
            let page = Page::cut(places, paging, |p| Cursor { key: p.created_at, id: p.id });
            self.audit_question(tx, actor, "places", Some(wanted), &why, &[]).await?;
            Ok(page)
        })
        .await
    }

    /// A place, with the episodes linked to it by month and a page of the links of people the actor sees.
    pub async fn place_view(
        &self,
        actor: &Actor,
        id: PlaceId,
        why: Option<&str>,
        paging: &IntelLinkPaging,
    ) -> Result<LinkedView<Place>, CoreError> {
        self.attempt(actor, crate::services::Attempt::on(AuditAction::IntelligenceRead, "place", &id), async {
            let mut tx = self.begin_read().await?;
            let place = tx.places_with_ids(&[id]).await?.pop();
            self.linked_view(tx, actor, place, Linked::Place(id), why, paging).await
        })
        .await
    }

    /// An associate, with the episodes linked to them by month and a page of the links of people the actor sees.
    pub async fn associate_view(
        &self,
        actor: &Actor,
        id: AssociateId,
        why: Option<&str>,
        paging: &IntelLinkPaging,
    ) -> Result<LinkedView<Associate>, CoreError> {
        self.attempt(actor, crate::services::Attempt::on(AuditAction::IntelligenceRead, "associate", &id), async {
            let mut tx = self.begin_read().await?;
            let associate = tx.associates_with_ids(&[id]).await?.pop();
            self.linked_view(tx, actor, associate, Linked::Associate(id), why, paging).await
        })
        .await
    }

    async fn linked_view<T>(
        &self,
        mut tx: Box<dyn Tx>,
        actor: &Actor,
        subject: Option<T>,
        linked: Linked,
        why: Option<&str>,
        paging: &IntelLinkPaging,
    ) -> Result<LinkedView<T>, CoreError> {
        let scope = actor.case_records()?;
        check_at_all(actor, Action::ReadIntelligence)?;
        let why = reason(why).map_err(|m| CoreError::invalid("reason", m))?;
        // A place or associate none of whose links the asker's agency sees is not found, as if it did not exist.
        let subject = subject.ok_or(CoreError::NotFound)?;
        if tx.linked_in_scope(&[linked], scope).await?.is_empty() {
            return Err(CoreError::NotFound);
        }
        let months = tx.link_months(linked).await?;
        let links = tx.links_to_in_scope(linked, scope, &paging.one_more()).await?;
        let links = Page::cut(links, paging, |l| Cursor { key: l.occurred_at, id: l.id });
        let ids: Vec<PersonId> = links.items.iter().map(|l| l.person_id).collect::<BTreeSet<_>>().into_iter().collect();
        let people: BTreeMap<PersonId, Person> =
            tx.people_in_scope(&ids, scope).await?.into_iter().map(|p| (p.id, p)).collect();
        let Page { items, next } = links;
        let items = items.into_iter().filter_map(|l| people.get(&l.person_id).cloned().map(|p| (l, p))).collect();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let (question, target) = match linked {
            Linked::Place(id) => ("place", id.to_string()),
            Linked::Associate(id) => ("associate", id.to_string()),
        };
        self.audit_question(tx, actor, question, Some(target), &why, &shown).await?;
        Ok(LinkedView { subject, months, links: Page { items, next } })
    }

    /// Places, postcode sectors or districts ranked by the episodes linked to them in `[from, to)`, with the count
    /// in the period of the same length before. Analysts see sectors and districts only.
    pub async fn hotspots(
        &self,
        actor: &Actor,
        level: HotspotLevel,
        from: Timestamp,
        to: Timestamp,
        why: Option<&str>,
    ) -> Result<Hotspots, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::IntelligenceRead, "hotspots"), async {
            let (scope, named) = actor.hotspot_scope()?;
            if level == HotspotLevel::Place && !named {
                return Err(CoreError::Forbidden(
                    "analysts see hotspots by postcode sector and district, not named places",
                ));
            }
            let why = reason(why).map_err(|m| CoreError::invalid("reason", m))?;
            if to <= from {
                return Err(CoreError::invalid("to", "the period must end after it starts"));
            }
            let before_from = Timestamp::from_unix_micros(from.unix_micros() - (to.unix_micros() - from.unix_micros()))
                .ok_or_else(|| CoreError::invalid("from", "is too early"))?;
            let mut tx = self.begin_read().await?;
            let mut rows = tx.hotspots(scope, level, from, to, HOTSPOTS_SHOWN + 1).await?;
            let more = rows.len() > HOTSPOTS_SHOWN as usize;
            rows.truncate(HOTSPOTS_SHOWN as usize);
            let keys: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
            let before: BTreeMap<String, u64> =
                tx.hotspot_counts(scope, level, &keys, before_from, from).await?.into_iter().collect();
            if level == HotspotLevel::Place {
                let ids: Vec<PlaceId> = keys.iter().filter_map(|k| PlaceId::parse(k).ok()).collect();
                let places: BTreeMap<String, Place> =
                    tx.places_with_ids(&ids).await?.into_iter().map(|p| (p.id.to_string(), p)).collect();
                for row in &mut rows {
                    let place = places.get(&row.key);
                    row.label = place.map(Place::label).unwrap_or_default();
                    row.grid = place.and_then(|p| p.grid);
                }
            }
            for row in &mut rows {
                row.episodes_before = before.get(&row.key).copied().unwrap_or(0);
            }
            self.audit_question(tx, actor, "hotspots", Some(level.as_str().to_owned()), &why, &[]).await?;
            Ok(Hotspots { level, from, to, before_from, rows, more })
        })
        .await
    }
}
