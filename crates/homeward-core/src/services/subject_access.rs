//! Subject access (UK GDPR article 15): everything held about one person, gathered for an operator who answers the
//! request. Records of every agency are gathered, because the answer is the controller's; the operator decides
//! what third parties' data to withhold before anything is released. Gathering is audited, with counts only.

use std::collections::BTreeSet;

use super::Core;
use crate::authz::{Actor, Scope};
use crate::domain::abduction::AbductionNotice;
use crate::domain::alert::Alert;
use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::context::Context;
use crate::domain::education::MissingEducation;
use crate::domain::episode::{CategoryChange, Episode};
use crate::domain::helpline::{HelplineContact, HelplinePaging};
use crate::domain::ids::{AssociateId, PersonId, PlaceId, UserId};
use crate::domain::intel::{Associate, IntelLink, Linked, Place};
use crate::domain::legacy::LegacyAbsent;
use crate::domain::link::LinkProposal;
use crate::domain::long_term::{LongTermEntry, LongTermReview};
use crate::domain::ofsted::OfstedNotification;
use crate::domain::paging::Cursor;
use crate::domain::person::Person;
use crate::domain::photo::{Photo, PhotoType};
use crate::domain::placement::Placement;
use crate::domain::profile::{MissingDescription, Profile};
use crate::domain::return_interview::{OwnedRecommendation, ReturnInterview, SafeAndWellCheck};
use crate::domain::risk::RiskAssessment;
use crate::domain::support::SupportPlan;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::ports::Tx;

/// How many audit events are read at a time while the log is searched for the person's.
const AUDIT_PAGE: u32 = 5_000;

/// What is held about a photograph, without the image itself.
#[derive(Debug, Clone)]
pub struct PhotoHeld {
    pub kind: PhotoType,
    pub taken_on: time::Date,
    pub bytes: usize,
    pub uploaded_by: UserId,
    pub uploaded_at: Timestamp,
}

/// One episode with everything recorded about it.
#[derive(Debug, Clone)]
pub struct EpisodeHeld {
    pub episode: Episode,
    pub assessments: Vec<RiskAssessment>,
    pub category_changes: Vec<CategoryChange>,
    pub safe_and_well: Option<SafeAndWellCheck>,
    pub interviews: Vec<ReturnInterview>,
    pub recommendations: Vec<OwnedRecommendation>,
    /// Part 2 of the Philomena profile: clothing and where last seen.
    pub missing_description: Option<MissingDescription>,
    /// The long-term missing register's entry and its reviews.
    pub long_term: Option<LongTermEntry>,
    pub long_term_reviews: Vec<LongTermReview>,
    /// The imported "absent" flag and its review.
    pub legacy_absent: Option<LegacyAbsent>,
}

/// Everything held about one person, from every agency.
#[derive(Debug, Clone)]
pub struct SubjectAccess {
    pub person: Person,
    /// Every version of the profile, oldest first.
    pub profiles: Vec<Profile>,
    pub photo: Option<PhotoHeld>,
    pub placements: Vec<Placement>,
    pub episodes: Vec<EpisodeHeld>,
    /// Other records confirmed to be the same person.
    pub linked_people: Vec<PersonId>,
    /// Proposed links naming the person, whatever became of them.
    pub link_proposals: Vec<LinkProposal>,
    /// Places and associates linked to the person's episodes, and the links themselves.
    pub intel_links: Vec<IntelLink>,
    pub places: Vec<Place>,
    pub associates: Vec<Associate>,
    /// Contexts of any agency that hold the person as a member.
    pub contexts: Vec<Context>,
    /// Alerts of any agency about the person's episodes, open or closed.
    pub alerts: Vec<Alert>,
    /// Support plans after the person's interviews, with their sessions.
    pub support_plans: Vec<SupportPlan>,
    /// Spells of missing education.
    pub missing_education: Vec<MissingEducation>,
    /// Child abduction warning notices protecting the person.
    pub abduction_notices: Vec<AbductionNotice>,
    /// Notifications to Ofsted owed by the person's children's home.
    pub ofsted_notifications: Vec<OfstedNotification>,
    /// Helpline and self-referral contacts linked to the person's record.
    pub helpline_contacts: Vec<HelplineContact>,
    /// Audit events naming the person or one of their records (ids, actions and times: the log holds no more).
    pub audit_events: Vec<AuditEvent>,
}

impl SubjectAccess {
    /// How many of each kind of record were gathered: what the audit event says, and nothing more.
    pub fn counts(&self) -> serde_json::Value {
        let each = |f: fn(&EpisodeHeld) -> usize| self.episodes.iter().map(f).sum::<usize>();
        serde_json::json!({
            "profiles": self.profiles.len(),
            "photo": usize::from(self.photo.is_some()),
            "placements": self.placements.len(),
            "episodes": self.episodes.len(),
            "risk_assessments": each(|e| e.assessments.len()),
            "safe_and_well_checks": each(|e| usize::from(e.safe_and_well.is_some())),
            "return_interviews": each(|e| e.interviews.len()),
            "recommendations": each(|e| e.recommendations.len()),
            "missing_descriptions": each(|e| usize::from(e.missing_description.is_some())),
            "long_term_entries": each(|e| usize::from(e.long_term.is_some())),
            "long_term_reviews": each(|e| e.long_term_reviews.len()),
            "legacy_absent": each(|e| usize::from(e.legacy_absent.is_some())),
            "linked_people": self.linked_people.len(),
            "link_proposals": self.link_proposals.len(),
            "intel_links": self.intel_links.len(),
            "places": self.places.len(),
            "associates": self.associates.len(),
            "contexts": self.contexts.len(),
            "alerts": self.alerts.len(),
            "support_plans": self.support_plans.len(),
            "missing_education": self.missing_education.len(),
            "abduction_notices": self.abduction_notices.len(),
            "ofsted_notifications": self.ofsted_notifications.len(),
            "helpline_contacts": self.helpline_contacts.len(),
            "audit_events": self.audit_events.len(),
        })
    }
}

impl Core {
    /// Everything held about a person, for a subject access request: operators only, audited with counts only.
    /// An unknown person is not found, and nothing is audited as gathered.
    pub async fn subject_access(&self, actor: &Actor, id: PersonId) -> Result<SubjectAccess, CoreError> {
        let attempt = super::Attempt::on(AuditAction::SubjectAccessGathered, "person", &id);
        self.attempt(actor, attempt, async {
            actor.require_operator("only the service's operators answer subject access requests")?;
            let gathered = self.gather(id).await?;
            let counts = gathered.counts();
            let event =
                self.audit_event(actor, AuditAction::SubjectAccessGathered, "person", Some(id.to_string()), &counts);
            self.store.record_audit(event).await?;
            Ok(gathered)
        })
        .await
    }

    /// Everything held about the person, read in one read transaction, then the audit events naming them.
    async fn gather(&self, id: PersonId) -> Result<SubjectAccess, CoreError> {
        let mut tx = self.begin_read().await?;
        let person = tx.person(id, Scope::All).await?.ok_or(CoreError::NotFound)?;
        let profiles = tx.profile_versions(id).await?;
        let photo = tx.photo(id).await?.map(|p: Photo| PhotoHeld {
            kind: p.kind,
            taken_on: p.taken_on,
            bytes: p.bytes.len(),
            uploaded_by: p.uploaded_by,
            uploaded_at: p.uploaded_at,
        });
        let placements = tx.placements_of_person(id).await?;
        let mut episodes = Vec::new();
        for episode in tx.episodes_of_person(id, Scope::All).await? {
            episodes.push(episode_held(tx.as_mut(), episode).await?);
        }
        let linked_people = tx.linked_people(id).await?;
        let link_proposals = tx.link_proposals_naming(id).await?;
        let intel_links = tx.links_of_people(&[id], Scope::All).await?;
        let (place_ids, associate_ids) = linked_ids(&intel_links);
        let places = tx.places_with_ids(&place_ids).await?;
        let associates = tx.associates_with_ids(&associate_ids).await?;
        let contexts = tx.contexts_holding(id).await?;
        let episode_ids: Vec<_> = episodes.iter().map(|e| e.episode.id).collect();
        let alerts = tx.alerts_of_episodes(&episode_ids).await?;
        let support_plans = tx.support_plans_for_person(id).await?;
        let missing_education = tx.missing_education_of(id).await?;
        let abduction_notices = tx.abduction_notices_naming(&[], id, self.now()).await?;
        let ofsted_notifications = tx.ofsted_notifications_about(id).await?;
        let mut helpline_contacts = Vec::new();
        let mut paging = HelplinePaging { after: None, limit: AUDIT_PAGE };
        loop {
            let page = tx.helpline_contacts_for_person(id, &paging).await?;
            let Some(last) = page.last() else { break };
            paging.after = Some(Cursor { key: last.contacted_at, id: last.id });
            helpline_contacts.extend(page);
        }
        drop(tx);
        let mut gathered = SubjectAccess {
            person,
            profiles,
            photo,
            placements,
            episodes,
            linked_people,
            link_proposals,
            intel_links,
            places,
            associates,
            contexts,
            alerts,
            support_plans,
            missing_education,
            abduction_notices,
            ofsted_notifications,
            helpline_contacts,
            audit_events: Vec::new(),
        };
        gathered.audit_events = self.audit_events_naming(&names_of(&gathered)).await?;
        Ok(gathered)
    }

    /// The audit events whose target is one of these ids or whose details name one, oldest first. The log is
    /// read in pages from its start: a subject access request is rare, and the log has no index by what it names.
    async fn audit_events_naming(&self, names: &BTreeSet<String>) -> Result<Vec<AuditEvent>, CoreError> {
        let mut found = Vec::new();
        let mut after = 0;
        loop {
            let page = self.store.audit_events_after(after, AUDIT_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            found.extend(page.into_iter().filter(|event| {
                event.target_id.as_ref().is_some_and(|target| names.contains(target))
                    || names.iter().any(|name| event.details.contains(name.as_str()))
            }));
        }
        Ok(found)
    }
}

/// An episode with its assessments, category changes, safe and well check, interviews, recommendations, part 2,
/// long-term register entry and legacy flag.
async fn episode_held(tx: &mut dyn Tx, episode: Episode) -> Result<EpisodeHeld, CoreError> {
    let assessments = tx.assessments_for_episode(episode.id).await?;
    let category_changes = tx.la_category_history(episode.id).await?;
    let safe_and_well = tx.safe_and_well(episode.id).await?;
    let interviews = tx.return_interviews_for_episode(episode.id).await?;
    let mut recommendations = Vec::new();
    for recommendation in tx.recommendations_for_episode(episode.id).await? {
        let owner = tx.agency(recommendation.owner_agency_id).await?.ok_or(CoreError::NotFound)?.code;
        recommendations.push(OwnedRecommendation { recommendation, owner });
    }
    let missing_description = tx.missing_description(episode.id).await?;
    let long_term = tx.long_term_entry(episode.id).await?;
    let long_term_reviews = tx.long_term_reviews(episode.id).await?;
    let legacy_absent = tx.legacy_absent(episode.id).await?;
    Ok(EpisodeHeld {
        episode,
        assessments,
        category_changes,
        safe_and_well,
        interviews,
        recommendations,
        missing_description,
        long_term,
        long_term_reviews,
        legacy_absent,
    })
}

/// The places and associates the links name, each once.
fn linked_ids(links: &[IntelLink]) -> (Vec<PlaceId>, Vec<AssociateId>) {
    let mut places = BTreeSet::new();
    let mut associates = BTreeSet::new();
    for link in links {
        match link.linked {
            Linked::Place(id) => places.insert(id),
            Linked::Associate(id) => associates.insert(id),
        };
    }
    (places.into_iter().collect(), associates.into_iter().collect())
}

/// The ids an audit event may name that are the person's: the person, their episodes, interviews,
/// recommendations, placements, assessments, support plans, spells, notices and Ofsted notifications.
fn names_of(gathered: &SubjectAccess) -> BTreeSet<String> {
    let mut names = BTreeSet::from([gathered.person.id.to_string()]);
    names.extend(gathered.placements.iter().map(|p| p.id.to_string()));
    for held in &gathered.episodes {
        names.insert(held.episode.id.to_string());
        names.extend(held.assessments.iter().map(|a| a.id.to_string()));
        names.extend(held.interviews.iter().map(|i| i.id.to_string()));
        names.extend(held.recommendations.iter().map(|r| r.recommendation.id.to_string()));
    }
    names.extend(gathered.support_plans.iter().map(|p| p.id.to_string()));
    names.extend(gathered.missing_education.iter().map(|m| m.id.to_string()));
    names.extend(gathered.abduction_notices.iter().map(|n| n.id.to_string()));
    names.extend(gathered.ofsted_notifications.iter().map(|n| n.id.to_string()));
    names.extend(gathered.helpline_contacts.iter().map(|c| c.id.to_string()));
    names
}
