//! Linkage's part of a transaction (issue 14): people's identifying fields, the proposed links between them, and the
//! match keys reports are searched by.

use async_trait::async_trait;

use crate::authz::Scope;
use crate::domain::ids::{LinkProposalId, PersonId};
use crate::domain::link::{LinkPaging, LinkProposal, LinkStatus, LinkagePerson};
use crate::domain::person::Person;
use crate::error::StoreError;

/// Linkage's part of a transaction: people's identifying fields, and the proposed links between them.
#[async_trait]
pub trait LinkTx: Send {
    /// Every person's identifying fields, with their current placement's postcode, for linkage.
    async fn linkage_people(&mut self) -> Result<Vec<LinkagePerson>, StoreError>;
    /// Adds proposals, skipping pairs proposed before whatever became of them; answers how many went in.
    async fn insert_link_proposals(&mut self, proposals: &[LinkProposal]) -> Result<u64, StoreError>;
    async fn link_proposal(&mut self, id: LinkProposalId) -> Result<Option<LinkProposal>, StoreError>;
    /// A page of proposals with this status whose two people are both within scope, oldest first.
    async fn link_proposals(
        &mut self,
        scope: Scope,
        status: LinkStatus,
        paging: &LinkPaging,
    ) -> Result<Vec<LinkProposal>, StoreError>;
    /// Writes a proposal's status and decision if its status is still `from`; answers false, changing nothing, when
    /// another decision got there first (two reviewers at once).
    async fn update_link_proposal(&mut self, proposal: &LinkProposal, from: LinkStatus) -> Result<bool, StoreError>;
    /// Every other record joined to the person by confirmed links, followed from link to link, ordered by id.
    async fn linked_people(&mut self, person: PersonId) -> Result<Vec<PersonId>, StoreError>;
    /// Sets which person each record counts as (`None`: itself), for the key figures.
    async fn set_canonical(&mut self, people: &[(PersonId, Option<PersonId>)]) -> Result<(), StoreError>;
    /// Files people under their match keys (`matching::PersonMatcher::keys`), first removing every key of the
    /// people in `refiled` (whose names or dates of birth may have changed).
    async fn file_match_keys(&mut self, keys: &[(PersonId, String)], refiled: &[PersonId]) -> Result<(), StoreError>;
    /// The ids of the people filed under a key, at most `limit`, from the index alone.
    async fn people_filed_under(&mut self, key: &str, limit: u32) -> Result<Vec<PersonId>, StoreError>;
    /// The people with these ids, whoever holds them: the caller decides who is shown.
    async fn people_with_ids(&mut self, ids: &[PersonId]) -> Result<Vec<Person>, StoreError>;
    /// Where filing the people held before match keys existed has got to: the last person id filed (`""` before
    /// the first), or none once every one is.
    async fn match_key_backfill(&mut self) -> Result<Option<String>, StoreError>;
    /// The next people after `after` (by id as text), at most `limit`: the backfill's next batch.
    async fn people_after(&mut self, after: &str, limit: u32) -> Result<Vec<Person>, StoreError>;
    async fn set_match_key_backfill(&mut self, after: Option<&str>) -> Result<(), StoreError>;
}
