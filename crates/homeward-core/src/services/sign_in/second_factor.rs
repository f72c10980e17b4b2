//! The second factor, required of every user (OWASP ASVS 5.0 level 2, V6.3.3): TOTP enrolment after the password,
//! a code (or one of ten single-use recovery codes) at every sign-in, and an administrator's reset. Each code is
//! an attempt counted like a password (`attempts`), and a code is accepted once only.

use std::net::IpAddr;

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::credentials::SessionSecret;
use crate::domain::ids::UserId;
use crate::domain::second_factor::{RECOVERY_CODES, RecoveryCode, SecondFactor, TotpSecret};
use crate::domain::user::Email;
use crate::error::CoreError;
use crate::rules::totp;

use super::sessions::{AwaitingSecondFactor, SignedIn};
use crate::services::Core;

/// What a user setting up their authenticator app is shown: the secret and whose account it is for.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: TotpSecret,
    pub account: Email,
}

impl Enrolment {
    /// The `otpauth://` URI an app takes.
    pub fn uri(&self) -> String {
        totp::otpauth_uri("Homeward", self.account.as_str(), self.secret.expose())
    }
}

/// Enrolment confirmed: signed in, with the recovery codes to show once.
#[derive(Debug)]
pub struct Enrolled {
    pub signed_in: SignedIn,
    pub recovery_codes: Vec<RecoveryCode>,
}

/// What a user gave as their second factor.
#[derive(Debug, Clone)]
pub enum SecondFactorAnswer {
    Code(String),
    RecoveryCode(String),
}

fn wrong_code() -> CoreError {
    CoreError::Rule { code: "second_factor_failed", message: "Enter a correct code".into(), field: Some("code") }
}

impl Core {
    fn unix_now(&self) -> i64 {
        self.now().unix_micros().div_euclid(1_000_000)
    }

    /// The secret a user without a second factor is setting up: the one already offered, or a new one.
    pub async fn enrolment(&self, pending: &SessionSecret) -> Result<Enrolment, CoreError> {
        let waiting = self.awaiting_second_factor(pending).await?;
        if waiting.enrolled {
            return Err(CoreError::Rule { code: "already_enrolled", message: "Already set up".into(), field: None });
        }
        let mut tx = self.begin().await?;
        let offered =
            tx.second_factor(waiting.user.id).await?.and_then(|f| f.sealed_secret.open(self.key(), f.user_id));
        let secret = if let Some(secret) = offered {
            secret
        } else {
            let secret = TotpSecret::generate();
            let factor = SecondFactor {
                user_id: waiting.user.id,
                sealed_secret: secret.seal(self.key(), waiting.user.id),
                created_at: self.now(),
                confirmed_at: None,
                last_step: None,
            };
            tx.put_second_factor(&factor).await?;
            secret
        };
        tx.commit().await?;
        Ok(Enrolment { secret, account: waiting.user.email })
    }

    /// Confirms enrolment with a first code: the user is signed in and given their recovery codes, once.
    pub async fn confirm_enrolment(
        &self,
        pending: &SessionSecret,
        code: &str,
        source: Option<IpAddr>,
        request_id: Option<String>,
    ) -> Result<Enrolled, CoreError> {
        let waiting = self.awaiting_second_factor(pending).await?;
        let user = waiting.user.id;
        let keys = self.attempt_keys(waiting.user.email.as_str(), source);
        self.count_attempt(&keys, request_id.clone()).await?;
        let mut tx = self.begin().await?;
        let offered = tx.second_factor(user).await?.filter(|f| f.confirmed_at.is_none());
        let step = offered.as_ref().and_then(|factor| {
            let secret = factor.sealed_secret.open(self.key(), user)?;
            totp::accepted_step(secret.expose(), code, self.unix_now(), None)
        });
        // Recording the step first means two confirmations sent at once cannot both pass.
        let confirmed = match (offered, step) {
            (Some(factor), Some(step)) if tx.use_totp_step(user, step).await? => Some((factor, step)),
            _ => None,
        };
        let Some((mut factor, step)) = confirmed else {
            return Err(self.second_factor_failed(tx, &waiting, request_id).await);
        };
        factor.confirmed_at = Some(self.now());
        factor.last_step = Some(step);
        tx.put_second_factor(&factor).await?;
        let recovery_codes: Vec<RecoveryCode> = (0..RECOVERY_CODES).map(|_| RecoveryCode::generate()).collect();
        let hashes: Vec<String> = recovery_codes.iter().map(|c| c.hash(self.key(), user)).collect();
        tx.insert_recovery_codes(user, &hashes).await?;
        let event = self.anonymous_event(
            request_id.clone(),
            AuditAction::SecondFactorEnrolled,
            ("user", user.to_string()),
            &serde_json::json!({ "recovery_codes": RECOVERY_CODES }),
        );
        tx.append_audit(event).await?;
        let how = serde_json::json!({ "second_factor": "totp" });
        let signed_in = self.finish_sign_in(tx, &waiting, &keys, request_id, &how).await?;
        Ok(Enrolled { signed_in, recovery_codes })
    }

    /// Passes the second factor of a waiting session: a code from the app (each accepted once), or an unused
    /// recovery code (then used up).
    pub async fn pass_second_factor(
        &self,
        pending: &SessionSecret,
        answer: &SecondFactorAnswer,
        source: Option<IpAddr>,
        request_id: Option<String>,
    ) -> Result<SignedIn, CoreError> {
        let waiting = self.awaiting_second_factor(pending).await?;
        if !waiting.enrolled {
            return Err(CoreError::Unauthenticated);
        }
        let user = waiting.user.id;
        let keys = self.attempt_keys(waiting.user.email.as_str(), source);
        self.count_attempt(&keys, request_id.clone()).await?;
        let mut tx = self.begin().await?;
        let passed = match answer {
            SecondFactorAnswer::Code(code) => {
                let factor = tx.second_factor(user).await?.filter(|f| f.confirmed_at.is_some());
                let step = factor.and_then(|f| {
                    let secret = f.sealed_secret.open(self.key(), user)?;
                    totp::accepted_step(secret.expose(), code, self.unix_now(), f.last_step)
                });
                // Recorded only if no request has used this step or a later one meanwhile.
                match step {
                    Some(step) => {
                        tx.use_totp_step(user, step).await?.then(|| serde_json::json!({ "second_factor": "totp" }))
                    }
                    None => None,
                }
            }
            SecondFactorAnswer::RecoveryCode(typed) => match RecoveryCode::parse(typed) {
                Some(code) if tx.use_recovery_code(user, &code.hash(self.key(), user), self.now()).await? => {
                    let left = tx.recovery_codes_left(user).await?;
                    Some(serde_json::json!({ "second_factor": "recovery_code", "recovery_codes_left": left }))
                }
                _ => None,
            },
        };
        let Some(how) = passed else {
            return Err(self.second_factor_failed(tx, &waiting, request_id).await);
        };
        self.finish_sign_in(tx, &waiting, &keys, request_id, &how).await
    }

    /// Audits a wrong code (the attempt stays counted) and answers the error to show.
    async fn second_factor_failed(
        &self,
        mut tx: Box<dyn crate::ports::Tx>,
        waiting: &AwaitingSecondFactor,
        request_id: Option<String>,
    ) -> CoreError {
        let event = self.anonymous_event(
            request_id,
            AuditAction::SecondFactorFailed,
            ("user", waiting.user.id.to_string()),
            &serde_json::json!({}),
        );
        let written = async {
            tx.append_audit(event).await?;
            tx.commit().await
        };
        match written.await {
            Ok(()) => wrong_code(),
            Err(e) => e.into(),
        }
    }

    /// Removes a user's second factor and recovery codes and ends their sessions: they set up a new one at their
    /// next sign-in. For their agency's admin, or an operator; audited.
    pub async fn reset_second_factor(&self, actor: &Actor, email: &Email) -> Result<bool, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::SecondFactorReset, "user"), async {
            let mut tx = self.begin().await?;
            let user = super::attempts::managed_user(tx.as_mut(), actor, email).await?;
            let had_one = tx.delete_second_factor(user.id).await?;
            tx.delete_sessions_of(user.id).await?;
            let event = self.audit_event(
                actor,
                AuditAction::SecondFactorReset,
                "user",
                Some(user.id.to_string()),
                &serde_json::json!({ "had_second_factor": had_one }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(had_one)
        })
        .await
    }

    /// The users of the admin's own agency, by name, each with whether they have set up a second factor: the page
    /// from which an admin lifts lock-outs and resets second factors.
    pub async fn agency_users(&self, actor: &Actor) -> Result<Vec<(crate::domain::user::User, bool)>, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::UsersListed, "user"), async {
            let agency = actor.agency_id().ok_or(CoreError::Forbidden("only an agency's admin lists its users"))?;
            actor.require_user_manager_of(agency)?;
            Ok(self.begin_read().await?.agency_users(agency).await?)
        })
        .await
    }

    /// Gives a user a confirmed second factor directly, answering its secret: for demo users and tests, whose
    /// sign-ins are printed or scripted. Operators only; audited.
    pub async fn enrol_second_factor(&self, actor: &Actor, user: UserId) -> Result<TotpSecret, CoreError> {
        actor.require_operator("only an operator may set a user's second factor")?;
        let secret = TotpSecret::generate();
        let now = self.now();
        let factor = SecondFactor {
            user_id: user,
            sealed_secret: secret.seal(self.key(), user),
            created_at: now,
            confirmed_at: Some(now),
            last_step: None,
        };
        let mut tx = self.begin().await?;
        tx.user(user).await?.ok_or_else(|| CoreError::invalid("user", "no such user"))?;
        tx.put_second_factor(&factor).await?;
        let event = self.audit_event(
            actor,
            AuditAction::SecondFactorEnrolled,
            "user",
            Some(user.to_string()),
            &serde_json::json!({ "by_operator": true }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(secret)
    }
}
