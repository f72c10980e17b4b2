//! Ofsted notifications (issue 17, item 6): a children's home's list of what it owes Ofsted about its residents
//! (prompted when one is reported missing or suspected of sexual exploitation, `crate::prompts`), and its record of
//! each notification made: when, and Ofsted's reference. Only the home that owes one sees it.

use crate::authz::{Action, Actions, Actor, Subject, actions, check, check_at_all};
use crate::domain::audit::AuditAction;
use crate::domain::ids::OfstedNotificationId;
use crate::domain::ofsted::{OfstedFilter, OfstedNotification, OfstedPaging};
use crate::domain::paging::{Cursor, Page};
use crate::domain::person::Person;
use crate::domain::text::{Reference, optional};
use crate::domain::time::Timestamp;
use crate::error::{CoreError, FieldErrors, StoreError};
use crate::ports::Tx;
use crate::rules::ofsted::check_notified_at;

use super::Core;

/// A notification as the home sees it: the child it is about (when still in the home's sight) and what the home may
/// do with it now.
#[derive(Debug, Clone)]
pub struct OfstedView {
    pub notification: OfstedNotification,
    pub person: Option<Person>,
    pub actions: Actions,
}

pub type OfstedViewPage = Page<OfstedView, Timestamp, OfstedNotificationId>;

/// What the home recorded, as submitted.
#[derive(Debug, Clone, Default)]
pub struct OfstedInput {
    pub notified_at: Option<String>,
    pub reference: Option<String>,
}

/// What the home recorded, parsed: when it told Ofsted, and Ofsted's reference if it gave one.
#[derive(Debug, Clone)]
pub struct NewOfstedNotification {
    pub notified_at: Timestamp,
    pub reference: Option<Reference>,
}

impl NewOfstedNotification {
    pub fn parse(input: &OfstedInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let notified_at = match input.notified_at.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => {
                errors.add("notified_at", "enter when Ofsted was told");
                None
            }
            Some(text) => errors.check("notified_at", Timestamp::parse_rfc3339(text)),
        };
        let reference = errors.check("reference", optional(input.reference.as_deref(), Reference::parse)).flatten();
        errors.into_result()?;
        Ok(Self { notified_at: notified_at.expect("checked"), reference })
    }
}

/// The notification, if the actor's agency owes it; otherwise not found, as if it did not exist.
async fn owed(tx: &mut dyn Tx, actor: &Actor, id: OfstedNotificationId) -> Result<OfstedNotification, CoreError> {
    let notification = tx.ofsted_notification(id).await?.filter(|n| actor.agency_id() == Some(n.home_agency_id));
    notification.ok_or(CoreError::NotFound)
}

/// Each notification with its child (those the actor's agency still sees) and its actions.
async fn views(
    tx: &mut dyn Tx,
    actor: &Actor,
    notifications: Vec<OfstedNotification>,
) -> Result<Vec<OfstedView>, CoreError> {
    let ids: Vec<_> = notifications.iter().map(|n| n.person_id).collect();
    let people = tx.people_in_scope(&ids, actor.case_scope()).await?;
    Ok(notifications
        .into_iter()
        .map(|notification| {
            let person = people.iter().find(|p| p.id == notification.person_id).cloned();
            let actions = actions(actor, &Subject::OfstedNotification(&notification));
            OfstedView { notification, person, actions }
        })
        .collect())
}

impl Core {
    /// A page of the notifications the actor's home owes Ofsted, oldest prompt first: only those not yet recorded
    /// when `filter` says. The read is audited with the ids.
    pub async fn ofsted_notifications(
        &self,
        actor: &Actor,
        filter: OfstedFilter,
        paging: &OfstedPaging,
    ) -> Result<OfstedViewPage, CoreError> {
        let attempt = super::Attempt::list(AuditAction::OfstedNotificationsListed, "ofsted_notification");
        self.attempt(actor, attempt, async {
            actor.case_records()?;
            check_at_all(actor, Action::RecordOfstedNotification)?;
            let home = actor.agency_id().expect("the table grants this to a home's staff only");
            let mut tx = self.begin_read().await?;
            let found = tx.ofsted_notifications_of(home, filter, &paging.one_more()).await?;
            let Page { items, next } = Page::cut(found, paging, |n| Cursor { key: n.prompted_at, id: n.id });
            let ids: Vec<String> = items.iter().map(|n| n.id.to_string()).collect();
            let details = serde_json::json!({ "ids": ids });
            let event =
                self.audit_event(actor, AuditAction::OfstedNotificationsListed, "ofsted_notification", None, &details);
            let items = views(tx.as_mut(), actor, items).await?;
            self.record_read(tx, event).await?;
            Ok(Page { items, next })
        })
        .await
    }

    /// One notification the actor's home owes.
    pub async fn ofsted_notification(&self, actor: &Actor, id: OfstedNotificationId) -> Result<OfstedView, CoreError> {
        let attempt = super::Attempt::on(AuditAction::OfstedNotificationsListed, "ofsted_notification", &id);
        self.attempt(actor, attempt, async {
            actor.case_records()?;
            check_at_all(actor, Action::RecordOfstedNotification)?;
            let mut tx = self.begin_read().await?;
            let notification = owed(tx.as_mut(), actor, id).await?;
            let event = self.audit_event(
                actor,
                AuditAction::OfstedNotificationsListed,
                "ofsted_notification",
                Some(id.to_string()),
                &serde_json::json!({}),
            );
            let mut shown = views(tx.as_mut(), actor, vec![notification]).await?;
            self.record_read(tx, event).await?;
            Ok(shown.remove(0))
        })
        .await
    }

    /// Records that the home told Ofsted, when, and Ofsted's reference: once.
    pub async fn record_ofsted_notification(
        &self,
        actor: &Actor,
        id: OfstedNotificationId,
        new: NewOfstedNotification,
    ) -> Result<OfstedView, CoreError> {
        let attempt = super::Attempt::on(AuditAction::OfstedNotificationRecorded, "ofsted_notification", &id);
        self.attempt(actor, attempt, async {
            actor.case_records()?;
            check_at_all(actor, Action::RecordOfstedNotification)?;
            let user = actor.user_id().expect("the table grants this to a home's staff, never operators");
            let mut tx = self.begin().await?;
            let mut notification = owed(tx.as_mut(), actor, id).await?;
            check(actor, Action::RecordOfstedNotification, &Subject::OfstedNotification(&notification))?;
            let now = self.now();
            let episode =
                tx.episode(notification.episode_id, crate::authz::Scope::All).await?.ok_or(CoreError::NotFound)?;
            check_notified_at(new.notified_at, episode.went_missing_at, now)?;
            notification.notified_at = Some(new.notified_at);
            notification.reference = new.reference;
            notification.recorded_by = Some(user);
            notification.recorded_at = Some(now);
            tx.record_ofsted_notification(&notification).await.map_err(|e| match e {
                StoreError::Constraint { .. } => CoreError::Rule {
                    code: "already_recorded",
                    message: "this notification to Ofsted has already been recorded".into(),
                    field: None,
                },
                other => other.into(),
            })?;
            let details = serde_json::json!({
                "episode_id": notification.episode_id.to_string(),
                "cause": notification.cause.as_str(),
            });
            let event = self.audit_event(
                actor,
                AuditAction::OfstedNotificationRecorded,
                "ofsted_notification",
                Some(id.to_string()),
                &details,
            );
            tx.append_audit(event).await?;
            let mut shown = views(tx.as_mut(), actor, vec![notification]).await?;
            tx.commit().await?;
            Ok(shown.remove(0))
        })
        .await
    }
}
