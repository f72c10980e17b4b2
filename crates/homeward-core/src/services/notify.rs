//! Notifications out of Homeward, from the outbox `crate::outbox` fills as alerts are raised: a courier delivers
//! them at least once, retrying with backoff, and those it gives up on are shown to the agency's admin; operators
//! say where an agency's go, and each user which kinds reach them.

use crate::authz::Actor;
use crate::domain::agency::AgencyCode;
use crate::domain::alert::AlertKind;
use crate::domain::audit::AuditAction;
use crate::domain::notification::{AgencyChannels, Channel, Notification, NotificationPage, NotificationPaging};
use crate::domain::paging::{Cursor, Page};
use crate::error::CoreError;
use crate::ports::Courier;
use crate::rules::notify::{ATTEMPT_LEASE, MAX_ATTEMPTS, backoff};

use super::Core;

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub delivered: usize,
    pub failed: usize,
    pub given_up: usize,
}

impl Core {
    /// Attempts up to `limit` notifications that are due, each once, recording how each went. They go
    /// [`SEND_TOGETHER`] at a time, emails and webhooks in groups of their own: claimed in one transaction, sent side
    /// by side, settled in one transaction, so a burst of alerts costs two commits per group rather than two per
    /// message. A group waits for its slowest send (the courier caps each well inside the claim's
    /// [`ATTEMPT_LEASE`]), so a hanging webhook slows the webhooks' groups, never the emails'.
    pub async fn deliver_due(&self, courier: &dyn Courier, limit: u32) -> Result<DeliveryReport, CoreError> {
        let mut tx = self.begin_read().await?;
        let mut due = tx.notifications_due(self.now(), limit).await?;
        tx.commit().await?;
        // Stable: each channel's notifications stay soonest first.
        due.sort_by_key(|n| n.channel);
        let groups = due.chunk_by(|a, b| a.channel == b.channel).flat_map(|same| same.chunks(SEND_TOGETHER));
        let mut report = DeliveryReport::default();
        for group in groups {
            let mut tx = self.begin().await?;
            let mut claimed = Vec::with_capacity(group.len());
            for notification in group {
                if !tx.claim_notification(notification, self.now().plus(ATTEMPT_LEASE)).await? {
                    continue;
                }
                let secret = match notification.channel {
                    Channel::Webhook => tx.agency_channels(notification.agency_id).await?.webhook.map(|w| w.secret),
                    Channel::Email => None,
                };
                claimed.push((notification, secret));
            }
            tx.commit().await?;
            let sends = claimed.iter().map(|(notification, secret)| send(courier, notification, secret.as_deref()));
            let results = futures_util::future::join_all(sends).await;
            let now = self.now();
            let mut tx = self.begin().await?;
            for ((notification, _), sent) in claimed.into_iter().zip(results) {
                tx.settle_notification(&settle(notification.clone(), sent, now, &mut report)).await?;
            }
            tx.commit().await?;
        }
        Ok(report)
    }

    /// Changes where an agency's notifications go (operators only): `change` is given the channels in force and
    /// answers the new ones, which are returned.
    pub async fn set_agency_channels(
        &self,
        actor: &Actor,
        code: &AgencyCode,
        change: impl FnOnce(AgencyChannels) -> AgencyChannels + Send,
    ) -> Result<AgencyChannels, CoreError> {
        actor.require_operator("only the service's operators say where an agency's notifications go")?;
        let mut tx = self.begin().await?;
        let agency =
            tx.agency_by_code(code).await?.ok_or_else(|| CoreError::invalid("code", "no agency has that code"))?;
        let channels = change(tx.agency_channels(agency.id).await?);
        tx.set_agency_channels(agency.id, &channels).await?;
        let details = serde_json::json!({
            "duty_email": channels.duty_email.is_some(),
            "webhook": channels.webhook.as_ref().map(|w| w.url.origin()),
        });
        let event =
            self.audit_event(actor, AuditAction::AgencyChannelsSet, "agency", Some(agency.id.to_string()), &details);
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(channels)
    }

    /// The actor's agency's notifications Homeward gave up delivering, for its admin to put right.
    pub async fn given_up_notifications(
        &self,
        actor: &Actor,
        paging: &NotificationPaging,
    ) -> Result<NotificationPage, CoreError> {
        let agency = actor.agency_id().ok_or(CoreError::Forbidden("an operator reads the outbox in the database"))?;
        actor.require_user_manager_of(agency)?;
        let mut tx = self.begin_read().await?;
        let found = tx.given_up_notifications(agency, Some(&paging.one_more())).await?;
        Ok(Page::cut(found, paging, |n| Cursor { key: n.gave_up_at.unwrap_or(n.created_at), id: n.id }))
    }

    /// The kinds of alert the actor receives by email.
    pub async fn alert_subscriptions(&self, actor: &Actor) -> Result<Vec<AlertKind>, CoreError> {
        let user = subscriber(actor)?;
        let mut tx = self.begin_read().await?;
        let kinds = tx.alert_subscriptions(user).await?;
        Ok(kinds)
    }

    /// Replaces the kinds of alert the actor receives by email.
    pub async fn set_alert_subscriptions(
        &self,
        actor: &Actor,
        kinds: &[AlertKind],
    ) -> Result<Vec<AlertKind>, CoreError> {
        let user = subscriber(actor)?;
        let mut kinds = kinds.to_vec();
        kinds.sort();
        kinds.dedup();
        let mut tx = self.begin().await?;
        tx.set_alert_subscriptions(user, &kinds).await?;
        let details = serde_json::json!({ "kinds": kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>() });
        let event =
            self.audit_event(actor, AuditAction::AlertSubscriptionsSet, "user", Some(user.to_string()), &details);
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(kinds)
    }
}

impl Core {
    /// Whether the actor receives the daily digest of their agency's alerts.
    pub async fn digest_chosen(&self, actor: &Actor) -> Result<bool, CoreError> {
        let user = subscriber(actor)?;
        let mut tx = self.begin_read().await?;
        let chosen = tx.digest_subscribed(user).await?;
        tx.commit().await?;
        Ok(chosen)
    }

    /// Starts or stops the daily digest for the actor: for a council's senior managers and a force's missing persons
    /// coordinators (police supervisors) only.
    pub async fn choose_digest(&self, actor: &Actor, chosen: bool) -> Result<bool, CoreError> {
        let user = subscriber(actor)?;
        if chosen && !actor.may_receive_digest() {
            return Err(CoreError::Forbidden(crate::authz::Action::ReceiveDigest.refusal()));
        }
        let mut tx = self.begin().await?;
        tx.set_digest_subscription(user, chosen).await?;
        let details = serde_json::json!({ "daily_digest": chosen });
        let event =
            self.audit_event(actor, AuditAction::AlertSubscriptionsSet, "user", Some(user.to_string()), &details);
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(chosen)
    }
}

/// How many notifications are claimed, sent side by side and settled together.
pub const SEND_TOGETHER: usize = 16;

/// One attempt at one notification.
async fn send(courier: &dyn Courier, notification: &Notification, secret: Option<&str>) -> Result<(), String> {
    match (notification.channel, secret) {
        (Channel::Email, _) => courier.email(&notification.recipient, &notification.event).await,
        (Channel::Webhook, Some(secret)) => courier.webhook(&notification.recipient, secret, &notification.event).await,
        (Channel::Webhook, None) => Err("the agency no longer has a webhook".to_owned()),
    }
}

/// The notification as the attempt left it: delivered, to be tried again after its backoff, or given up.
fn settle(
    notification: Notification,
    sent: Result<(), String>,
    now: crate::domain::time::Timestamp,
    report: &mut DeliveryReport,
) -> Notification {
    let mut settled = Notification { attempts: notification.attempts + 1, ..notification };
    match sent {
        Ok(()) => {
            settled.delivered_at = Some(now);
            settled.last_error = None;
            report.delivered += 1;
        }
        Err(error) => {
            // The error stays in the outbox for the admin; a server's answer can name the address it was for.
            tracing::warn!(channel = settled.channel.as_str(), attempts = settled.attempts, "delivery failed");
            settled.last_error = Some(error);
            if settled.attempts >= MAX_ATTEMPTS {
                settled.gave_up_at = Some(now);
                report.given_up += 1;
            } else {
                settled.next_attempt_at = now.plus(backoff(settled.attempts));
                report.failed += 1;
            }
        }
    }
    settled
}

/// Only those who work alerts choose which reach them.
fn subscriber(actor: &Actor) -> Result<crate::domain::ids::UserId, CoreError> {
    crate::authz::check_at_all(actor, crate::authz::Action::AcknowledgeAlert)?;
    actor.user_id().ok_or(CoreError::Forbidden("operators receive no alerts"))
}
