//! Reading missing episodes: lists narrowed to the actor's scope, and one episode with its whole story.

use crate::authz::{Action, Actions, Actor, EpisodeFacts, Scope, Sensitivity, Subject, actions, check, redact};
use crate::domain::agency::Agency;
use crate::domain::audit::AuditAction;
use crate::domain::episode::{CaseCounts, CaseCountsQuery, Episode, EpisodeCursor, EpisodeListing, EpisodeQuery};
use crate::domain::ids::EpisodeId;
use crate::domain::paging::{Page, Paging};
use crate::domain::person::Person;
use crate::domain::return_interview::{OwnedRecommendation, ReturnInterview};
use crate::domain::risk::RiskAssessment;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::rules::interviews;
use crate::rules::risk::reviews_due_by;

use super::Core;

/// One page of an episode list and where the next one starts.
pub type EpisodePage = Page<EpisodeListing, Timestamp, EpisodeId>;

/// An episode with the person and everything recorded about it so far.
#[derive(Debug, Clone)]
pub struct EpisodeRecord {
    pub episode: Episode,
    pub person: Person,
    pub assessments: Vec<RiskAssessment>,
    pub return_interviews: Vec<ReturnInterview>,
    /// The person's current Philomena or Herbert profile: the police see it on the episode at once.
    pub profile: Option<crate::domain::profile::Profile>,
    /// Every change of the council's category (missing or away), oldest first.
    pub categories: Vec<crate::domain::episode::CategoryChange>,
    /// The police safe and well check, once recorded.
    pub safe_and_well: Option<crate::domain::return_interview::SafeAndWellCheck>,
    /// Recommendations from this episode's return interview, with their responses.
    pub recommendations: Vec<OwnedRecommendation>,
    /// What the actor may do to the episode and its person now.
    pub actions: Actions,
    /// Exploitation prompts with their reasons, for those who assess risk or read intelligence; empty for others.
    pub indicators: Vec<crate::rules::indicators::Indicator>,
    /// The sensitivity classes cleared from this record because the actor does not read them.
    pub withheld: Vec<Sensitivity>,
    /// The legacy "absent" flag and its review, for an episode imported as "absent".
    pub legacy_absent: Option<crate::domain::legacy::LegacyAbsent>,
    /// Philomena Protocol part 2 (clothing, where last seen), once recorded.
    pub missing_description: Option<crate::domain::profile::MissingDescription>,
    /// The long-term missing register's entry and reviews, for those who read it, once the episode is on it.
    pub long_term: Option<crate::domain::long_term::LongTermRecord>,
}

impl Core {
    /// A page of the episodes the actor may see. The read is audited with the ids it returned.
    pub async fn list_episodes(&self, actor: &Actor, mut query: EpisodeQuery) -> Result<EpisodePage, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::EpisodesListed, "episode"), async {
            let scope = actor.case_records()?;
            let paging = Paging { after: query.after, limit: query.limit };
            query.limit = paging.one_more().limit;
            let mut tx = self.begin_read().await?;
            if let Some(code) = &query.agency
                && tx.agency_by_code(code).await?.is_none()
            {
                return Err(CoreError::invalid("agency", "no agency has that code"));
            }
            let items = tx.list_episodes(scope, &query).await?;
            let page =
                Page::cut(items, &paging, |l| EpisodeCursor { key: l.episode.went_missing_at, id: l.episode.id });
            let ids: Vec<String> = page.items.iter().map(|i| i.episode.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::EpisodesListed,
                "episode",
                None,
                &serde_json::json!({ "ids": ids }),
            );
            self.record_read(tx, event).await?;
            Ok(page)
        })
        .await
    }

    /// One episode, if the actor may see it; otherwise not found. The read is audited.
    pub async fn episode(&self, actor: &Actor, id: EpisodeId) -> Result<EpisodeRecord, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::EpisodeRead, "episode", &id), async {
            let scope = actor.case_scope();
            let mut tx = self.begin_read().await?;
            let episode = tx.episode(id, scope).await?.ok_or(CoreError::NotFound)?;
            // The episode being visible makes its person visible, whatever the person's own links.
            let person = tx.person(episode.person_id, Scope::All).await?.ok_or(CoreError::NotFound)?;
            let mut assessments = tx.assessments_for_episode(id).await?;
            let mut return_interviews: Vec<ReturnInterview> = tx.return_interviews_for_episode(id).await?;
            let mut safe_and_well = tx.safe_and_well(id).await?;
            let facts = EpisodeFacts {
                episode,
                person,
                safe_and_well_recorded: safe_and_well.is_some(),
                has_interview: !return_interviews.is_empty(),
                legacy_absent: tx.legacy_absent(id).await?,
                now: self.now(),
            };
            let actions = actions(actor, &Subject::Episode(&facts));
            let EpisodeFacts { episode, person, legacy_absent, .. } = facts;
            let missing_description = tx.missing_description(id).await?;
            let long_term = if actions.contains(Action::ReadLongTermRecord) {
                Some(super::long_term_record(tx.as_mut(), &episode).await?)
            } else {
                None
            };
            let recommendations = tx.recommendations_for_episode(id).await?;
            let recommendations = super::with_owners(tx.as_mut(), recommendations).await?;
            let mut profile = super::current_profile(tx.as_mut(), person.id, actor.case_scope()).await?;
            // Nothing leaves without the fields the actor does not read: the API, pages and exports all get this.
            let mut withheld = redact(actor, &mut return_interviews);
            withheld.extend(redact(actor, &mut safe_and_well));
            withheld.extend(redact(actor, &mut profile));
            withheld.extend(redact(actor, &mut assessments));
            withheld.sort_unstable();
            withheld.dedup();
            let categories = tx.la_category_history(id).await?;
            let indicators = if actions.contains(crate::authz::Action::AssessRisk)
                || actions.contains(crate::authz::Action::ReadIntelligence)
            {
                self.indicators_for(tx.as_mut(), &person).await?
            } else {
                Vec::new()
            };
            let event = self.audit_event(
                actor,
                AuditAction::EpisodeRead,
                "episode",
                Some(id.to_string()),
                &serde_json::json!({ "person_id": person.id.to_string() }),
            );
            self.record_read(tx, event).await?;
            Ok(EpisodeRecord {
                episode,
                person,
                assessments,
                return_interviews,
                profile,
                categories,
                safe_and_well,
                recommendations,
                actions,
                indicators,
                withheld,
                legacy_absent,
                missing_description,
                long_term,
            })
        })
        .await
    }

    /// How much work is waiting for the actor: counts only, so nothing personal is read and nothing is audited.
    /// Roles that see no cases see zeros.
    pub async fn case_counts(&self, actor: &Actor) -> Result<CaseCounts, CoreError> {
        match actor.case_scope() {
            Scope::Nothing => Ok(CaseCounts::default()),
            scope => {
                let now = self.now();
                let query = CaseCountsQuery {
                    reviews_due_by: reviews_due_by(now),
                    interviews_open: interviews::awaiting_offer(),
                    interviews_overdue: interviews::overdue(now),
                };
                Ok(self.begin_read().await?.case_counts(scope, &query).await?)
            }
        }
    }

    /// Every agency, for choosing one in filters and forms.
    pub async fn agencies(&self) -> Result<Vec<Agency>, CoreError> {
        Ok(self.begin_read().await?.agencies().await?)
    }

    /// Changes the council's category of a looked-after child's episode (missing, or away from placement without
    /// authorisation). Only the child's responsible or host council does; every change is kept.
    pub async fn change_la_category(
        &self,
        actor: &Actor,
        id: EpisodeId,
        category: crate::domain::episode::LaCategory,
    ) -> Result<Episode, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::CategoryChanged, "episode", &id), async {
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), id, actor.case_scope(), self.now()).await?;
            check(actor, Action::ChangeLaCategory, &Subject::Episode(&facts))?;
            let mut episode = facts.episode;
            let change = crate::domain::episode::CategoryChange {
                episode_id: id,
                category,
                changed_at: self.now(),
                changed_by: actor.user_id().expect("a council user acts"),
            };
            tx.change_la_category(&change).await?;
            episode.la_category = Some(category);
            let event = self.audit_event(
                actor,
                crate::domain::audit::AuditAction::CategoryChanged,
                "episode",
                Some(id.to_string()),
                &serde_json::json!({ "la_category": category.as_str() }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(episode)
        })
        .await
    }
}
