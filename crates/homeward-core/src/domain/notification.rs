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
#[error("must be an https:// address without a user name or password (http:// only to 127.0.0.1, ::1 or localhost)")]
pub struct InvalidWebhookUrl;

impl WebhookUrl {
    /// Parsed by the same URL standard the HTTP client follows, so what is checked is where the POST goes: `https`
    /// with a host, or `http` to a loopback address; never a user name or password in the address.
    pub fn parse(text: &str) -> Result<Self, InvalidWebhookUrl> {
        let url = url::Url::parse(text.trim()).map_err(|_| InvalidWebhookUrl)?;
        let loopback = match url.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        let fine = match url.scheme() {
            "https" => url.host().is_some(),
            "http" => loopback,
            _ => false,
        };
        if fine && url.username().is_empty() && url.password().is_none() {
            Ok(Self(url.to_string()))
        } else {
            Err(InvalidWebhookUrl)
        }
    }

    /// The scheme and host, for the audit log: a webhook's path can itself be a credential.
    pub fn origin(&self) -> String {
        url::Url::parse(&self.0).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
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
    /// The episode, or none for an alert about a placement or another record.
    pub episode_id: Option<EpisodeId>,
    /// The other record it is about (`Alert::record`): its kind and id, ids only. Absent for the rest, and in
    /// events queued before it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    pub raised_at: String,
}

/// How many of an agency's alerts of one kind were open, overdue and closed, for its daily digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DigestLine {
    pub kind: super::alert::AlertKind,
    /// Open now.
    pub open: i64,
    /// Of those open, how many have waited longer than a day (`crate::rules::digest::OVERDUE_AFTER`).
    pub overdue: i64,
    /// Closed in the day before the digest, by someone or by Homeward.
    pub closed: i64,
}

/// The daily digest of an agency's alerts for its senior managers and missing persons coordinators: counts by
/// kind and nothing else, no names, no record ids.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DigestEvent {
    /// Unique per agency, day and recipient.
    pub delivery_id: String,
    pub agency: String,
    /// The London day it is for, `YYYY-MM-DD`.
    pub day: String,
    /// Kinds with anything to count, in the kinds' order.
    pub lines: Vec<DigestLine>,
}

/// What a notification carries: an alert just raised, or an agency's daily digest. Stored as the JSON of either;
/// each has required fields the other lacks (`alert_id`, `day`), so each reads back as what it was.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Event {
    Alert(AlertEvent),
    Digest(DigestEvent),
}

impl Event {
    pub fn delivery_id(&self) -> &str {
        match self {
            Event::Alert(event) => &event.delivery_id,
            Event::Digest(event) => &event.delivery_id,
        }
    }

    /// The agency's code.
    pub fn agency(&self) -> &str {
        match self {
            Event::Alert(event) => &event.agency,
            Event::Digest(event) => &event.agency,
        }
    }
}

/// A notification in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: super::ids::NotificationId,
    pub agency_id: AgencyId,
    pub channel: Channel,
    /// An email address, or a webhook's URL.
    pub recipient: String,
    pub event: Event,
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

#[cfg(test)]
mod tests {
    use super::WebhookUrl;

    #[test]
    fn a_webhook_goes_where_its_address_says_over_https_or_to_loopback_only() {
        for fine in
            ["https://cad.force.example/hook", "http://127.0.0.1:8080/x", "http://localhost/x", "http://[::1]/x"]
        {
            assert!(WebhookUrl::parse(fine).is_ok(), "{fine}");
        }
        for refused in [
            "http://example.org/x",
            "http://169.254.169.254\\@localhost/",
            "http://127.0.0.1.example.org/x",
            "https://user:secret@cad.force.example/hook",
            "ftp://cad.force.example/",
            "https://",
            "not a url",
        ] {
            assert!(WebhookUrl::parse(refused).is_err(), "{refused}");
        }
        assert_eq!(
            WebhookUrl::parse("https://cad.force.example/t0k3n").expect("ok").origin(),
            "https://cad.force.example"
        );
    }
}
