//! Alerts for an agency: listing them and acknowledging one with a note.

use crate::authz::{Action, Actor, Scope, Subject, check, check_at_all};
use crate::domain::alert::{Alert, AlertCount, AlertFilter, AlertPage, AlertPaging};
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AgencyId, AlertId};
use crate::domain::paging::{Cursor, MAX_LIMIT, Page};
use crate::domain::text::FreeText;
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;

use super::Core;

/// The agency whose alerts the actor works: only those who may acknowledge alerts (case-working staff) have any.
fn agency_of(actor: &Actor) -> Result<(AgencyId, Scope), CoreError> {
    let scope = actor.case_records()?;
    check_at_all(actor, Action::AcknowledgeAlert)?;
    Ok((actor.agency_id().expect("the table grants this to agencies' staff only"), scope))
}

impl Core {
    /// The actor's agency's open alerts, oldest first. The scheduler raises them when they fall due
    /// (the scheduler service); reading them raises nothing. Alerts hold ids and kinds, no names.
    pub async fn alerts(&self, actor: &Actor, paging: &AlertPaging) -> Result<AlertPage, CoreError> {
        self.alert_worklist(actor, &AlertFilter::default(), paging).await
    }

    /// The actor's agency's open alerts that `filter` picks, in its order. The scheduler raises them when they fall
    /// due (the scheduler service); reading them raises nothing.
    pub async fn alert_worklist(
        &self,
        actor: &Actor,
        filter: &AlertFilter,
        paging: &AlertPaging,
    ) -> Result<AlertPage, CoreError> {
        let (agency, _) = agency_of(actor)?;
        let mut tx = self.begin_read().await?;
        let alerts = tx.open_alerts(agency, &AlertFilter { page: Some(paging.one_more()), ..*filter }).await?;
        Ok(Page::cut(alerts, paging, |a| Cursor { key: a.raised_at, id: a.id }))
    }

    /// How many alerts the actor's agency has open, by kind: counts only, nothing personal, so nothing is audited.
    /// Roles that work no cases have none.
    pub async fn alert_counts(&self, actor: &Actor) -> Result<Vec<AlertCount>, CoreError> {
        let Ok((agency, _)) = agency_of(actor) else { return Ok(Vec::new()) };
        Ok(self.begin_read().await?.open_alert_counts(agency).await?)
    }

    /// Acknowledges one of the actor's agency's alerts with a note saying what was done.
    pub async fn acknowledge_alert(&self, actor: &Actor, id: AlertId, note: &str) -> Result<Alert, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::AlertAcknowledged, "alert", &id), async {
            let (agency, _) = agency_of(actor)?;
            let note = FreeText::parse(note).map_err(|e| CoreError::invalid("note", e.to_string()))?;
            let mut tx = self.begin().await?;
            let alert = tx.alert(id, agency).await?.ok_or(CoreError::NotFound)?;
            check(actor, Action::AcknowledgeAlert, &Subject::Alert(&alert))?;
            let alert = self.acknowledge_in(tx.as_mut(), actor, alert, &note).await?;
            tx.commit().await?;
            Ok(alert)
        })
        .await
    }

    /// Acknowledges several of the actor's agency's alerts with one note, all or none: each is checked as one
    /// acknowledged alone would be, and if any is refused (not the agency's, or already acknowledged) nothing
    /// changes and the error names each refused one by its place in `ids` (`ids[2]`).
    pub async fn acknowledge_alerts(
        &self,
        actor: &Actor,
        ids: &[AlertId],
        note: &str,
    ) -> Result<Vec<Alert>, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::AlertAcknowledged, "alert"), async {
            let (agency, _) = agency_of(actor)?;
            let mut errors = FieldErrors::new();
            let note = errors.check("note", FreeText::parse(note));
            if ids.is_empty() {
                errors.add("ids", "choose at least one alert");
            } else if ids.len() > MAX_LIMIT as usize {
                errors.add("ids", format!("at most {MAX_LIMIT} alerts at once"));
            }
            errors.into_result()?;
            let note = note.expect("checked");
            let mut tx = self.begin().await?;
            let mut errors = FieldErrors::new();
            let mut alerts = Vec::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                let field = format!("ids[{i}]");
                match tx.alert(*id, agency).await? {
                    None => errors.add(&field, format!("no alert of your agency has the id {id}")),
                    Some(_) if ids[..i].contains(id) => errors.add(&field, "is listed twice"),
                    Some(alert) => match check(actor, Action::AcknowledgeAlert, &Subject::Alert(&alert)) {
                        Ok(()) => alerts.push(alert),
                        Err(CoreError::Rule { message, .. }) => errors.add(&field, message),
                        Err(other) => return Err(other),
                    },
                }
            }
            errors.into_result()?;
            let mut done = Vec::with_capacity(alerts.len());
            for alert in alerts {
                done.push(self.acknowledge_in(tx.as_mut(), actor, alert, &note).await?);
            }
            tx.commit().await?;
            Ok(done)
        })
        .await
    }

    /// Records the acknowledgement and its audit event, in the caller's transaction, once the caller has checked it.
    async fn acknowledge_in(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        mut alert: Alert,
        note: &FreeText,
    ) -> Result<Alert, CoreError> {
        alert.acknowledged_at = Some(self.now());
        alert.acknowledged_by = actor.user_id();
        alert.note = Some(note.clone());
        tx.acknowledge_alert(&alert).await?;
        let event = self.audit_event(
            actor,
            AuditAction::AlertAcknowledged,
            "alert",
            Some(alert.id.to_string()),
            &serde_json::json!({
                "episode_id": alert.episode_id.map(|e| e.to_string()),
                "placement_id": alert.placement_id.map(|p| p.to_string()),
                "kind": alert.kind.as_str(),
            }),
        );
        tx.append_audit(event).await?;
        Ok(alert)
    }
}
