//! One child, one record (issue 14, item 2): before a person is recorded, the records already held that may be
//! them; after, those records proposed for review, and the ones the recording agency may not see flagged to the
//! agencies that hold them, without anything of them shown to the reporter. Every person is filed under the match
//! keys of `homeward-link` when recorded (and those held before, by the scheduler's backfill), so a search is a few
//! index lookups however many people are held.

use std::collections::BTreeSet;

use crate::authz::{Action, Actor, Scope, check_at_all};
use crate::domain::alert::{Alert, AlertKind};
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AgencyId, PersonId};
use crate::domain::link::{FoundLink, LinkProposal, LinkagePerson, Probability};
use crate::domain::person::Person;
use crate::error::{CoreError, StoreError};
use crate::matching::MatchScore;
use crate::ports::Tx;
use crate::rules::alerts::Due;
use crate::rules::matching::{FLAGGED_FROM, LARGEST_KEY, MOST_SHOWN, SHOWN_FROM};

use super::{Core, NewPerson};

/// People filed per scheduler tick by the backfill of those held before match keys existed.
const BACKFILL_BATCH: u32 = 2_000;

/// A record the actor may see that may be the person they are about to record.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleMatch {
    pub person: Person,
    pub probability: Probability,
    /// Each field's comparison level as a short code (`first_name=nickname`), never a value.
    pub evidence: Vec<String>,
}

/// What recording new people found among the records already held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Proposed {
    /// Potential links proposed for review, one per pair.
    pub proposals: Vec<LinkProposal>,
    /// The ids of those whose other record the recorder sees: the only ones its audit event may name, so that
    /// nothing in it says another agency holds the child.
    pub seen: Vec<String>,
}

/// A record held that may be the one being recorded, and whether the recording actor sees it.
struct Candidate {
    person: Person,
    score: MatchScore,
    seen: bool,
}

/// A person's identifying fields as matching reads them. Filed without a postcode: a placement moves, and a person
/// being reported has none yet.
fn subject(person: &Person) -> LinkagePerson {
    LinkagePerson {
        id: person.id,
        given_name: person.given_name.clone(),
        family_name: person.family_name.clone(),
        date_of_birth: person.date_of_birth,
        sex: person.sex,
        postcode: None,
    }
}

impl Core {
    /// The match keys of people, to file with them.
    pub(super) fn match_keys(&self, people: &[Person]) -> Vec<(PersonId, String)> {
        people.iter().flat_map(|p| self.matcher.keys(&subject(p)).into_iter().map(move |key| (p.id, key))).collect()
    }

    /// The records filed under the subject's keys that are at least [`SHOWN_FROM`] likely to be them, likeliest
    /// first, each marked with whether `scope` sees it.
    async fn candidates(
        &self,
        tx: &mut dyn Tx,
        subject: &LinkagePerson,
        scope: Scope,
    ) -> Result<Vec<Candidate>, StoreError> {
        let mut filed: BTreeSet<PersonId> = BTreeSet::new();
        for key in self.matcher.keys(subject) {
            let ids = tx.people_filed_under(&key, LARGEST_KEY + 1).await?;
            if ids.len() <= LARGEST_KEY as usize {
                filed.extend(ids.into_iter().filter(|&id| id != subject.id));
            }
        }
        let filed: Vec<PersonId> = filed.into_iter().collect();
        let mut scored: Vec<(Person, MatchScore)> = tx
            .people_with_ids(&filed)
            .await?
            .into_iter()
            .map(|person| {
                let score = self.matcher.score(subject, &self::subject(&person));
                (person, score)
            })
            .filter(|(_, score)| score.probability.fraction() >= SHOWN_FROM)
            .collect();
        // Likeliest first; ties by id, so the same records are always shown in the same order.
        scored.sort_by(|(a, x), (b, y)| y.probability.cmp(&x.probability).then_with(|| a.id.cmp(&b.id)));
        let mut candidates = Vec::with_capacity(scored.len());
        for (person, score) in scored {
            let seen = scope == Scope::All || tx.person(person.id, scope).await?.is_some();
            candidates.push(Candidate { person, score, seen });
        }
        Ok(candidates)
    }

    /// The records the actor may see that may be the person they are about to record (at most [`MOST_SHOWN`],
    /// likeliest first, with how each field compared), so they can report an episode of one of them instead. A
    /// record the actor may not see is neither shown nor counted. The search is audited with the ids shown.
    pub async fn possible_matches(&self, actor: &Actor, new: &NewPerson) -> Result<Vec<PossibleMatch>, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::PersonMatchesSearched, "person"), async {
            check_at_all(actor, Action::ReportEpisode)?;
            let searched = LinkagePerson {
                id: PersonId::random(),
                given_name: new.given_name.clone(),
                family_name: new.family_name.clone(),
                date_of_birth: new.date_of_birth,
                sex: new.sex,
                postcode: None,
            };
            let mut tx = self.begin_read().await?;
            let shown: Vec<PossibleMatch> = self
                .candidates(tx.as_mut(), &searched, actor.case_scope())
                .await?
                .into_iter()
                .filter(|c| c.seen)
                .take(MOST_SHOWN)
                .map(|c| PossibleMatch {
                    person: c.person,
                    probability: c.score.probability,
                    evidence: c.score.evidence,
                })
                .collect();
            let ids: Vec<String> = shown.iter().map(|m| m.person.id.to_string()).collect();
            let details = serde_json::json!({ "shown": ids });
            let event = self.audit_event(actor, AuditAction::PersonMatchesSearched, "person", None, &details);
            self.record_read(tx, event).await?;
            Ok(shown)
        })
        .await
    }

    /// Proposes for review each record already held that may be one of people just recorded (and filed), and tells the agencies holding a record the recording agency may not see (at least
    /// [`FLAGGED_FROM`] likely) that someone they hold may have been recorded again: the alert names their own
    /// record only. In the caller's transaction, so it lands with the people or not at all.
    pub(super) async fn propose_matches(
        &self,
        tx: &mut dyn Tx,
        people: &[Person],
        recorder: AgencyId,
        scope: Scope,
    ) -> Result<Proposed, CoreError> {
        let now = self.now();
        let mut proposed = Proposed::default();
        let mut alerts = Vec::new();
        for person in people {
            for candidate in self.candidates(tx, &subject(person), scope).await? {
                let found = FoundLink {
                    a: person.id,
                    b: candidate.person.id,
                    probability: candidate.score.probability,
                    evidence: candidate.score.evidence,
                };
                let proposal = LinkProposal::propose(&found, now);
                if candidate.seen {
                    proposed.seen.extend(proposal.iter().map(|p| p.id.to_string()));
                }
                proposed.proposals.extend(proposal);
                if candidate.seen || found.probability.fraction() < FLAGGED_FROM {
                    continue;
                }
                let mut holders = vec![candidate.person.recorded_by_agency_id, candidate.person.responsible_la_id];
                holders.sort();
                holders.dedup();
                for agency in holders.into_iter().flatten().filter(|&a| a != recorder) {
                    let due =
                        Due { kind: AlertKind::PossibleDuplicate, agency, occasion: candidate.person.id.to_string() };
                    alerts.push(Alert::about_record(due, now));
                }
            }
        }
        tx.insert_link_proposals(&proposed.proposals).await?;
        crate::outbox::raise(tx, alerts, now).await?;
        Ok(proposed)
    }

    /// Files the next people held from before match keys existed; answers how many (none once all are filed). The
    /// scheduler runs it each tick until the backfill is done, so a database upgraded with a million people is
    /// searchable within minutes without any command.
    pub(super) async fn file_unfiled_people(&self) -> Result<usize, CoreError> {
        let mut tx = self.begin().await?;
        let Some(after) = tx.match_key_backfill().await? else {
            return Ok(0);
        };
        let people = tx.people_after(&after, BACKFILL_BATCH).await?;
        tx.file_match_keys(&self.match_keys(&people), &[]).await?;
        // A batch short of full is the last: the backfill is then done.
        let last = people.last().map(|p| p.id.to_string()).filter(|_| people.len() == BACKFILL_BATCH as usize);
        tx.set_match_key_backfill(last.as_deref()).await?;
        tx.commit().await?;
        Ok(people.len())
    }
}
