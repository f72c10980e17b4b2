//! Subject access's reads: what is held about one person that the case reads do not already answer, unscoped
//! (only an operator's service calls them).

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::alert::Alert;
use homeward_core::domain::context::Context;
use homeward_core::domain::ids::{EpisodeId, PersonId};
use homeward_core::domain::link::LinkProposal;
use homeward_core::domain::ofsted::OfstedNotification;
use homeward_core::domain::profile::Profile;
use homeward_core::ports::SubjectAccessTx;

use super::SqlTx;
use super::contexts::context;
use super::ofsted::notification;
use crate::dialect::Dialect;
use crate::rows;
use crate::value::{json, query};

#[async_trait]
impl<D: Dialect> SubjectAccessTx for SqlTx<D> {
    async fn profile_versions(&mut self, person: PersonId) -> Result<Vec<Profile>, StoreError> {
        let sql = "SELECT * FROM profiles WHERE person_id = $1 ORDER BY version";
        self.all(query!(sql, person), rows::profile).await
    }

    async fn link_proposals_naming(&mut self, person: PersonId) -> Result<Vec<LinkProposal>, StoreError> {
        let sql = "SELECT * FROM person_link_proposals WHERE person_l = $1 OR person_r = $1 ORDER BY proposed_at, id";
        self.all(query!(sql, person), rows::link_proposal).await
    }

    async fn alerts_of_episodes(&mut self, episodes: &[EpisodeId]) -> Result<Vec<Alert>, StoreError> {
        if episodes.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = episodes.iter().map(ToString::to_string).collect();
        let sql = format!("SELECT * FROM alerts WHERE episode_id IN ({}) ORDER BY raised_at, id", D::json_texts(1));
        self.all(query!(sql, json(&ids)), rows::alert).await
    }

    async fn contexts_holding(&mut self, person: PersonId) -> Result<Vec<Context>, StoreError> {
        let sql = "SELECT * FROM contexts WHERE id IN (SELECT context_id FROM context_members WHERE person_id = $1) \
                   ORDER BY opened_at, id";
        let found = self.all(query!(sql, person.to_string()), context).await?;
        self.with_members(found).await
    }

    async fn ofsted_notifications_about(&mut self, person: PersonId) -> Result<Vec<OfstedNotification>, StoreError> {
        let sql = "SELECT * FROM ofsted_notifications WHERE person_id = $1 ORDER BY prompted_at, id";
        self.all(query!(sql, person), notification).await
    }
}
