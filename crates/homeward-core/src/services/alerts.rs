//! Alerts for an agency: listing them and acknowledging one with a note.

use crate::authz::{Action, Actor, Scope, Subject, check, check_at_all};
use crate::domain::alert::{Alert, AlertPage, AlertPaging};
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AgencyId, AlertId};
use crate::domain::paging::{Cursor, Page};
use crate::domain::text::FreeText;
use crate::error::CoreError;

use super::Core;

/// The agency whose alerts the actor works: only those who may acknowledge alerts (case-working staff) have any.
fn agency_of(actor: &Actor) -> Result<(AgencyId, Scope), CoreError> {
    let scope = actor.case_records()?;
    check_at_all(actor, Action::AcknowledgeAlert)?;
    Ok((actor.agency_id().expect("the table grants this to agencies' staff only"), scope))
}

impl Core {
    /// The actor's agency's open alerts, oldest first. The scheduler raises them when they fall due
    /// (`services::scheduler`); reading them raises nothing. Alerts hold ids and kinds, no names.
    pub async fn alerts(&self, actor: &Actor, paging: &AlertPaging) -> Result<AlertPage, CoreError> {
        let (agency, _) = agency_of(actor)?;
        let mut tx = self.begin().await?;
        let alerts = tx.open_alerts(agency, Some(&paging.one_more())).await?;
        tx.commit().await?;
        Ok(Page::cut(alerts, paging, |a| Cursor { key: a.raised_at, id: a.id }))
    }

    /// Acknowledges one of the actor's agency's alerts with a note saying what was done.
    pub async fn acknowledge_alert(&self, actor: &Actor, id: AlertId, note: &str) -> Result<Alert, CoreError> {
        let (agency, _) = agency_of(actor)?;
        let note = FreeText::parse(note).map_err(|e| CoreError::invalid("note", e.to_string()))?;
        let mut tx = self.begin().await?;
        let mut alert = tx.alert(id, agency).await?.ok_or(CoreError::NotFound)?;
        check(actor, Action::AcknowledgeAlert, &Subject::Alert(&alert))?;
        alert.acknowledged_at = Some(self.now());
        alert.acknowledged_by = actor.user_id();
        alert.note = Some(note);
        tx.acknowledge_alert(&alert).await?;
        let event = self.audit_event(
            actor,
            AuditAction::AlertAcknowledged,
            "alert",
            Some(id.to_string()),
            &serde_json::json!({ "episode_id": alert.episode_id.to_string(), "kind": alert.kind.as_str() }),
        );
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(alert)
    }
}
