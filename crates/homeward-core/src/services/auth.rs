//! API tokens: issuing them (only a hash is stored) and turning a presented one back into an actor.

use time::Duration;

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::credentials::{ApiToken, TokenSecret};
use crate::domain::ids::TokenId;
use crate::domain::time::Timestamp;
use crate::domain::user::Email;
use crate::error::CoreError;

use super::Core;

impl Core {
    /// Issues a token for the user with this email. Returns the secret, which is shown once and never stored.
    pub async fn create_token(
        &self,
        actor: &Actor,
        email: &Email,
        expires_in_days: Option<u32>,
    ) -> Result<(TokenSecret, ApiToken), CoreError> {
        if expires_in_days == Some(0) || expires_in_days.is_some_and(|d| d > 3_650) {
            return Err(CoreError::invalid("expires_in_days", "must be a whole number of days from 1 to 3650"));
        }
        let mut tx = self.begin().await?;
        let user = tx
            .user_by_email(email)
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| CoreError::invalid("email", "no active user has that email"))?;
        let is_self = actor.user_id() == Some(user.id);
        if !is_self {
            actor.require_user_manager_of(user.agency_id)?;
        }
        let now = self.now();
        let secret = TokenSecret::generate();
        let token = ApiToken {
            id: TokenId::random(),
            user_id: user.id,
            hash: secret.hash(),
            created_at: now,
            expires_at: expires_in_days.map(|days| now.plus(Duration::days(i64::from(days)))),
        };
        tx.insert_token(&token).await?;
        let event = self.audit_event(
            actor,
            AuditAction::TokenCreated,
            "user",
            Some(user.id.to_string()),
            &serde_json::json!({ "token_id": token.id.to_string(), "expires_at": token.expires_at.map(Timestamp::to_rfc3339) }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok((secret, token))
    }

    /// The actor a bearer token stands for. Unknown, malformed, expired and deactivated all answer the same.
    pub async fn authenticate_token(&self, presented: &str) -> Result<Actor, CoreError> {
        let secret = TokenSecret::parse(presented).ok_or(CoreError::Unauthenticated)?;
        let mut tx = self.begin_read().await?;
        let token = tx
            .token_by_hash(&secret.hash())
            .await?
            .filter(|t| t.is_live(self.now()))
            .ok_or(CoreError::Unauthenticated)?;
        let user = tx.user(token.user_id).await?.filter(|u| u.active).ok_or(CoreError::Unauthenticated)?;
        let agency = tx.agency(user.agency_id).await?.ok_or(CoreError::Unauthenticated)?;
        Ok(Actor::user(user.id, agency.id, agency.kind, user.role))
    }
}
