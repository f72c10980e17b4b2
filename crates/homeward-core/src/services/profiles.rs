//! Saving a protocol profile. The people who prepare it save it: the child's care provider and council staff;
//! anyone who may see the person may read it (the police once an episode is reported).

use std::collections::BTreeMap;

use crate::authz::{Action, Actor, Subject, check};
use crate::domain::audit::AuditAction;
use crate::domain::ids::PersonId;
use crate::domain::photo::{MAX_PHOTO_BYTES, Photo};
use crate::domain::profile::{Profile, ProfileKind};
use crate::domain::text::FreeText;
use crate::error::{CoreError, FieldErrors, StoreError};
use crate::rules::integrity::{photo_type, replaces_profile_type};

use super::Core;

/// A profile as submitted, parsed.
#[derive(Debug, Clone)]
pub struct NewProfile {
    pub kind: ProfileKind,
    pub fields: BTreeMap<String, FreeText>,
    /// Saving a profile of the other type replaces the person's current one only when this says so.
    pub replace_type: bool,
}

impl NewProfile {
    /// Only the kind's own fields are accepted; blank ones are left out.
    pub fn parse(kind: &str, fields: &BTreeMap<String, String>) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let kind = errors.check("kind", ProfileKind::parse(kind));
        let mut parsed = BTreeMap::new();
        if let Some(kind) = kind {
            for (code, text) in fields {
                if !kind.fields().iter().any(|(known, _)| known == code) {
                    errors.add(&format!("fields.{code}"), format!("is not a field of a {}", kind.label()));
                } else if !text.trim().is_empty()
                    && let Some(text) = errors.check(&format!("fields.{code}"), FreeText::parse(text))
                {
                    parsed.insert(code.clone(), text);
                }
            }
        }
        errors.into_result()?;
        Ok(Self { kind: kind.expect("checked"), fields: parsed, replace_type: false })
    }

    /// The same profile, saved over one of the other type deliberately (or not).
    #[must_use]
    pub fn replacing_type(self, replace_type: bool) -> Self {
        Self { replace_type, ..self }
    }
}

impl Core {
    /// Saves a new version of the person's profile.
    pub async fn save_profile(
        &self,
        actor: &Actor,
        person_id: PersonId,
        new: NewProfile,
    ) -> Result<Profile, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::ProfileSaved, "person", &person_id), async {
        let mut tx = self.begin().await?;
        let person = tx.person(person_id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
        check(actor, Action::KeepProfile, &Subject::Person { person: &person, now: self.now() })?;
        let current = tx.current_profile(person_id).await?;
        let replaced = replaces_profile_type(current.as_ref().map(|p| p.kind), new.kind, new.replace_type)?;
        let version = current.as_ref().map_or(1, |p| p.version + 1);
        let profile = Profile {
            person_id,
            version,
            kind: new.kind,
            fields: new.fields,
            saved_by: actor.user_id().expect("only users save profiles"),
            saved_at: self.now(),
        };
        tx.insert_profile(&profile).await.map_err(|e| match e {
            StoreError::Constraint { .. } => CoreError::Rule {
                code: "profile_changed",
                message: "someone else saved this profile at the same moment: reload it and save again".into(),
                field: None,
            },
            other => other.into(),
        })?;
        let (action, details) = match current.filter(|_| replaced) {
            Some(before) => (
                AuditAction::ProfileTypeReplaced,
                serde_json::json!({ "version": version, "kind": profile.kind.as_str(), "replaced": before.kind.as_str() }),
            ),
            None => {
                (AuditAction::ProfileSaved, serde_json::json!({ "version": version, "kind": profile.kind.as_str() }))
            }
        };
        let event = self.audit_event(actor, action, "person", Some(person_id.to_string()), &details);
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(profile)
        }).await
    }

    /// Saves the person's dated photograph, checked by content (JPEG or PNG) and size.
    pub async fn save_photo(
        &self,
        actor: &Actor,
        person_id: PersonId,
        bytes: Vec<u8>,
        taken_on: time::Date,
    ) -> Result<(), CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::PhotoSaved, "person", &person_id), async {
            let mut errors = crate::error::FieldErrors::new();
            let kind = if bytes.len() > MAX_PHOTO_BYTES { None } else { photo_type(&bytes) };
            if bytes.len() > MAX_PHOTO_BYTES {
                errors.add("photo", "the photograph must be 5 MB or smaller");
            } else if kind.is_none() {
                errors.add("photo", "the photograph must be a JPEG or PNG image that opens as a picture");
            }
            if taken_on > self.now().date() {
                errors.add("taken_on", "the date it was taken must not be in the future");
            }
            errors.into_result()?;
            let mut tx = self.begin().await?;
            let person = tx.person(person_id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
            check(actor, Action::KeepProfile, &Subject::Person { person: &person, now: self.now() })?;
            let photo = Photo {
                person_id,
                kind: kind.expect("checked"),
                taken_on,
                bytes,
                uploaded_by: actor.user_id().expect("only users upload"),
                uploaded_at: self.now(),
            };
            tx.save_photo(&photo).await?;
            let event = self.audit_event(
            actor,
            AuditAction::PhotoSaved,
            "person",
            Some(person_id.to_string()),
            &serde_json::json!({ "bytes": photo.bytes.len(), "taken_on": crate::domain::time::format_date(taken_on) }),
        );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// The person's photograph, if the actor may see the person. Viewing it is audited like any personal record.
    pub async fn photo(&self, actor: &Actor, person_id: PersonId) -> Result<Photo, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::PhotoRead, "person", &person_id), async {
            let mut tx = self.begin_read().await?;
            tx.person(person_id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
            let photo = tx.photo(person_id).await?.ok_or(CoreError::NotFound)?;
            let event = self.audit_event(
                actor,
                AuditAction::PhotoRead,
                "person",
                Some(person_id.to_string()),
                &serde_json::json!({}),
            );
            self.record_read(tx, event).await?;
            Ok(photo)
        })
        .await
    }
}
