//! Browser sessions: the password step of signing in, the session it leaves waiting for the second factor, the
//! signed-in user of a request, signing out. Every attempt is counted before it is checked (`attempts`); failures
//! are audited against the keyed identifier of the email tried, so the log holds no address that was never a user's
//! and cannot confirm a guessed one without the deployment key.

use std::net::IpAddr;

use crate::authz::Actor;
use crate::domain::agency::Agency;
use crate::domain::audit::AuditAction;
use crate::domain::credentials::{PasswordHash, Session, SessionSecret};
use crate::domain::ids::SessionId;
use crate::domain::user::{Email, User};
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::sessions::{SECOND_FACTOR_WITHIN, TOUCH_EVERY};

use super::attempts::AttemptKeys;
use crate::services::Core;

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

/// The password was right: a session that reads nothing until the second factor is passed.
#[derive(Debug, Clone)]
pub struct PasswordPassed {
    pub secret: SessionSecret,
    /// Whether the user has a second factor yet; one without must enrol before going on.
    pub enrolled: bool,
}

/// A session waiting for its user's second factor.
#[derive(Debug, Clone)]
pub struct AwaitingSecondFactor {
    pub session: Session,
    pub user: User,
    pub enrolled: bool,
}

impl Core {
    /// The password step of signing in. Every attempt is counted first; a locked-out account or source is refused
    /// unchecked, and every failure answers the same whether or not the email belongs to anyone. `replacing` is
    /// the browser's current session, if any, which ends: a sign-in always starts a fresh session.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        source: Option<IpAddr>,
        request_id: Option<String>,
        replacing: Option<&SessionSecret>,
    ) -> Result<PasswordPassed, CoreError> {
        let keys = self.attempt_keys(email, source);
        self.count_attempt(&keys, request_id.clone()).await?;
        let user = match Email::parse(email) {
            Ok(email) => self.begin_read().await?.user_by_email(&email).await?,
            Err(_) => None,
        };
        let verified = if let Some(user) = &user {
            // The password is checked before the account's state, so a deactivated account answers as slowly as any.
            user.password_hash.verify(password) && user.active
        } else {
            // Spend the same time as a real check, so timing does not reveal whether the email is a user's.
            PasswordHash::verify_nothing(password);
            false
        };
        let Some(user) = user.filter(|_| verified) else {
            let event = self.anonymous_event(
                request_id,
                AuditAction::SignInFailed,
                ("email", keys.identifier.clone()),
                &serde_json::json!({}),
            );
            let mut tx = self.begin().await?;
            tx.append_audit(event).await?;
            tx.commit().await?;
            return Err(CoreError::Rule {
                code: "sign_in_failed",
                message: "Enter a correct email address and password".into(),
                field: Some("email"),
            });
        };
        self.attempt_passed(&keys).await?;
        let mut tx = self.begin().await?;
        let enrolled = tx.second_factor(user.id).await?.is_some_and(|f| f.confirmed_at.is_some());
        end_session(&mut *tx, replacing).await?;
        let (secret, _) = self.start_session(&mut *tx, &user, true).await?;
        tx.commit().await?;
        Ok(PasswordPassed { secret, enrolled })
    }

    /// Stores a new session for the user: waiting for the second factor, or signed in.
    pub(super) async fn start_session(
        &self,
        tx: &mut dyn Tx,
        user: &User,
        awaiting_second_factor: bool,
    ) -> Result<(SessionSecret, Session), CoreError> {
        let now = self.now();
        let secret = SessionSecret::generate();
        let session = Session {
            id: SessionId::random(),
            user_id: user.id,
            hash: secret.hash(),
            created_at: now,
            last_seen_at: now,
            awaiting_second_factor,
        };
        tx.insert_session(&session).await?;
        Ok((secret, session))
    }

    /// Finishes signing in once the second factor is passed: the waiting session ends, a new one begins (a new
    /// secret, so a waiting session's cookie never becomes a signed-in one), the account's count is cleared and the
    /// source's attempt un-counted. `how` is audited.
    pub(super) async fn finish_sign_in(
        &self,
        mut tx: Box<dyn Tx>,
        waiting: &AwaitingSecondFactor,
        keys: &AttemptKeys,
        request_id: Option<String>,
        how: &serde_json::Value,
    ) -> Result<SignedIn, CoreError> {
        let user = &waiting.user;
        let agency = tx.agency(user.agency_id).await?.ok_or(CoreError::Unauthenticated)?;
        tx.delete_session(waiting.session.id).await?;
        let (secret, session) = self.start_session(&mut *tx, user, false).await?;
        let now = self.now();
        for (key, limit_is_account) in keys.counted() {
            if limit_is_account {
                tx.clear_sign_in_counter(key).await?;
            } else {
                let count = tx.sign_in_counter(key, now).await?;
                tx.set_sign_in_counter(key, &count.succeeded()).await?;
            }
        }
        let mut actor = Actor::user(user.id, agency.id, agency.kind, user.role);
        actor.request_id = request_id;
        let event = self.audit_event(&actor, AuditAction::SignedIn, "session", Some(session.id.to_string()), how);
        tx.append_audit(event).await?;
        tx.commit().await?;
        let current = CurrentUser { actor, user: user.clone(), agency, session_id: session.id };
        Ok(SignedIn { secret, session, current })
    }

    /// The session waiting for its user's second factor, if it is one and has not waited too long.
    pub async fn awaiting_second_factor(&self, secret: &SessionSecret) -> Result<AwaitingSecondFactor, CoreError> {
        let mut tx = self.begin_read().await?;
        let session = tx
            .session_by_hash(&secret.hash())
            .await?
            .filter(|s| s.awaiting_second_factor && self.now().since(s.created_at) < SECOND_FACTOR_WITHIN)
            .ok_or(CoreError::Unauthenticated)?;
        let user = tx.user(session.user_id).await?.filter(|u| u.active).ok_or(CoreError::Unauthenticated)?;
        let enrolled = tx.second_factor(user.id).await?.is_some_and(|f| f.confirmed_at.is_some());
        Ok(AwaitingSecondFactor { session, user, enrolled })
    }

    /// The user signed in with this session secret, if the session is live. Checked on a read transaction, which
    /// never waits for the writer; the activity is written only when the recorded one is a minute old or more, so
    /// the idle timeout runs from the latest request without a write on every request.
    pub async fn current_user(&self, secret: &SessionSecret) -> Result<CurrentUser, CoreError> {
        let mut tx = self.begin_read().await?;
        // A session waiting for the second factor reads nothing.
        let session = tx
            .session_by_hash(&secret.hash())
            .await?
            .filter(|s| !s.awaiting_second_factor)
            .ok_or(CoreError::Unauthenticated)?;
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

/// Ends the browser's current session, if it has one.
async fn end_session(tx: &mut dyn Tx, replacing: Option<&SessionSecret>) -> Result<(), CoreError> {
    if let Some(old) = replacing
        && let Some(old) = tx.session_by_hash(&old.hash()).await?
    {
        tx.delete_session(old.id).await?;
    }
    Ok(())
}
