//! Importing councils' and forces' history: the episode CSV of CONTRACT.md, one row at a time, in one transaction.
//! `(agency, source_ref)` names an episode and `(agency, person_ref)` a person, so importing a file again updates
//! what changed and nothing else. Rows are processed in batches so the file is never held in memory.
//!
//! Each episode reference keeps the digest of the row it was last imported from. A row whose digest matches is
//! counted unchanged without reading its records back: it was applied when it was last imported, and what it says has
//! not changed since. (A record edited in Homeward since is therefore not reset by importing the same row again.
//! Nor are a person's details: where a file's rows for one person disagree about them and only an earlier row
//! changed, the person keeps that row's details rather than the last row's, which a full comparison would have
//! applied. A digest of each person's fields is still to build.)

mod records;

use records::{episode_from, interview_from, person_from};

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::authz::{Actor, Scope};
use crate::domain::agency::{Agency, AgencyCode, AgencyKind};
use crate::domain::audit::AuditAction;
use crate::domain::episode::Episode;
use crate::domain::ids::{AgencyId, EpisodeId, PersonId, PlacementId};
use crate::domain::person::Person;
use crate::domain::placement::Placement;
use crate::domain::return_interview::ReturnInterview;
use crate::error::{CoreError, ImportError, StoreError};
use crate::ports::{BulkData, Tx};
use crate::rules::integrity::{Impossible, Span, impossible};

use super::Core;

use crate::domain::import::{EpisodeRef, ImportedEpisode};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub people_created: u64,
    pub people_updated: u64,
    /// Rows whose legacy "absent" grade was stored as no apparent risk and flagged for review.
    pub flagged_absent: u64,
    /// Links proposed for review between new people and records already held that may be them.
    pub link_proposals: u64,
    /// New people not searched for among those held, the import creating more than
    /// `rules::matching::IMPORT_SEARCH_LIMIT`: `homeward link run` proposes their links instead.
    pub people_not_searched: u64,
}

/// Rows processed together: one look-up of existing records and one write per kind per batch. Memory stays a few
/// megabytes whatever the file's size, but for the few facts of each episode the integrity rules read (`Histories`).
const BATCH: usize = 5_000;

/// The records of one batch about to be written.
#[derive(Default)]
struct Pending {
    data: BulkData,
    person_updates: Vec<Person>,
    episode_updates: Vec<Episode>,
    interview_updates: Vec<ReturnInterview>,
    /// Current placements a row's new placement ends, written before the new ones.
    placement_updates: Vec<Placement>,
    person_refs: Vec<(AgencyId, String, PersonId)>,
    episode_refs: Vec<EpisodeRef>,
    created: Vec<String>,
    updated: Vec<String>,
}

/// Every episode of each person the import has touched, as the integrity rules read them (rules::integrity): a
/// person's rows may be anywhere in the file, and their episodes already held count too.
type Histories = HashMap<PersonId, Vec<Span>>;

/// The people and episodes of a batch already known, by sender and reference.
struct Known {
    people: HashMap<(AgencyId, String), Person>,
    episodes: HashMap<(AgencyId, String), (Episode, bool)>,
    interviews: HashMap<EpisodeId, ReturnInterview>,
}

impl Core {
    /// Imports episode rows in one transaction: all or nothing. `rows` gives each row with its line number;
    /// `progress` hears how many rows are done after each batch.
    pub async fn import_episodes<I>(
        &self,
        actor: &Actor,
        rows: I,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportSummary, ImportError>
    where
        I: Iterator<Item = Result<(u64, ImportedEpisode), ImportError>>,
    {
        actor.require_operator("only the service's operators import files")?;
        let mut tx = self.begin_long_job().await?;
        // A first import into empty tables loads the way a restore does: indexes rebuilt once at the end.
        tx.set_aside_for_load(&["people", "episodes", "return_interviews"]).await?;
        let mut agencies: HashMap<AgencyCode, Agency> = HashMap::new();
        let mut histories = Histories::new();
        let mut summary = ImportSummary::default();
        let mut batch = Vec::with_capacity(BATCH);
        // Each episode once per file: a second row for the same reference is refused, naming both lines, rather than
        // one silently replacing the other.
        let mut lines_of: HashMap<(AgencyCode, String), u64> = HashMap::new();
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            batch.clear();
            for row in rows.by_ref().take(BATCH) {
                let (line, row) = row?;
                let key = (row.agency.clone(), row.source_ref.as_str().to_owned());
                if let Some(first) = lines_of.insert(key, line) {
                    return Err(ImportError::Row {
                        line,
                        column: Some("source_ref"),
                        message: format!(
                            "{} of {} is also on line {first}: each episode may appear once in a file",
                            row.source_ref.as_str(),
                            row.agency
                        ),
                    });
                }
                batch.push((line, row));
            }
            self.import_batch(tx.as_mut(), actor, &batch, &mut agencies, &mut histories, &mut summary).await?;
            progress(summary.rows);
        }
        tx.restore_after_load().await?;
        // A year of a force's episodes changes which index serves a council's list; the planner hears it now.
        tx.refresh_statistics().await?;
        tx.commit().await.map_err(CoreError::Store)?;
        Ok(summary)
    }

    async fn import_batch(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        batch: &[(u64, ImportedEpisode)],
        agencies: &mut HashMap<AgencyCode, Agency>,
        histories: &mut Histories,
        summary: &mut ImportSummary,
    ) -> Result<(), ImportError> {
        // Every agency named must be known; a child's responsible council must be a council.
        for (line, row) in batch {
            let placement = row.placement.as_ref();
            for (column, code) in [
                ("agency", Some(&row.agency)),
                ("responsible_la", row.responsible_la.as_ref()),
                ("placement_provider", placement.map(|p| &p.provider)),
                ("placement_host_la", placement.map(|p| &p.host_la)),
            ] {
                let Some(code) = code else { continue };
                if !agencies.contains_key(code) {
                    let agency = tx.agency_by_code(code).await?.ok_or_else(|| ImportError::Row {
                        line: *line,
                        column: Some(column),
                        message: format!("no agency has the code {code}"),
                    })?;
                    agencies.insert(code.clone(), agency);
                }
                let wanted = match column {
                    "responsible_la" | "placement_host_la" => Some((AgencyKind::LocalAuthority, "a council")),
                    "placement_provider" => Some((AgencyKind::CareProvider, "a care provider")),
                    _ => None,
                };
                if let Some((_, what)) = wanted.filter(|(kind, _)| agencies[code].kind != *kind) {
                    return Err(ImportError::Row {
                        line: *line,
                        column: Some(column),
                        message: format!("{code} is not {what}"),
                    });
                }
            }
        }
        // Rows already imported exactly so are counted unchanged without reading back their records. A reference
        // the batch names more than once with different rows is read back and compared as before, so that each of
        // its rows counts as it always has.
        let digests: Vec<String> = batch.iter().map(|(_, row)| row.digest()).collect();
        let keys: Vec<(AgencyId, String)> =
            batch.iter().map(|(_, row)| (agencies[&row.agency].id, row.source_ref.as_str().to_owned())).collect();
        let stored: HashMap<(AgencyId, String), String> =
            tx.import_digests(&keys).await?.into_iter().map(|(agency, key, digest)| ((agency, key), digest)).collect();
        let mut settled: HashMap<&(AgencyId, String), bool> = HashMap::new();
        for (key, digest) in keys.iter().zip(&digests) {
            let same = stored.get(key) == Some(digest);
            settled.entry(key).and_modify(|all| *all &= same).or_insert(same);
        }
        let to_compare = batch.iter().zip(&keys).filter(|(_, key)| !settled[key]).map(|((_, row), _)| row);
        let known = known(tx, to_compare, agencies).await?;
        let now = self.now();
        let mut pending = Pending::default();
        // Records made earlier in this batch, so a later row for the same person or episode finds them.
        let mut people: HashMap<(AgencyId, String), Person> = HashMap::new();
        let mut episodes: HashMap<(AgencyId, String), (Episode, Option<ReturnInterview>, bool)> = HashMap::new();
        let mut placed: HashMap<PersonId, Placement> = HashMap::new();
        for (((line, row), key), digest) in batch.iter().zip(&keys).zip(digests) {
            summary.rows += 1;
            summary.flagged_absent += u64::from(row.legacy_absent);
            if settled[key] {
                summary.unchanged += 1;
                continue;
            }
            let sender = &agencies[&row.agency];
            let responsible = row.responsible_la.as_ref().map(|code| agencies[code].id);
            // The person.
            let person_key = (sender.id, row.person_ref.as_str().to_owned());
            let existing = people.get(&person_key).or_else(|| known.people.get(&person_key));
            let held = known.people.contains_key(&person_key);
            let mut person = person_from(row, responsible, sender, existing, now);
            if let Some(given) = &row.placement {
                let current = match placed.get(&person.id) {
                    Some(current) => Some(current.clone()),
                    None if existing.is_some() => {
                        tx.placements_of_person(person.id).await?.into_iter().find(Placement::is_current)
                    }
                    None => None,
                };
                let placement = Placement {
                    id: PlacementId::random(),
                    person_id: person.id,
                    provider_id: agencies[&given.provider].id,
                    host_la_id: agencies[&given.host_la].id,
                    postcode: given.postcode.clone(),
                    started_on: given.started_on,
                    ended_on: None,
                    recorded_by: None,
                    recorded_at: now,
                };
                let same = |c: &Placement| {
                    (c.provider_id, c.host_la_id, &c.postcode, c.started_on)
                        == (placement.provider_id, placement.host_la_id, &placement.postcode, placement.started_on)
                };
                match current {
                    Some(current) if same(&current) => {}
                    Some(mut current) => {
                        if placement.started_on <= current.started_on {
                            return Err(ImportError::Row {
                                line: *line,
                                column: Some("placement_started_on"),
                                message: "must be after the current placement's start".into(),
                            });
                        }
                        current.ended_on = Some(placement.started_on);
                        if pending.data.placements.iter().any(|p| p.id == current.id) {
                            pending.data.placements.retain(|p| p.id != current.id);
                            pending.data.placements.push(current);
                        } else {
                            pending.placement_updates.push(current);
                        }
                        pending.data.placements.push(placement.clone());
                        placed.insert(person.id, placement.clone());
                    }
                    None => {
                        pending.data.placements.push(placement.clone());
                        placed.insert(person.id, placement.clone());
                    }
                }
                let current = &placed.get(&person.id).cloned().unwrap_or(placement);
                person.host_la_id = Some(current.host_la_id);
                person.placement_provider_id = Some(current.provider_id);
            }
            match existing {
                Some(existing) if person != *existing => {
                    if let Some(new) = pending.data.people.iter_mut().find(|p| p.id == person.id) {
                        *new = person.clone();
                    } else {
                        pending.person_updates.retain(|p| p.id != person.id);
                        pending.person_updates.push(person.clone());
                        summary.people_updated += 1;
                    }
                }
                Some(_) => {}
                None => {
                    pending.data.people.push(person.clone());
                    pending.person_refs.push((sender.id, person_key.1.clone(), person.id));
                    summary.people_created += 1;
                }
            }
            people.insert(person_key, person.clone());
            // The episode.
            let episode_key = (sender.id, row.source_ref.as_str().to_owned());
            let earlier = episodes.get(&episode_key).cloned().or_else(|| {
                known
                    .episodes
                    .get(&episode_key)
                    .map(|(e, legacy)| (e.clone(), known.interviews.get(&e.id).cloned(), *legacy))
            });
            let base = earlier.as_ref().map(|(e, _, _)| e);
            let episode = episode_from(row, sender, &person, base, now);
            if let Some((column, message)) = impossible_row(tx, histories, &person, held, &episode).await? {
                return Err(ImportError::Row { line: *line, column: Some(column), message });
            }
            let interview =
                interview_from(row, &person, &episode, earlier.as_ref().and_then(|(_, i, _)| i.as_ref()), now);
            // The row's reference, written whatever it changed: a new or changed row, or one imported before digests
            // were kept, has its digest recorded for next time (the latest row's, when the batch names it again).
            if episodes.contains_key(&episode_key) {
                pending.episode_refs.retain(|r| r.episode != episode.id);
            }
            pending.episode_refs.push(EpisodeRef {
                agency: sender.id,
                reference: episode_key.1.clone(),
                episode: episode.id,
                legacy_absent: row.legacy_absent,
                digest,
            });
            match &earlier {
                None => {
                    pending.data.episodes.push(episode.clone());
                    pending.data.return_interviews.extend(interview.clone());
                    pending.created.push(episode.id.to_string());
                    summary.created += 1;
                }
                Some((before, interview_before, legacy_before)) => {
                    let same = Episode { updated_at: before.updated_at, ..episode.clone() } == *before
                        && interview.as_ref().map(|i| ReturnInterview { created_at: i.created_at, ..i.clone() })
                            == interview_before.clone().map(|i| ReturnInterview { created_at: i.created_at, ..i })
                        && *legacy_before == row.legacy_absent;
                    if same {
                        summary.unchanged += 1;
                    } else {
                        let new_in_batch = pending.data.episodes.iter().any(|e| e.id == episode.id);
                        if new_in_batch {
                            pending.data.episodes.retain(|e| e.id != episode.id);
                            pending.data.episodes.push(episode.clone());
                            pending.data.return_interviews.retain(|i| i.episode_id != episode.id);
                            pending.data.return_interviews.extend(interview.clone());
                        } else {
                            pending.episode_updates.retain(|e| e.id != episode.id);
                            pending.episode_updates.push(episode.clone());
                            match (&interview, interview_before) {
                                (Some(i), Some(_)) => {
                                    pending.interview_updates.retain(|x| x.id != i.id);
                                    pending.interview_updates.push(i.clone());
                                }
                                (Some(i), None) => pending.data.return_interviews.push(i.clone()),
                                _ => {}
                            }
                            pending.updated.push(episode.id.to_string());
                        }
                        summary.updated += 1;
                    }
                }
            }
            episodes.insert(episode_key, (episode, interview, row.legacy_absent));
        }
        pending.data.match_keys = self.match_keys(&pending.data.people);
        write(tx, &pending).await?;
        crate::prompts::imported(tx, &pending.data.episodes, now).await?;
        let refiled: Vec<PersonId> = pending.person_updates.iter().map(|p| p.id).collect();
        tx.file_match_keys(&self.match_keys(&pending.person_updates), &refiled).await?;
        self.propose_imported(tx, &pending.data.people, agencies, summary).await?;
        if !pending.created.is_empty() || !pending.updated.is_empty() || !pending.data.people.is_empty() {
            let event = self.audit_event(
                actor,
                AuditAction::EpisodesImported,
                "episode",
                None,
                &serde_json::json!({
                    "created": pending.created,
                    "updated": pending.updated,
                    "people_created": pending.data.people.iter().map(|p| p.id.to_string()).collect::<Vec<_>>(),
                    "people_updated": pending.person_updates.iter().map(|p| p.id.to_string()).collect::<Vec<_>>(),
                }),
            );
            tx.append_audit(event).await?;
        }
        Ok(())
    }
}

impl Core {
    /// Proposes links between the new people of a batch and the records already held that may be them, each
    /// sending agency's people searched as that agency would be, so that what it may not see is flagged to its
    /// holders. A first load of more than `IMPORT_SEARCH_LIMIT` new people is left to `homeward link run`.
    async fn propose_imported(
        &self,
        tx: &mut dyn Tx,
        people: &[Person],
        agencies: &HashMap<AgencyCode, Agency>,
        summary: &mut ImportSummary,
    ) -> Result<(), CoreError> {
        if summary.people_created > crate::rules::matching::IMPORT_SEARCH_LIMIT as u64 {
            summary.people_not_searched += people.len() as u64;
            return Ok(());
        }
        for agency in agencies.values() {
            let sent: Vec<Person> =
                people.iter().filter(|p| p.recorded_by_agency_id == Some(agency.id)).cloned().collect();
            if !sent.is_empty() {
                let scope = Scope::of_agency(agency.kind, agency.id);
                let proposed = self.propose_matches(tx, &sent, agency.id, scope).await?;
                summary.link_proposals += proposed.proposals.len() as u64;
            }
        }
        Ok(())
    }
}

/// Why a row's episode cannot stand beside the person's others (rules::integrity), as its column and a message;
/// otherwise adds it to the person's history. A person `held` before the import brings their stored episodes.
async fn impossible_row(
    tx: &mut dyn Tx,
    histories: &mut Histories,
    person: &Person,
    held: bool,
    episode: &Episode,
) -> Result<Option<(&'static str, String)>, StoreError> {
    let history = match histories.entry(person.id) {
        Entry::Occupied(entry) => entry.into_mut(),
        Entry::Vacant(entry) => {
            let stored = if held { tx.episodes_of_person(person.id, Scope::All).await? } else { Vec::new() };
            entry.insert(stored.iter().map(Span::from).collect())
        }
    };
    let span = Span::from(episode);
    Ok(match impossible(person.date_of_birth, &span, history) {
        Some(Impossible::BeforeBirth) => Some(("went_missing_at", "is before the person's date of birth".into())),
        Some(Impossible::AlreadyMissing(open)) => Some((
            "returned_at",
            format!("is blank, but this person is already missing in open episode {open}: one absence, one episode"),
        )),
        Some(Impossible::AfterFoundDead) => {
            Some(("went_missing_at", "is after this person was found dead at the end of another episode".into()))
        }
        None => {
            history.retain(|s| s.id != span.id);
            history.push(span);
            None
        }
    })
}

/// The batch's people and episodes already in Homeward, with the episodes' interviews.
async fn known(
    tx: &mut dyn Tx,
    rows: impl Iterator<Item = &ImportedEpisode>,
    agencies: &HashMap<AgencyCode, Agency>,
) -> Result<Known, ImportError> {
    let mut person_keys = Vec::new();
    let mut episode_keys = Vec::new();
    for row in rows {
        let agency = agencies[&row.agency].id;
        person_keys.push((agency, row.person_ref.as_str().to_owned()));
        episode_keys.push((agency, row.source_ref.as_str().to_owned()));
    }
    let mut known = Known { people: HashMap::new(), episodes: HashMap::new(), interviews: HashMap::new() };
    if episode_keys.is_empty() {
        return Ok(known);
    }
    for (agency, reference, person) in tx.people_by_refs(&person_keys).await? {
        known.people.insert((agency, reference), person);
    }
    for (agency, reference, episode, legacy) in tx.episodes_by_refs(&episode_keys).await? {
        known.episodes.insert((agency, reference), (episode, legacy));
    }
    let ids: Vec<EpisodeId> = known.episodes.values().map(|(e, _)| e.id).collect();
    // Only episodes already held have interviews to compare (and a first import's interviews have no index yet).
    let held = if ids.is_empty() { Vec::new() } else { tx.interviews_of_episodes(&ids).await? };
    for interview in held {
        if interview.statutory {
            known.interviews.insert(interview.episode_id, interview);
        }
    }
    Ok(known)
}

async fn write(tx: &mut dyn Tx, pending: &Pending) -> Result<(), ImportError> {
    // Ended first: a child has one current placement at a time.
    for placement in &pending.placement_updates {
        tx.update_placement(placement).await?;
    }
    tx.bulk_insert(&pending.data).await?;
    // Their places and people are filed by the scheduler from the start, a batch a tick (refiling changes nothing).
    tx.set_intel_backfill(Some("")).await?;
    for person in &pending.person_updates {
        tx.update_person(person).await?;
    }
    for episode in &pending.episode_updates {
        tx.update_episode(episode).await?;
    }
    for interview in &pending.interview_updates {
        tx.update_return_interview(interview).await?;
    }
    tx.save_refs(&pending.person_refs, &pending.episode_refs).await?;
    Ok(())
}
