//! The capabilities of Homeward, one module each. Every function takes the acting [`Actor`], decides whether they
//! may act, does the work in one transaction and appends its audit event in that same transaction. A function that
//! only reads does so in a read transaction, which never waits for the writer, and then records its audit event
//! through the store's group commit before it answers.

mod abduction;
mod agencies;
mod alerts;
mod audit;
mod auth;
mod council_returns;
pub mod education;
mod episodes;
mod figures;
mod geo;
pub mod helpline;
mod idempotency;
mod import;
pub mod intel;
mod legacy;
mod links;
mod long_term;
mod matching;
pub mod notify;
mod ofsted;
mod outcomes;
mod people;
mod placements;
mod profile_versions;
mod profiles;
mod recommendations;
mod refusals;
mod reporting;
mod research;
mod retention;
mod returns;
mod risk;
pub mod scheduler;
mod seed;
mod seed_duties;
mod sign_in;
mod ssda903;
mod subject_access;
pub mod support;
mod users;

use std::sync::Arc;

pub use crate::domain::import::{CellError, EPISODE_COLUMNS, ImportedEpisode, check_episode_header};
pub use crate::domain::return_interview::OwnedRecommendation;
pub use crate::error::ImportError;
pub use abduction::{NewAbductionNotice, NoticeInput, NoticeView, NoticeViewPage};
pub use agencies::NewAgency;
pub use audit::{AuditReport, AuditVerification};
pub use episodes::{EpisodePage, EpisodeRecord};
pub use import::ImportSummary;
pub use links::ProposedLinks;
pub use long_term::{LongTermInput, LongTermPage, NewLongTermEntry, NewLongTermReview};
pub use matching::PossibleMatch;
pub use ofsted::{NewOfstedNotification, OfstedInput, OfstedView, OfstedViewPage};
pub use outcomes::{InterviewDetail, NewOutcome, NewRecommendation, OutcomeInput, RecommendationInput};
pub use people::PersonRecord;
pub use placements::NewPlacement;
pub use profile_versions::{NewMissingDescription, ProfileVersions};
pub use profiles::NewProfile;
pub use recommendations::{NewResponse, RecommendationPage, ResponseInput};
pub use refusals::Attempt;
pub use reporting::{NewEpisode, NewPerson};
pub use research::RESEARCH_COLUMNS;
pub use retention::RetentionReport;
pub use returns::{NewReturn, NewSafeAndWell, ReturnInput};
pub use risk::{AssessmentRecorded, NewAssessment};
pub use seed::SeedSummary;
pub use seed_duties::DutiesSeeded;
pub use sign_in::{
    AttemptKeys, AwaitingSecondFactor, CurrentUser, Enrolled, Enrolment, PasswordPassed, SecondFactorAnswer, SignedIn,
};
pub use ssda903::{LeftOut, Ssda903Export, collection_year};
pub use subject_access::{EpisodeHeld, PhotoHeld, SubjectAccess};
pub use users::NewUser;

use crate::authz::{Actor, EpisodeFacts, Scope};
use crate::domain::audit::{AuditAction, NewAuditEvent};
use crate::domain::episode::Episode;
use crate::domain::geo::PostcodeInfo;
use crate::domain::ids::{AgencyId, EpisodeId};
use crate::domain::keys::DeploymentKey;
use crate::domain::person::Person;
use crate::domain::return_interview::{Recommendation, ReturnInterview};
use crate::domain::text::Postcode;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::matching::{NoMatching, PersonMatcher};
use crate::ports::{Clock, Store, Tx};
use crate::rules::risk::{ReviewIntervals, RiskFloors};
use crate::rules::sessions::SessionPolicy;

/// Settings of the rules that are local policy rather than national law.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RulesConfig {
    pub review_intervals: ReviewIntervals,
    pub risk_floors: RiskFloors,
    pub sessions: SessionPolicy,
}

/// The entry point to every capability: a store, a clock and the local rules.
#[derive(Debug, Clone)]
pub struct Core {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    rules: RulesConfig,
    matcher: Arc<dyn PersonMatcher>,
    key: DeploymentKey,
}

impl Core {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, rules: RulesConfig) -> Self {
        Self { store, clock, rules, matcher: Arc::new(NoMatching), key: DeploymentKey::random() }
    }

    /// The same core, keying what it hashes with the deployment's key (read from outside the database). Without
    /// one, a core uses a random key of its own, good only for its own life.
    #[must_use]
    pub fn with_key(self, key: DeploymentKey) -> Self {
        Self { key, ..self }
    }

    /// The deployment's key.
    pub fn key(&self) -> &DeploymentKey {
        &self.key
    }

    /// The same core, finding possible matches of a reported person with this matcher (`homeward-link`'s).
    #[must_use]
    pub fn with_matcher(self, matcher: Arc<dyn PersonMatcher>) -> Self {
        Self { matcher, ..self }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn rules(&self) -> &RulesConfig {
        &self.rules
    }

    async fn begin(&self) -> Result<Box<dyn Tx>, CoreError> {
        Ok(self.store.begin().await?)
    }

    /// A transaction for a long job (an import, the seed): it waits its turn for others' locks however long they
    /// are held, where a request's transaction gives up busy.
    async fn begin_long_job(&self) -> Result<Box<dyn Tx>, CoreError> {
        let mut tx = self.store.begin().await?;
        tx.wait_for_locks().await?;
        Ok(tx)
    }

    /// A transaction for a service that only reads: it never waits for the writer.
    async fn begin_read(&self) -> Result<Box<dyn Tx>, CoreError> {
        Ok(self.store.begin_read().await?)
    }

    /// Ends a read and records its audit event, returning once the event is on disk: a read of personal records is
    /// logged before anything of it is answered. The read transaction ends first, so it holds no connection while
    /// the event waits for its batch.
    async fn record_read(&self, tx: Box<dyn Tx>, event: NewAuditEvent) -> Result<(), CoreError> {
        drop(tx);
        self.store.record_audit(event).await?;
        Ok(())
    }

    /// An audit event by this actor, now. `details` must hold ids and counts only, never personal data.
    fn audit_event(
        &self,
        actor: &Actor,
        action: AuditAction,
        target_kind: &'static str,
        target_id: Option<String>,
        details: &serde_json::Value,
    ) -> NewAuditEvent {
        NewAuditEvent {
            at: self.now(),
            actor_user_id: actor.user_id().map(|id| id.to_string()),
            actor_agency_id: actor.agency_id().map(|id| id.to_string()),
            actor_role: actor.audit_role(),
            action,
            target_kind,
            target_id,
            reason: None,
            request_id: actor.request_id.clone(),
            // serde_json's map keeps keys sorted, so this text is canonical.
            details: details.to_string(),
        }
    }
}

/// The person's current Philomena or Herbert profile; when their own record has none, the latest of the records
/// linked to them that `scope` sees (issue 14: a child recorded by the police and by their carer has one profile at
/// report time). The profile names the record it was kept on.
async fn current_profile(
    tx: &mut dyn Tx,
    person: crate::domain::ids::PersonId,
    scope: Scope,
) -> Result<Option<crate::domain::profile::Profile>, crate::error::StoreError> {
    if let Some(own) = tx.current_profile(person).await? {
        return Ok(Some(own));
    }
    let mut latest: Option<crate::domain::profile::Profile> = None;
    for linked in tx.linked_people(person).await? {
        if tx.person(linked, scope).await?.is_none() {
            continue;
        }
        if let Some(profile) = tx.current_profile(linked).await?
            && latest.as_ref().is_none_or(|l| profile.saved_at > l.saved_at)
        {
            latest = Some(profile);
        }
    }
    Ok(latest)
}

/// The recommendations with their owners' codes, as people and systems name agencies.
async fn with_owners(
    tx: &mut dyn Tx,
    recommendations: Vec<Recommendation>,
) -> Result<Vec<OwnedRecommendation>, CoreError> {
    if recommendations.is_empty() {
        return Ok(Vec::new());
    }
    // One read of the agencies, however many recommendations.
    let codes: std::collections::HashMap<_, _> = tx.agencies().await?.into_iter().map(|a| (a.id, a.code)).collect();
    recommendations
        .into_iter()
        .map(|recommendation| {
            let owner = codes.get(&recommendation.owner_agency_id).cloned().ok_or(CoreError::NotFound)?;
            Ok(OwnedRecommendation { recommendation, owner })
        })
        .collect()
}

/// The episode within `scope` (not found otherwise), with what its actions turn on `now`.
async fn episode_facts(
    tx: &mut dyn Tx,
    id: EpisodeId,
    scope: Scope,
    now: Timestamp,
) -> Result<EpisodeFacts, CoreError> {
    let episode = tx.episode(id, scope).await?.ok_or(CoreError::NotFound)?;
    // The episode being visible makes its person visible, whatever the person's own links.
    let person = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
    let safe_and_well_recorded = tx.safe_and_well(id).await?.is_some();
    let has_interview = !tx.return_interviews_for_episode(id).await?.is_empty();
    let legacy_absent = tx.legacy_absent(id).await?;
    Ok(EpisodeFacts { episode, person, safe_and_well_recorded, has_interview, legacy_absent, now })
}

/// The long-term register's record of an episode on it: its entry, its reviews and when the next falls due.
async fn long_term_record(
    tx: &mut dyn Tx,
    episode: &Episode,
) -> Result<crate::domain::long_term::LongTermRecord, CoreError> {
    use crate::rules::long_term::{default_interval, register_since, review_due_on};
    let entry = tx.long_term_entry(episode.id).await?;
    let reviews = tx.long_term_reviews(episode.id).await?;
    let interval = entry.as_ref().map_or_else(default_interval, |e| e.review_interval);
    let review_due_on = review_due_on(episode.went_missing_at, reviews.first().map(|r| r.reviewed_on), interval);
    Ok(crate::domain::long_term::LongTermRecord {
        episode_id: episode.id,
        since: register_since(episode.went_missing_at),
        entry,
        reviews,
        review_due_on,
    })
}

/// The episode and the person of an interview the actor may see.
async fn interviewee(tx: &mut dyn Tx, interview: &ReturnInterview) -> Result<(Episode, Person), CoreError> {
    let episode = tx.episode(interview.episode_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
    let person = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
    Ok((episode, person))
}

/// A postcode a person gave, checked against the ONS Postcode Directory once one is loaded: unknown or terminated,
/// it is a field error on `field`; known, what the directory says of it. With no directory loaded, only its shape
/// was checked, and `None`.
async fn directory_postcode(
    tx: &mut dyn Tx,
    field: &'static str,
    postcode: &Postcode,
) -> Result<Option<PostcodeInfo>, CoreError> {
    let info = tx.postcode(postcode).await?;
    if info.is_none() && !tx.holds_postcodes().await? {
        return Ok(None);
    }
    match crate::rules::geo::postcode_problem(info.as_ref()) {
        Some(problem) => Err(CoreError::invalid(field, problem)),
        None => Ok(info),
    }
}

/// The ONS local authorities each council answers for (its rules' list, or its own code when that is one), for
/// deciding found out of area by the directory. Only authorities the directory holds postcodes in count: a county
/// council's code (E10) is no postcode's authority (the directory gives districts), nor is a made-up one, and
/// counting them would put every child found anywhere out of area.
async fn councils_la_codes(tx: &mut dyn Tx, councils: &[AgencyId]) -> Result<Vec<Vec<String>>, CoreError> {
    let mut codes = Vec::with_capacity(councils.len());
    for &council in councils {
        let Some(agency) = tx.agency(council).await? else { continue };
        let listed = tx.agency_rules(council).await?.and_then(|rules| rules.local_authorities);
        let mut held = Vec::new();
        for code in crate::rules::geo::council_la_codes(agency.code.as_str(), listed.as_deref()) {
            if tx.holds_la_code(&code).await? {
                held.push(code);
            }
        }
        codes.push(held);
    }
    Ok(codes)
}
