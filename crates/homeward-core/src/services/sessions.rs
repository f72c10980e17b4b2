//! Browser sessions: signing in with email and password, finding the signed-in user of a request, signing out.
//! Failed sign-ins are audited against a hash of the email tried (so the log holds no address that was never a
//! user's) and slow down the next attempts for that email.

use sha2::{Digest, Sha256};
use time::Duration;

use crate::authz::Actor;
use crate::domain::agency::Agency;
use crate::domain::audit::AuditAction;
use crate::domain::credentials::{PasswordHash, Session, SessionSecret};
use crate::domain::ids::SessionId;
use crate::domain::user::{Email, User};
use crate::error::CoreError;
use crate::rules::sessions::{FAILURE_WINDOW, TOUCH_EVERY, sign_in_delay};

use super::Core;

/// A new session: the cookie's secret (shown once, to the browser) and who signed in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub secret: SessionSecret,
    pub session: Session,
    pub current: CurrentUser,
}

/// The signed-in user of a request, with what pages show of them.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub actor: Actor,
    pub user: User,
    pub agency: Agency,
    pub session_id: SessionId,
}

/// A failed sign-in, and how long to hold the answer.
#[derive(Debug)]
pub struct SignInFailed {
    pub delay: Duration,
    pub error: CoreError,
}

fn email_fingerprint(email: &str) -> String {
    hex::encode(Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

impl Core {
    /// Signs in. Every failure answers the same, whether or not the email belongs to anyone. `replacing` is the
    /// browser's current session, if any, which ends: a sign-in always starts a fresh session.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        request_id: Option<String>,
        replacing: Option<&SessionSecret>,
    ) -> Result<(SignedIn, Duration), SignInFailed> {
        let fingerprint = email_fingerprint(email);
        let fail = |delay, error| SignInFailed { delay, error };
        let mut tx = self.begin().await.map_err(|e| fail(Duration::ZERO, e))?;
        let now = self.now();
        let failures = tx
            .count_audit_events(AuditAction::SignInFailed, &fingerprint, now.plus(-FAILURE_WINDOW))
            .await
            .map_err(|e| fail(Duration::ZERO, e.into()))?;
        let delay = sign_in_delay(failures);
        let user = match Email::parse(email) {
            Ok(email) => tx.user_by_email(&email).await.map_err(|e| fail(delay, e.into()))?,
            Err(_) => None,
        };
        let verified = if let Some(user) = &user {
            user.active && user.password_hash.verify(password)
        } else {
            // Spend the same time as a real check, so timing does not reveal whether the email is a user's.
            PasswordHash::verify_nothing(password);
            false
        };
        let agency = match &user {
            Some(user) if verified => tx.agency(user.agency_id).await.map_err(|e| fail(delay, e.into()))?,
            _ => None,
        };
        let (Some(user), Some(agency)) = (user.filter(|_| verified), agency) else {
            let mut event = self.audit_event(
                &Actor::operator("sign-in").with_request_id(request_id.unwrap_or_default()),
                AuditAction::SignInFailed,
                "email",
                Some(fingerprint),
                &serde_json::json!({ "recent_failures": failures + 1 }),
            );
            event.actor_role = "anonymous".into();
            tx.append_audit(event).await.map_err(|e| fail(delay, e.into()))?;
            tx.commit().await.map_err(|e| fail(delay, e.into()))?;
            return Err(fail(
                delay,
                CoreError::Rule {
                    code: "sign_in_failed",
                    message: "Enter a correct email address and password".into(),
                    field: Some("email"),
                },
            ));
        };
        let old = match replacing {
            Some(old) => tx.session_by_hash(&old.hash()).await.map_err(|e| fail(delay, e.into()))?,
            None => None,
        };
        if let Some(old) = old {
            tx.delete_session(old.id).await.map_err(|e| fail(delay, e.into()))?;
        }
        let secret = SessionSecret::generate();
        let session = Session {
            id: SessionId::random(),
            user_id: user.id,
            hash: secret.hash(),
            created_at: now,
            last_seen_at: now,
        };
        tx.insert_session(&session).await.map_err(|e| fail(delay, e.into()))?;
        let mut actor = Actor::user(user.id, agency.id, agency.kind, user.role);
        actor.request_id = request_id;
        let event = self.audit_event(
            &actor,
            AuditAction::SignedIn,
            "session",
            Some(session.id.to_string()),
            &serde_json::json!({}),
        );
        tx.append_audit(event).await.map_err(|e| fail(delay, e.into()))?;
        tx.commit().await.map_err(|e| fail(delay, e.into()))?;
        let current = CurrentUser { actor, user, agency, session_id: session.id };
        Ok((SignedIn { secret, session, current }, delay))
    }

    /// The user signed in with this session secret, if the session is live. Checked on a read transaction, which
    /// never waits for the writer; the activity is written only when the recorded one is a minute old or more, so
    /// the idle timeout runs from the latest request without a write on every request.
    pub async fn current_user(&self, secret: &SessionSecret) -> Result<CurrentUser, CoreError> {
        let mut tx = self.begin_read().await?;
        let session = tx.session_by_hash(&secret.hash()).await?.ok_or(CoreError::Unauthenticated)?;
        let now = self.now();
        if !self.rules.sessions.is_live(session.created_at, session.last_seen_at, now) {
            drop(tx);
            let mut tx = self.begin().await?;
            tx.delete_session(session.id).await?;
            tx.commit().await?;
            return Err(CoreError::Unauthenticated);
        }
        let user = tx.user(session.user_id).await?.filter(|u| u.active).ok_or(CoreError::Unauthenticated)?;
        let agency = tx.agency(user.agency_id).await?.ok_or(CoreError::Unauthenticated)?;
        drop(tx);
        if now.since(session.last_seen_at) >= TOUCH_EVERY {
            let mut tx = self.begin().await?;
            tx.touch_session(session.id, now).await?;
            tx.commit().await?;
        }
        let actor = Actor::user(user.id, agency.id, agency.kind, user.role);
        Ok(CurrentUser { actor, user, agency, session_id: session.id })
    }

    /// Ends the session. Signing out of a session that has already ended is not an error.
    pub async fn sign_out(&self, current: &CurrentUser) -> Result<(), CoreError> {
        let mut tx = self.begin().await?;
        tx.delete_session(current.session_id).await?;
        let event = self.audit_event(
            &current.actor,
            AuditAction::SignedOut,
            "session",
            Some(current.session_id.to_string()),
            &serde_json::json!({}),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(())
    }
}
