//! Alerts for an agency: listing them (raising first any that time has brought) and acknowledging one with a note.

use crate::authz::{Actor, Scope};
use crate::domain::alert::Alert;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AgencyId, AlertId, EpisodeId};
use crate::domain::text::FreeText;
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::alerts::{Due, brought_by_time};

use super::Core;
use super::episodes::case_scope;

pub(super) fn new_alert(due: Due, episode_id: EpisodeId, at: Timestamp) -> Alert {
    Alert {
        id: crate::domain::ids::AlertId::random(),
        agency_id: due.agency,
        kind: due.kind,
        episode_id,
        occasion: due.occasion,
        raised_at: at,
        acknowledged_at: None,
        acknowledged_by: None,
        note: None,
    }
}

/// The agency whose alerts the actor works: only case-working staff have any.
fn agency_of(actor: &Actor) -> Result<(AgencyId, Scope), CoreError> {
    let scope = case_scope(actor)?;
    let agency = actor.agency_id().ok_or(CoreError::Forbidden("alerts belong to an agency's staff"))?;
    Ok((agency, scope))
}

impl Core {
    /// The actor's agency's open alerts, oldest first, after raising the ones time has brought since anyone
    /// last looked (still missing at 48 and 72 hours, reviews overdue). Alerts hold ids and kinds, no names.
    pub async fn alerts(&self, actor: &Actor) -> Result<Vec<Alert>, CoreError> {
        let (agency, scope) = agency_of(actor)?;
        let mut tx = self.begin().await?;
        let now = self.now();
        let raised = self.raise_time_alerts(tx.as_mut(), agency, scope, now).await?;
        if !raised.is_empty() {
            let event = self.audit_event(
                actor,
                AuditAction::AlertsRaised,
                "agency",
                Some(agency.to_string()),
                &serde_json::json!({ "episodes": raised }),
            );
            tx.append_audit(event).await?;
        }
        let alerts = tx.open_alerts(agency).await?;
        tx.commit().await?;
        Ok(alerts)
    }

    async fn raise_time_alerts(
        &self,
        tx: &mut dyn Tx,
        agency: AgencyId,
        scope: Scope,
        now: Timestamp,
    ) -> Result<Vec<String>, CoreError> {
        let known: Vec<(String, String, String)> = tx
            .open_alerts(agency)
            .await?
            .into_iter()
            .map(|a| (a.kind.as_str().to_owned(), a.episode_id.to_string(), a.occasion))
            .collect();
        let mut raised = Vec::new();
        for episode in tx.still_missing(scope).await? {
            for due in brought_by_time(&episode, now).into_iter().filter(|due| due.agency == agency) {
                let key = (due.kind.as_str().to_owned(), episode.id.to_string(), due.occasion.clone());
                if !known.contains(&key) && tx.raise_alert(&new_alert(due, episode.id, now)).await? {
                    raised.push(episode.id.to_string());
                }
            }
        }
        let is_council = matches!(scope, Scope::LocalAuthority(_));
        for alert in self.raise_return_alerts(tx, agency, is_council, now).await? {
            let key = (alert.kind.as_str().to_owned(), alert.episode_id.to_string(), alert.occasion.clone());
            if !known.contains(&key) && tx.raise_alert(&alert).await? {
                raised.push(alert.episode_id.to_string());
            }
        }
        Ok(raised)
    }

    /// Acknowledges one of the actor's agency's alerts with a note saying what was done.
    pub async fn acknowledge_alert(&self, actor: &Actor, id: AlertId, note: &str) -> Result<Alert, CoreError> {
        let (agency, _) = agency_of(actor)?;
        let note = FreeText::parse(note).map_err(|e| CoreError::invalid("note", e.to_string()))?;
        let mut tx = self.begin().await?;
        let mut alert = tx.alert(id, agency).await?.ok_or(CoreError::NotFound)?;
        if alert.acknowledged_at.is_some() {
            return Err(CoreError::Rule {
                code: "already_acknowledged",
                message: "this alert has already been acknowledged".into(),
                field: None,
            });
        }
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
