//! Reading a person's record: who they are and the episodes the actor may see.

use crate::authz::{Actions, Actor, Sensitivity, Subject, actions, redact};
use crate::domain::audit::AuditAction;
use crate::domain::episode::Episode;
use crate::domain::ids::PersonId;
use crate::domain::person::Person;
use crate::error::CoreError;

use super::Core;

/// A person with the episodes of theirs that the actor may see, newest first.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub person: Person,
    pub episodes: Vec<Episode>,
    /// The current Philomena or Herbert profile, if one has been prepared.
    pub profile: Option<crate::domain::profile::Profile>,
    /// The person's placements, the latest first: the current one has no end date.
    pub placements: Vec<crate::domain::placement::Placement>,
    /// Whether a photograph is on file (fetched separately, so reading a record does not move the image).
    pub has_photo: bool,
    /// Other records of the same person, by confirmed links followed from link to link, that the actor also sees
    /// (ids only: each is read on its own).
    pub linked_people: Vec<PersonId>,
    /// What the actor may do to the person now.
    pub actions: Actions,
    /// The sensitivity classes cleared from this record because the actor does not read them.
    pub withheld: Vec<Sensitivity>,
}

impl Core {
    /// A person, if the actor may see them; otherwise not found. The read is audited.
    pub async fn person(&self, actor: &Actor, id: PersonId) -> Result<PersonRecord, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::PersonRead, "person", &id), async {
            let scope = actor.case_scope();
            let mut tx = self.begin_read().await?;
            let person = tx.person(id, scope).await?.ok_or(CoreError::NotFound)?;
            let episodes = tx.episodes_of_person(id, scope).await?;
            let mut profile = super::current_profile(tx.as_mut(), id, scope).await?;
            let withheld = redact(actor, &mut profile);
            let has_photo = tx.has_photo(id).await?;
            let placements = tx.placements_of_person(id).await?;
            let mut linked_people = Vec::new();
            for other in tx.linked_people(id).await? {
                if tx.person(other, scope).await?.is_some() {
                    linked_people.push(other);
                }
            }
            let event = self.audit_event(
                actor,
                AuditAction::PersonRead,
                "person",
                Some(id.to_string()),
                &serde_json::json!({}),
            );
            self.record_read(tx, event).await?;
            let actions = actions(actor, &Subject::Person { person: &person, now: self.now() });
            Ok(PersonRecord { person, episodes, profile, placements, has_photo, linked_people, actions, withheld })
        })
        .await
    }
}
