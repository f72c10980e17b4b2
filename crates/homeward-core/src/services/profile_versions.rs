//! The Philomena Protocol in full: part 2 (clothing, where last seen) recorded on an episode when the person goes
//! missing, and the earlier versions of part 1 (the profile), each with who saved it and when.

use crate::authz::{Action, Actor, Sensitivity, Subject, check, redact};
use crate::domain::audit::AuditAction;
use std::collections::HashMap;

use crate::domain::ids::{EpisodeId, PersonId, UserId};
use crate::domain::paging::{Cursor, Page, Paging};
use crate::domain::profile::{MissingDescription, Profile, ProfileVersionPage};
use crate::domain::text::FreeText;
use crate::error::{CoreError, FieldErrors};

use super::Core;

/// Part 2 as submitted, parsed: both fields are needed.
#[derive(Debug, Clone)]
pub struct NewMissingDescription {
    pub clothing: FreeText,
    pub last_seen: FreeText,
}

impl NewMissingDescription {
    pub fn parse(clothing: &str, last_seen: &str) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let clothing = errors.check("clothing", FreeText::parse(clothing));
        let last_seen = errors.check("last_seen", FreeText::parse(last_seen));
        errors.into_result()?;
        Ok(Self { clothing: clothing.expect("checked"), last_seen: last_seen.expect("checked") })
    }
}

impl Core {
    /// Records part 2 on an episode, replacing an earlier one; the audit log keeps each save.
    pub async fn record_missing_description(
        &self,
        actor: &Actor,
        id: EpisodeId,
        new: NewMissingDescription,
    ) -> Result<MissingDescription, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::MissingDescriptionSaved, "episode", &id), async {
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), id, actor.case_scope(), self.now()).await?;
            check(actor, Action::RecordMissingDescription, &Subject::Episode(&facts))?;
            let replaced = tx.missing_description(id).await?.is_some();
            let description = MissingDescription {
                episode_id: id,
                clothing: new.clothing,
                last_seen: new.last_seen,
                recorded_by: actor.user_id().expect("only users record part 2"),
                recorded_at: self.now(),
            };
            tx.save_missing_description(&description).await?;
            let details = serde_json::json!({ "replaced": replaced });
            let event = self.audit_event(
                actor,
                AuditAction::MissingDescriptionSaved,
                "episode",
                Some(id.to_string()),
                &details,
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(description)
        })
        .await
    }

    /// A page of the person's profile versions, the latest first, with the fields the actor does not read left
    /// out (named in the answer's second part). The read is audited with the versions it returned.
    pub async fn profile_versions(
        &self,
        actor: &Actor,
        person_id: PersonId,
        paging: Paging<i64, PersonId>,
    ) -> Result<ProfileVersions, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::ProfileVersionsListed, "person", &person_id), async {
            actor.case_records()?;
            let mut tx = self.begin_read().await?;
            tx.person(person_id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
            let items = tx.profile_version_page(person_id, &paging.one_more()).await?;
            let mut page = Page::cut(items, &paging, |p: &Profile| Cursor { key: p.version, id: p.person_id });
            let withheld = redact_all(actor, &mut page.items);
            let savers = savers(tx.as_mut(), page.items.iter().map(|p| p.saved_by)).await?;
            let versions: Vec<i64> = page.items.iter().map(|p| p.version).collect();
            let details = serde_json::json!({ "versions": versions });
            let event = self.audit_event(
                actor,
                AuditAction::ProfileVersionsListed,
                "person",
                Some(person_id.to_string()),
                &details,
            );
            self.record_read(tx, event).await?;
            Ok(ProfileVersions { page, withheld, savers })
        })
        .await
    }

    /// One version of the person's profile, with the fields the actor does not read left out. Audited.
    pub async fn profile_version(
        &self,
        actor: &Actor,
        person_id: PersonId,
        version: i64,
    ) -> Result<(Profile, Vec<Sensitivity>, String), CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::ProfileVersionRead, "person", &person_id), async {
            actor.case_records()?;
            let mut tx = self.begin_read().await?;
            tx.person(person_id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
            let mut profile = tx.profile_version(person_id, version).await?.ok_or(CoreError::NotFound)?;
            let withheld = redact(actor, &mut profile);
            let saver = savers(tx.as_mut(), std::iter::once(profile.saved_by)).await?.remove(&profile.saved_by);
            let details = serde_json::json!({ "version": version });
            let event = self.audit_event(
                actor,
                AuditAction::ProfileVersionRead,
                "person",
                Some(person_id.to_string()),
                &details,
            );
            self.record_read(tx, event).await?;
            let saver = saver.unwrap_or_else(|| profile.saved_by.to_string());
            Ok((profile, withheld, saver))
        })
        .await
    }
}

/// A page of profile versions, the classes cleared from them, and who saved each, named.
#[derive(Debug, Clone)]
pub struct ProfileVersions {
    pub page: ProfileVersionPage,
    pub withheld: Vec<Sensitivity>,
    /// Each saver as "Name, Agency", by user id.
    pub savers: HashMap<UserId, String>,
}

/// The members of staff who saved versions, as "Name, Agency": who kept a child's profile is part of its record.
async fn savers(
    tx: &mut dyn crate::ports::Tx,
    ids: impl Iterator<Item = UserId>,
) -> Result<HashMap<UserId, String>, CoreError> {
    let mut named = HashMap::new();
    for id in ids {
        if named.contains_key(&id) {
            continue;
        }
        if let Some(user) = tx.user(id).await? {
            let agency = tx.agency(user.agency_id).await?.map(|a| a.name.to_string()).unwrap_or_default();
            named.insert(id, format!("{}, {agency}", user.name));
        }
    }
    Ok(named)
}

/// Clears from every version the fields the actor does not read; the classes cleared, once each.
fn redact_all(actor: &Actor, profiles: &mut [Profile]) -> Vec<Sensitivity> {
    let mut withheld: Vec<Sensitivity> = profiles.iter_mut().flat_map(|p| redact(actor, p)).collect();
    withheld.sort_unstable();
    withheld.dedup();
    withheld
}
