//! Creating the accounts people sign in with.

use crate::authz::Actor;
use crate::domain::agency::AgencyCode;
use crate::domain::audit::AuditAction;
use crate::domain::credentials::{Password, PasswordHash};
use crate::domain::ids::UserId;
use crate::domain::text::DisplayName;
use crate::domain::user::{Email, Role, User};
use crate::error::{CoreError, FieldErrors, StoreError};

use super::Core;

/// A request to create a user, parsed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: DisplayName,
    pub agency: AgencyCode,
    pub role: Role,
    pub password: Password,
}

impl NewUser {
    pub fn parse(email: &str, name: &str, agency: &str, role: &str, password: &str) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(email));
        let name = errors.check("name", DisplayName::parse(name));
        let agency = errors.check("agency", AgencyCode::parse(agency));
        let role = errors.check("role", Role::parse(role));
        let password = errors.check("password", Password::parse(password));
        errors.into_result()?;
        Ok(Self {
            email: email.expect("checked"),
            name: name.expect("checked"),
            agency: agency.expect("checked"),
            role: role.expect("checked"),
            password: password.expect("checked"),
        })
    }
}

impl Core {
    pub async fn add_user(&self, actor: &Actor, new: NewUser) -> Result<User, CoreError> {
        let mut tx = self.begin().await?;
        let agency = tx
            .agency_by_code(&new.agency)
            .await?
            .ok_or_else(|| CoreError::invalid("agency", "no agency has that code"))?;
        actor.require_user_manager_of(agency.id)?;
        if !new.role.fits(agency.kind) {
            return Err(CoreError::invalid(
                "role",
                format!("staff of a {} agency cannot hold the role {}", agency.kind, new.role),
            ));
        }
        let user = User {
            id: UserId::random(),
            email: new.email,
            name: new.name,
            agency_id: agency.id,
            role: new.role,
            password_hash: PasswordHash::create(&new.password),
            active: true,
            created_at: self.now(),
        };
        tx.insert_user(&user).await.map_err(|e| match e {
            StoreError::Constraint { .. } => CoreError::invalid("email", "a user with this email already exists"),
            other => other.into(),
        })?;
        let event = self.audit_event(
            actor,
            AuditAction::UserCreated,
            "user",
            Some(user.id.to_string()),
            &serde_json::json!({ "agency_id": agency.id.to_string(), "role": user.role.as_str() }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(user)
    }
}
