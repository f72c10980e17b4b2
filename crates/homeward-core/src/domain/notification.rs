//! Notifications that leave Homeward: an agency's duty inbox and its own systems' webhook, and the emails users
//! choose, each written to an outbox in the same transaction as its alert and delivered from there.

use super::code_enum;
use super::ids::{AgencyId, AlertId, EpisodeId};
use super::time::Timestamp;
use super::user::Email;

code_enum! {
    /// How a notification leaves Homeward.
    pub enum Channel {
        Email => "email",
        Webhook => "webhook",
    }
}

/// A webhook an agency registers for its own systems (a force's command-and-control, a council's case system).
#[derive(Clone, PartialEq, Eq)]
pub struct Webhook {
    pub url: WebhookUrl,
    /// The shared secret each delivery is signed with (HMAC-SHA256).
    pub secret: String,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook").field("url", &self.url).field("secret", &"..").finish()
    }
}

/// Where an agency's notifications go.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgencyChannels {
    pub duty_email: Option<Email>,
    pub webhook: Option<Webhook>,
}

/// A webhook's address: `https://`, or `http://` to a loopback address only (for tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be an https:// address (http:// only to 127.0.0.1, ::1 or localhost)")]
pub struct InvalidWebhookUrl;

impl WebhookUrl {
    pub fn parse(text: &str) -> Result<Self, InvalidWebhookUrl> {
        let text = text.trim();
        let (scheme, rest) = text.split_once("://").ok_or(InvalidWebhookUrl)?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        let host = if host.starts_with('[') {
            host.split_once(']').map_or(host, |(h, _)| h).trim_start_matches('[')
        } else {
            host.split(':').next().unwrap_or_default()
        };
        let loopback = matches!(host, "127.0.0.1" | "::1" | "localhost");
        let fine = match scheme.to_ascii_lowercase().as_str() {
            "https" => !host.is_empty(),
            "http" => loopback,
            _ => false,
        };
        if fine && !text.chars().any(char::is_whitespace) { Ok(Self(text.to_owned())) } else { Err(InvalidWebhookUrl) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a notification says: about an alert, never about a person. It carries ids, the kind of alert and the agency,
/// and a link to sign in; no names, dates of birth or circumstances (GOV.UK Notify's guidance for email about
/// vulnerable people).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AlertEvent {
    /// Unique per alert, channel and recipient: a receiver that sees it twice drops the second.
    pub delivery_id: String,
    pub alert_id: AlertId,
    pub kind: super::alert::AlertKind,
    pub agency: String,
    /// The episode, or none for an alert about a placement.
    pub episode_id: Option<EpisodeId>,
    pub raised_at: String,
}

/// A notification in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: super::ids::NotificationId,
    pub agency_id: AgencyId,
    pub channel: Channel,
    /// An email address, or a webhook's URL.
    pub recipient: String,
    pub event: AlertEvent,
    pub created_at: Timestamp,
    /// Delivery attempts begun so far.
    pub attempts: i64,
    /// When the next attempt may begin; while an attempt is under way, when it is taken to have died.
    pub next_attempt_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub gave_up_at: Option<Timestamp>,
    /// Why the latest attempt failed: the server's answer, never the message.
    pub last_error: Option<String>,
}

/// A page of an agency's notifications given up on: oldest first, ties by id.
pub type NotificationPaging = super::paging::Paging<Timestamp, super::ids::NotificationId>;
pub type NotificationPage = super::paging::Page<Notification, Timestamp, super::ids::NotificationId>;
