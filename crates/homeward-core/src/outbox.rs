//! Raising alerts: every alert is raised here, in the caller's transaction, with the notifications it sends queued in
//! the outbox in that same transaction, so a notification is never lost nor sent for an alert that was rolled back.
//! The daily digest is queued here too, by the scheduler.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use crate::authz;
use crate::domain::alert::{Alert, AlertKind};
use crate::domain::ids::{AgencyId, NotificationId};
use crate::domain::notification::{AgencyChannels, Channel, DigestEvent, Event, Notification};
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::digest;
use crate::rules::notify::event;

/// Raises each alert unless the same one was raised before, and queues the notifications of those it raised;
/// answers those.
pub(crate) async fn raise(tx: &mut dyn Tx, alerts: Vec<Alert>, now: Timestamp) -> Result<Vec<Alert>, CoreError> {
    let mut raised = Vec::new();
    for alert in alerts {
        if tx.raise_alert(&alert).await? {
            raised.push(alert);
        }
    }
    enqueue(tx, &raised, now).await?;
    Ok(raised)
}

/// Queues the notifications of alerts just raised: the agency's duty inbox and webhook, and the users who chose
/// the kind. Answers how many were queued.
async fn enqueue(tx: &mut dyn Tx, alerts: &[Alert], now: Timestamp) -> Result<u64, CoreError> {
    let mut agencies: HashMap<AgencyId, (String, AgencyChannels)> = HashMap::new();
    let mut subscribers: HashMap<(AgencyId, AlertKind), Vec<String>> = HashMap::new();
    let mut queued = Vec::new();
    for alert in alerts {
        if let Entry::Vacant(slot) = agencies.entry(alert.agency_id) {
            let code = tx.agency(alert.agency_id).await?.map(|a| a.code.as_str().to_owned()).unwrap_or_default();
            slot.insert((code, tx.agency_channels(alert.agency_id).await?));
        }
        let key = (alert.agency_id, alert.kind);
        if let Entry::Vacant(slot) = subscribers.entry(key) {
            let emails = tx.alert_subscribers(alert.agency_id, alert.kind).await?;
            slot.insert(emails.iter().map(|e| e.as_str().to_owned()).collect());
        }
        let (code, channels) = &agencies[&alert.agency_id];
        let mut recipients: Vec<(Channel, String)> = Vec::new();
        recipients.extend(channels.duty_email.iter().map(|e| (Channel::Email, e.as_str().to_owned())));
        recipients.extend(subscribers[&key].iter().map(|e| (Channel::Email, e.clone())));
        recipients.extend(channels.webhook.iter().map(|w| (Channel::Webhook, w.url.as_str().to_owned())));
        recipients.sort();
        recipients.dedup();
        for (channel, recipient) in recipients {
            let delivery_id = format!("{}-{}-{}", alert.id, channel.as_str(), hash(&recipient));
            queued.push(queue(alert.agency_id, channel, recipient, event(alert, code, delivery_id), now));
        }
    }
    Ok(tx.enqueue_notifications(&queued).await?)
}

/// Queues the day's digest for everyone who chose it and may have it, once a day per agency from its time
/// ([`digest::due_day`]), whichever scheduler gets there first; answers how many were queued. An agency whose first
/// subscriber chooses it after the day's digest went to the others gets it at the next tick; one that has had the
/// day's digest sends the newcomer theirs the next morning.
pub(crate) async fn queue_digest(tx: &mut dyn Tx, now: Timestamp) -> Result<usize, CoreError> {
    let Some(day) = digest::due_day(now) else { return Ok(0) };
    let mut by_agency: BTreeMap<AgencyId, Vec<String>> = BTreeMap::new();
    for (agency, role, email) in tx.digest_subscribers().await? {
        if authz::may_receive_digest(role) {
            by_agency.entry(agency).or_default().push(email.as_str().to_owned());
        }
    }
    let window = digest::window(day, now);
    let mut queued = Vec::new();
    for (agency, recipients) in by_agency {
        if !tx.claim_digest_day(day, agency, now).await? {
            continue;
        }
        let code = tx.agency(agency).await?.map(|a| a.code.as_str().to_owned()).unwrap_or_default();
        let lines = tx.alert_digest(agency, window).await?;
        for recipient in recipients {
            let delivery_id = format!("digest-{code}-{day}-{}", hash(&recipient));
            let event = Event::Digest(DigestEvent {
                delivery_id,
                agency: code.clone(),
                day: day.to_string(),
                lines: lines.clone(),
            });
            queued.push(queue(agency, Channel::Email, recipient, event, now));
        }
    }
    tx.enqueue_notifications(&queued).await?;
    Ok(queued.len())
}

/// A notification to attempt at once.
fn queue(agency_id: AgencyId, channel: Channel, recipient: String, event: Event, now: Timestamp) -> Notification {
    Notification {
        id: NotificationId::random(),
        agency_id,
        channel,
        recipient,
        event,
        created_at: now,
        attempts: 0,
        next_attempt_at: now,
        delivered_at: None,
        gave_up_at: None,
        last_error: None,
    }
}

/// A short, stable stand-in for a recipient in a delivery id, which receivers see.
fn hash(recipient: &str) -> String {
    hex::encode(&Sha256::digest(recipient.as_bytes())[..6])
}
