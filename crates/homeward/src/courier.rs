//! The courier: delivers the outbox's notifications by email over SMTP (lettre) and by webhook, an HTTPS POST signed
//! with HMAC-SHA256 over the timestamp and the body, so the receiver knows it came from Homeward and is fresh.

use std::time::Duration;

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use homeward_core::domain::notification::{Event, WebhookUrl};
use homeward_core::ports::Courier;
use homeward_core::rules::notify::{email, webhook_body};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::Sha256;

/// How long each step of a delivery may take before it counts as failed (and is retried later).
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole delivery may take: well inside the 60 seconds after which another server takes the attempt to
/// have died and tries again.
const WHOLE: Duration = Duration::from_secs(20);

/// Email and webhook delivery as the settings configure it.
pub struct Post {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    sign_in_url: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for Post {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Post")
            .field("smtp", &self.smtp.is_some())
            .field("from", &self.from.to_string())
            .field("sign_in_url", &self.sign_in_url)
            .field("http", &self.http)
            .finish()
    }
}

impl Post {
    /// `smtp_url` is `smtp://host:port` (STARTTLS when offered) or `smtps://host:port`; none leaves email queued,
    /// failing each attempt with a clear reason until it is set.
    pub fn new(smtp_url: Option<&str>, from: &str, public_url: &str) -> Result<Self, String> {
        let smtp = smtp_url
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|builder| builder.timeout(Some(TIMEOUT)).build())
                    .map_err(|e| format!("smtp_url: {e}"))
            })
            .transpose()?;
        let from = from.parse::<Mailbox>().map_err(|e| format!("smtp_from: {e}"))?;
        let http = http_client()?;
        let sign_in_url = format!("{}/sign-in", public_url.trim_end_matches('/'));
        Ok(Self { smtp, from, sign_in_url, http })
    }
}

/// The HTTP client every webhook is called with: each step bounded in time, and redirects never followed (a
/// webhook's address was checked; where it redirects to was not).
pub fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot make an HTTP client: {e}"))
}

/// The signature a receiver checks: `sha256=` and the hex HMAC-SHA256, under the secret, of `TIMESTAMP.BODY`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[async_trait]
impl Courier for Post {
    async fn email(&self, to: &str, event: &Event) -> Result<(), String> {
        let smtp = self.smtp.as_ref().ok_or("no SMTP server is set (smtp_url / HOMEWARD_SMTP_URL)")?;
        let (subject, body) = email(event, &self.sign_in_url);
        let to = to.parse::<Mailbox>().map_err(|e| format!("the address is not one: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<{}@homeward>", event.delivery_id())))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("cannot build the message: {e}"))?;
        match tokio::time::timeout(WHOLE, smtp.send(message)).await {
            Ok(sent) => sent.map(drop).map_err(|e| format!("the SMTP server: {e}")),
            Err(_) => Err("the SMTP server took longer than 20 seconds".into()),
        }
    }

    async fn webhook(&self, url: &str, secret: &str, event: &Event) -> Result<(), String> {
        let url = WebhookUrl::parse(url).map_err(|e| format!("the webhook {e}"))?;
        let body = webhook_body(event);
        let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
        let answer = self
            .http
            .post(url.as_str())
            .header("content-type", "application/json")
            .header("x-homeward-delivery", event.delivery_id())
            .header("x-homeward-timestamp", timestamp.to_string())
            .header("x-homeward-signature", signature(secret, timestamp, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| format!("the webhook could not be reached: {}", e.without_url()))?;
        let status = answer.status();
        if status.is_success() { Ok(()) } else { Err(format!("the webhook answered {status}")) }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_and_body() {
        // RFC 4231 does not cover this framing; this is the value any HMAC-SHA256 library gives for it.
        let signed = super::signature("secret", 1_700_000_000, "{}");
        assert!(signed.starts_with("sha256=") && signed.len() == 7 + 64);
        assert_ne!(signed, super::signature("secret", 1_700_000_001, "{}"), "the timestamp is signed");
    }
}
