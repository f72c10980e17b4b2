//! Placements: the responsible council records where a looked-after child is placed (ending the current placement
//! if there is one), and it or the provider ends it. The person keeps the current placement's host council and
//! provider, written in the same transaction, for scope and the other rules.

use time::Date;

use crate::authz::{Action, Actor, Subject, check};
use crate::domain::agency::{Agency, AgencyCode, AgencyKind};
use crate::domain::alert::Alert;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{PersonId, PlacementId};
use crate::domain::person::Person;
use crate::domain::placement::Placement;
use crate::domain::text::Postcode;
use crate::domain::time::parse_date;
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;
use crate::rules::placements::host_alert;

use super::Core;

/// A placement to record, parsed: agencies by code.
#[derive(Debug, Clone)]
pub struct NewPlacement {
    pub provider: AgencyCode,
    /// The host council; when not given, the council whose postcode areas hold the postcode.
    pub host_la: Option<AgencyCode>,
    pub postcode: Postcode,
    pub started_on: Date,
}

impl NewPlacement {
    pub fn parse(provider: &str, host_la: Option<&str>, postcode: &str, started_on: &str) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let provider = errors.check("provider", AgencyCode::parse(provider));
        let host_la = errors
            .check("host_la", host_la.map(str::trim).filter(|v| !v.is_empty()).map(AgencyCode::parse).transpose());
        let postcode = errors.check("postcode", Postcode::parse(postcode));
        let started_on = errors.check("started_on", parse_date(started_on));
        errors.into_result()?;
        Ok(Self {
            provider: provider.expect("checked"),
            host_la: host_la.expect("checked"),
            postcode: postcode.expect("checked"),
            started_on: started_on.expect("checked"),
        })
    }
}

/// An agency of one kind by code, or a 422 on the field.
async fn agency_of_kind(
    tx: &mut dyn Tx,
    code: &AgencyCode,
    kind: AgencyKind,
    field: &str,
) -> Result<Agency, CoreError> {
    let found = tx.agency_by_code(code).await?.filter(|a| a.kind == kind);
    found.ok_or_else(|| CoreError::invalid(field, format!("no {} has that code", kind.as_str().replace('_', " "))))
}

/// The council whose postcode areas hold the postcode: the one Homeward knows, if exactly one does.
async fn council_of_postcode(tx: &mut dyn Tx, postcode: &Postcode) -> Result<Agency, CoreError> {
    let mut found = Vec::new();
    for council in tx.agencies().await?.into_iter().filter(|a| a.kind == AgencyKind::LocalAuthority) {
        let areas = tx.agency_rules(council.id).await?.and_then(|rules| rules.postcode_areas);
        if areas.is_some_and(|areas| postcode.within(&areas)) {
            found.push(council);
        }
    }
    match <[Agency; 1]>::try_from(found) {
        Ok([council]) => Ok(council),
        Err(_) => Err(CoreError::invalid("host_la", "cannot be worked out from the postcode: give the council's code")),
    }
}

impl Core {
    /// Records a looked-after child's placement. A current placement ends the day the new one starts.
    pub async fn record_placement(
        &self,
        actor: &Actor,
        person: PersonId,
        new: NewPlacement,
    ) -> Result<Placement, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::PlacementRecorded, "person", &person), async {
            let mut tx = self.begin().await?;
            let mut person = tx.person(person, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
            check(actor, Action::RecordPlacement, &Subject::Person { person: &person, now: self.now() })?;
            super::directory_postcode(tx.as_mut(), "postcode", &new.postcode).await?;
            let provider = agency_of_kind(tx.as_mut(), &new.provider, AgencyKind::CareProvider, "provider").await?;
            let host = match &new.host_la {
                Some(code) => agency_of_kind(tx.as_mut(), code, AgencyKind::LocalAuthority, "host_la").await?,
                None => council_of_postcode(tx.as_mut(), &new.postcode).await?,
            };
            let placements = tx.placements_of_person(person.id).await?;
            if let Some(mut current) = placements.into_iter().find(Placement::is_current) {
                if new.started_on <= current.started_on {
                    return Err(CoreError::invalid("started_on", "must be after the current placement's start"));
                }
                current.ended_on = Some(new.started_on);
                tx.update_placement(&current).await?;
            }
            let placement = Placement {
                id: PlacementId::random(),
                person_id: person.id,
                provider_id: provider.id,
                host_la_id: host.id,
                postcode: new.postcode,
                started_on: new.started_on,
                ended_on: None,
                recorded_by: actor.user_id(),
                recorded_at: self.now(),
            };
            tx.insert_placement(&placement).await?;
            let recorded_on = crate::domain::time::london(placement.recorded_at).date();
            if let Some(due) = host_alert(&placement, person.responsible_la_id, recorded_on) {
                let alert = Alert::about_placement(due, placement.id, placement.recorded_at);
                crate::outbox::raise(tx.as_mut(), vec![alert], placement.recorded_at).await?;
            }
            self.place(tx, actor, AuditAction::PlacementRecorded, &mut person, placement).await
        })
        .await
    }

    /// Ends a current placement on a date.
    pub async fn end_placement(&self, actor: &Actor, id: PlacementId, ended_on: &str) -> Result<Placement, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::PlacementEnded, "placement", &id), async {
            let ended_on = parse_date(ended_on).map_err(|e| CoreError::invalid("ended_on", e.to_string()))?;
            let mut tx = self.begin().await?;
            let mut placement = tx.placement(id).await?.ok_or(CoreError::NotFound)?;
            let mut person = tx.person(placement.person_id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?;
            check(actor, Action::EndPlacement, &Subject::Person { person: &person, now: self.now() })?;
            if !placement.is_current() {
                return Err(CoreError::Rule {
                    code: "placement_ended",
                    message: "this placement has already ended".into(),
                    field: None,
                });
            }
            if ended_on < placement.started_on {
                return Err(CoreError::invalid("ended_on", "must not be before the placement started"));
            }
            placement.ended_on = Some(ended_on);
            tx.update_placement(&placement).await?;
            self.place(tx, actor, AuditAction::PlacementEnded, &mut person, placement).await
        })
        .await
    }

    /// Places the person as the placement just written leaves them (with it while current, with none once
    /// ended), audits the change and commits it.
    async fn place(
        &self,
        mut tx: Box<dyn Tx>,
        actor: &Actor,
        action: AuditAction,
        person: &mut Person,
        placement: Placement,
    ) -> Result<Placement, CoreError> {
        let current = placement.is_current().then_some(&placement);
        person.host_la_id = current.map(|p| p.host_la_id);
        person.placement_provider_id = current.map(|p| p.provider_id);
        tx.update_person(person).await?;
        let details = serde_json::json!({ "person_id": person.id.to_string() });
        let event = self.audit_event(actor, action, "placement", Some(placement.id.to_string()), &details);
        tx.append_audit(event).await?;
        tx.commit().await?;
        Ok(placement)
    }
}
