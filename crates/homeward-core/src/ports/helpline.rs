//! Helpline and self-referral contacts' part of a transaction (issue 17, item 3).

use async_trait::async_trait;

use crate::domain::helpline::{HelplineContact, HelplineCount, HelplinePaging};
use crate::domain::ids::{AgencyId, HelplineContactId, PersonId, UserId};
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Contacts logged by providers, shared with councils and linked to people.
#[async_trait]
pub trait HelplineTx: Send {
    async fn insert_helpline_contact(&mut self, contact: &HelplineContact) -> Result<(), StoreError>;
    async fn helpline_contact(&mut self, id: HelplineContactId) -> Result<Option<HelplineContact>, StoreError>;
    /// A page of the contacts a provider logged, or (`shared`) that were shared with a council, newest contact first.
    /// A provider is never a council, so each list is read through its own index.
    async fn helpline_contacts_of(
        &mut self,
        agency: AgencyId,
        shared: bool,
        paging: &HelplinePaging,
    ) -> Result<Vec<HelplineContact>, StoreError>;
    /// A page of the contacts linked to a person, newest contact first.
    async fn helpline_contacts_for_person(
        &mut self,
        person: PersonId,
        paging: &HelplinePaging,
    ) -> Result<Vec<HelplineContact>, StoreError>;
    /// Links a contact not yet linked to a person; false when it was linked meanwhile.
    async fn link_helpline_contact(
        &mut self,
        id: HelplineContactId,
        person: PersonId,
        by: UserId,
        at: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Undoes the contact's link to this person; false when it is no longer linked to them.
    async fn unlink_helpline_contact(&mut self, id: HelplineContactId, person: PersonId) -> Result<bool, StoreError>;
    /// A provider's contacts made from `from` to before `until`, counted by channel, who contacted and sharing basis.
    async fn helpline_counts(
        &mut self,
        provider: AgencyId,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<HelplineCount>, StoreError>;
}
