//! Counting sign-in attempts before anything is checked (issue 16, item 1): one counter per account, keyed by an
//! HMAC of the normalised email under the deployment key (whether or not anyone has that email, so a lock-out
//! tells nothing), and one per source, keyed by an HMAC of the client address. Each attempt is counted in its own
//! short transaction holding the counters' rows, so a hundred guesses sent at once are counted one by one and all
//! but the allowed few refused unchecked; a successful step un-counts its attempt.

use std::net::IpAddr;

use crate::authz::Actor;
use crate::domain::audit::{AuditAction, NewAuditEvent};
use crate::domain::user::Email;
use crate::error::CoreError;
use crate::rules::sessions::{ACCOUNT_LIMIT, AttemptLimit, AttemptVerdict, SOURCE_LIMIT};

use crate::services::Core;

/// The counters one attempt is counted against.
#[derive(Debug, Clone)]
pub struct AttemptKeys {
    /// The HMAC of the normalised email: also what failures are audited against.
    pub identifier: String,
    account: String,
    source: Option<String>,
}

impl AttemptKeys {
    /// Each counter, and whether it is the account's (cleared by a sign-in) rather than the source's.
    pub(super) fn counted(&self) -> impl Iterator<Item = (&str, bool)> {
        self.limits().map(|(key, _)| (key, key == self.account))
    }

    fn limits(&self) -> impl Iterator<Item = (&str, AttemptLimit)> {
        // The source first: when it is locked out, the account is not counted.
        self.source.iter().map(|key| (key.as_str(), SOURCE_LIMIT)).chain([(self.account.as_str(), ACCOUNT_LIMIT)])
    }
}

/// The answer to a refused attempt, the same whether or not the email is anyone's.
pub(super) fn too_many_attempts() -> CoreError {
    CoreError::Rule {
        code: "sign_in_locked",
        message: "There have been too many attempts to sign in. Wait a few minutes and try again, or ask your \
                  agency's administrator"
            .into(),
        field: Some("email"),
    }
}

impl Core {
    /// An audit event about someone not yet signed in.
    pub(super) fn anonymous_event(
        &self,
        request_id: Option<String>,
        action: AuditAction,
        target: (&'static str, String),
        details: &serde_json::Value,
    ) -> NewAuditEvent {
        let actor = Actor::operator("sign-in").with_request_id(request_id.unwrap_or_default());
        let mut event = self.audit_event(&actor, action, target.0, Some(target.1), details);
        event.actor_role = "anonymous".into();
        event
    }

    /// The keyed identifier of an email as typed (trimmed, lower case): what sign-in failures are audited against,
    /// so the log cannot confirm a guessed address without the deployment key.
    pub fn sign_in_identifier(&self, email: &str) -> String {
        self.key().mac_hex("sign-in-identifier", email.trim().to_lowercase().as_bytes())
    }

    pub(super) fn attempt_keys(&self, email: &str, source: Option<IpAddr>) -> AttemptKeys {
        let identifier = self.sign_in_identifier(email);
        AttemptKeys {
            account: format!("account:{identifier}"),
            source: source.map(|ip| {
                let counted = crate::rules::sessions::counted_source(ip);
                format!("source:{}", self.key().mac_hex("sign-in-source", counted.as_bytes()))
            }),
            identifier,
        }
    }

    /// Counts an attempt before it is checked; refuses it (audited) when the account or source is locked out.
    pub(super) async fn count_attempt(&self, keys: &AttemptKeys, request_id: Option<String>) -> Result<(), CoreError> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let mut refused = None;
        for (key, limit) in keys.limits() {
            let count = tx.sign_in_counter(key, now).await?;
            let (verdict, next) = limit.attempt(count, now);
            tx.set_sign_in_counter(key, &next).await?;
            if let AttemptVerdict::Refused { until } = verdict {
                refused = Some((if key.starts_with("source:") { "source" } else { "account" }, until));
                break;
            }
        }
        if let Some((by, until)) = refused {
            let event = self.anonymous_event(
                request_id,
                AuditAction::SignInRefused,
                ("email", keys.identifier.clone()),
                &serde_json::json!({ "locked_by": by, "locked_until": until.to_rfc3339() }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            return Err(too_many_attempts());
        }
        tx.commit().await?;
        Ok(())
    }

    /// Un-counts an attempt that passed a step (the password, before the second factor): it was no failure.
    pub(super) async fn attempt_passed(&self, keys: &AttemptKeys) -> Result<(), CoreError> {
        let now = self.now();
        let mut tx = self.begin().await?;
        for (key, _) in keys.limits() {
            let count = tx.sign_in_counter(key, now).await?;
            tx.set_sign_in_counter(key, &count.succeeded()).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Lifts a lock-out of the account with this email (an agency admin for their own users, or an operator).
    pub async fn unlock_sign_in(&self, actor: &Actor, email: &Email) -> Result<bool, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::SignInUnlocked, "user"), async {
            let mut tx = self.begin().await?;
            let user = managed_user(tx.as_mut(), actor, email).await?;
            let keys = self.attempt_keys(email.as_str(), None);
            let was_counted = tx.clear_sign_in_counter(&keys.account).await?;
            let event = self.audit_event(
                actor,
                AuditAction::SignInUnlocked,
                "user",
                Some(user.id.to_string()),
                &serde_json::json!({ "was_counted": was_counted }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(was_counted)
        })
        .await
    }
}

/// The user with this email whom the actor manages. To an agency's admin, a user of another agency and an email no
/// one has are the same "not found", so the answer never says whether an email belongs to anyone; an operator is
/// told plainly.
pub(super) async fn managed_user(
    tx: &mut dyn crate::ports::Tx,
    actor: &Actor,
    email: &Email,
) -> Result<crate::domain::user::User, CoreError> {
    let user = tx.user_by_email(email).await?;
    match user {
        Some(user) if actor.require_user_manager_of(user.agency_id).is_ok() => Ok(user),
        None if matches!(actor.identity, crate::authz::Identity::Operator { .. }) => {
            Err(CoreError::invalid("email", "no user has that email"))
        }
        _ => Err(CoreError::NotFound),
    }
}
