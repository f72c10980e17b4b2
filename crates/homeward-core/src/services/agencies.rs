//! Registering agencies: the forces, councils and providers that share Homeward.

use crate::authz::Actor;
use crate::domain::agency::{Agency, AgencyCode, AgencyKind};
use crate::domain::audit::AuditAction;
use crate::domain::ids::AgencyId;
use crate::domain::text::DisplayName;
use crate::error::{CoreError, FieldErrors, StoreError};

use super::Core;

/// A request to register an agency, parsed.
#[derive(Debug, Clone)]
pub struct NewAgency {
    pub code: AgencyCode,
    pub name: DisplayName,
    pub kind: AgencyKind,
    /// For a council: the code of the police force covering its area.
    pub police_force: Option<AgencyCode>,
}

impl NewAgency {
    pub fn parse(code: &str, name: &str, kind: &str, police_force: Option<&str>) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let code = errors.check("code", AgencyCode::parse(code));
        let name = errors.check("name", DisplayName::parse(name));
        let kind = errors.check("kind", AgencyKind::parse(kind));
        let police_force = errors.check("police_force", police_force.map(AgencyCode::parse).transpose());
        if kind.is_some_and(|k| k != AgencyKind::LocalAuthority) && police_force.as_ref().is_some_and(Option::is_some) {
            errors.add("police_force", "only a council has a covering police force");
        }
        errors.into_result()?;
        Ok(Self {
            code: code.expect("checked"),
            name: name.expect("checked"),
            kind: kind.expect("checked"),
            police_force: police_force.expect("checked"),
        })
    }
}

impl Core {
    pub async fn add_agency(&self, actor: &Actor, new: NewAgency) -> Result<Agency, CoreError> {
        actor.require_operator("only the service's operators may register agencies")?;
        let mut tx = self.begin().await?;
        let police_force_id = match &new.police_force {
            None => None,
            Some(code) => match tx.agency_by_code(code).await? {
                Some(force) if force.kind == AgencyKind::Police => Some(force.id),
                Some(_) => {
                    return Err(CoreError::invalid("police_force", "that agency is not a police force"));
                }
                None => {
                    return Err(CoreError::invalid("police_force", "no agency has that code"));
                }
            },
        };
        let agency = Agency { id: AgencyId::random(), code: new.code, name: new.name, kind: new.kind, police_force_id };
        tx.insert_agency(&agency).await.map_err(|e| match e {
            StoreError::Constraint { .. } => CoreError::invalid("code", "an agency with this code already exists"),
            other => other.into(),
        })?;
        let event = self.audit_event(
            actor,
            AuditAction::AgencyCreated,
            "agency",
            Some(agency.id.to_string()),
            &serde_json::json!({ "code": agency.code.as_str(), "kind": agency.kind.as_str() }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(agency)
    }

    /// Sets an agency's local rules (operators only), returning the settings now in force for it.
    pub async fn set_agency_rules(
        &self,
        actor: &Actor,
        code: &AgencyCode,
        changes: crate::rules::risk::AgencyRules,
    ) -> Result<crate::rules::risk::AgencyRules, CoreError> {
        actor.require_operator("only the service's operators change an agency's rules")?;
        changes.validate().map_err(|message| CoreError::Rule { code: "invalid_rule", message, field: None })?;
        let mut tx = self.begin().await?;
        let agency =
            tx.agency_by_code(code).await?.ok_or_else(|| CoreError::invalid("code", "no agency has that code"))?;
        let current = tx.agency_rules(agency.id).await?.unwrap_or_default();
        let merged = crate::rules::risk::AgencyRules {
            review_high_minutes: changes.review_high_minutes.or(current.review_high_minutes),
            review_medium_minutes: changes.review_medium_minutes.or(current.review_medium_minutes),
            review_low_minutes: changes.review_low_minutes.or(current.review_low_minutes),
            review_no_apparent_risk_minutes: changes
                .review_no_apparent_risk_minutes
                .or(current.review_no_apparent_risk_minutes),
            young_child_max_age: changes.young_child_max_age.or(current.young_child_max_age),
            assess_within_minutes: changes.assess_within_minutes.or(current.assess_within_minutes),
            postcode_areas: changes.postcode_areas.or(current.postcode_areas),
            local_authorities: changes.local_authorities.or(current.local_authorities),
        };
        tx.set_agency_rules(agency.id, &merged).await?;
        let event = self.audit_event(
            actor,
            AuditAction::AgencyRulesSet,
            "agency",
            Some(agency.id.to_string()),
            &serde_json::to_value(&merged).expect("settings always serialise"),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(merged)
    }
}
