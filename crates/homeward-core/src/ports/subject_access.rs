//! Subject access's part of a transaction: the reads that gather what is held about one person and that no other
//! service needs (UK GDPR article 15). Every read here is unscoped: only an operator's service calls them.

use async_trait::async_trait;

use crate::domain::alert::Alert;
use crate::domain::context::Context;
use crate::domain::ids::{EpisodeId, PersonId};
use crate::domain::link::LinkProposal;
use crate::domain::ofsted::OfstedNotification;
use crate::domain::profile::Profile;
use crate::error::StoreError;

/// Everything about one person that the case reads do not already answer.
#[async_trait]
pub trait SubjectAccessTx: Send {
    /// Every version of the person's profile, oldest first.
    async fn profile_versions(&mut self, person: PersonId) -> Result<Vec<Profile>, StoreError>;
    /// Every link proposal naming the person on either side, whatever became of it, oldest first.
    async fn link_proposals_naming(&mut self, person: PersonId) -> Result<Vec<LinkProposal>, StoreError>;
    /// Every alert, open or closed, of any agency, about one of these episodes, oldest first.
    async fn alerts_of_episodes(&mut self, episodes: &[EpisodeId]) -> Result<Vec<Alert>, StoreError>;
    /// Every context, open or closed, of any agency, that holds the person as a member, with its members.
    async fn contexts_holding(&mut self, person: PersonId) -> Result<Vec<Context>, StoreError>;
    /// Every notification to Ofsted, recorded or not, of any home, about the person, oldest prompt first.
    async fn ofsted_notifications_about(&mut self, person: PersonId) -> Result<Vec<OfstedNotification>, StoreError>;
}
