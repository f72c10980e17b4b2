//! Children missing education (issue 17, item 2): the education welfare team of a child's council records a spell
//! off a school roll or persistently absent, and its end; it shows on the child's record to whoever sees the child,
//! raises an exploitation prompt (`rules/indicators.rs`) and counts in the key figures.

use crate::authz::{Action, Actor, Subject, actions, check, check_at_all};
use crate::domain::audit::AuditAction;
use crate::domain::education::{MissingEducation, MissingEducationReason};
use crate::domain::ids::{MissingEducationId, PersonId};
use crate::domain::person::Person;
use crate::domain::time::{london, parse_date};
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;

use super::Core;

/// A spell to record, parsed from text.
#[derive(Debug, Clone)]
pub struct NewMissingEducation {
    pub reason: MissingEducationReason,
    pub started_on: time::Date,
    pub ended_on: Option<time::Date>,
}

impl NewMissingEducation {
    pub fn parse(reason: &str, started_on: &str, ended_on: Option<&str>) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let reason = errors.check("reason", MissingEducationReason::parse(reason.trim()));
        let started_on = errors.check("started_on", parse_date(started_on));
        let ended_on = match ended_on.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => errors.check("ended_on", parse_date(text)),
            None => None,
        };
        if let (Some(start), Some(end)) = (started_on, ended_on)
            && end < start
        {
            errors.add("ended_on", "must not be before it started");
        }
        errors.into_result()?;
        Ok(Self { reason: reason.expect("checked"), started_on: started_on.expect("checked"), ended_on })
    }
}

/// A child's spells, as the child's record shows them, and whether the reader may record another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingEducationRecord {
    pub spells: Vec<MissingEducation>,
    pub may_record: bool,
}

fn not_future(field: &str, date: time::Date, today: time::Date) -> Result<(), CoreError> {
    if date > today { Err(CoreError::invalid(field, "must not be in the future")) } else { Ok(()) }
}

/// The person, if the actor sees them, checked for the action.
async fn child_for_recording(
    tx: &mut dyn Tx,
    actor: &Actor,
    person: PersonId,
    now: crate::domain::time::Timestamp,
) -> Result<Person, CoreError> {
    let scope = actor.case_records()?;
    let person = tx.person(person, scope).await?.ok_or(CoreError::NotFound)?;
    check(actor, Action::RecordMissingEducation, &Subject::Person { person: &person, now })?;
    Ok(person)
}

impl Core {
    /// Records a spell of a child missing education.
    pub async fn record_missing_education(
        &self,
        actor: &Actor,
        person: PersonId,
        new: NewMissingEducation,
    ) -> Result<MissingEducation, CoreError> {
        let action = AuditAction::MissingEducationRecorded;
        self.attempt(actor, super::Attempt::on(action, "person", &person), async {
            actor.case_records()?;
            check_at_all(actor, Action::RecordMissingEducation)?;
            let (Some(user), Some(council)) = (actor.user_id(), actor.agency_id()) else {
                return Err(CoreError::Forbidden(Action::RecordMissingEducation.refusal()));
            };
            let now = self.now();
            let mut tx = self.begin().await?;
            child_for_recording(tx.as_mut(), actor, person, now).await?;
            let today = london(now).date();
            not_future("started_on", new.started_on, today)?;
            if let Some(end) = new.ended_on {
                not_future("ended_on", end, today)?;
            }
            let spell = MissingEducation {
                id: MissingEducationId::random(),
                person_id: person,
                council_id: council,
                reason: new.reason,
                started_on: new.started_on,
                ended_on: new.ended_on,
                recorded_by: user,
                recorded_at: now,
            };
            tx.insert_missing_education(&spell).await?;
            let details = serde_json::json!({ "person": person.to_string(), "reason": spell.reason.as_str() });
            tx.append_audit(self.audit_event(actor, action, "missing_education", Some(spell.id.to_string()), &details))
                .await?;
            tx.commit().await?;
            Ok(spell)
        })
        .await
    }

    /// Ends an open spell: the child is back in education.
    pub async fn end_missing_education(
        &self,
        actor: &Actor,
        id: MissingEducationId,
        ended_on: &str,
    ) -> Result<MissingEducation, CoreError> {
        let action = AuditAction::MissingEducationEnded;
        self.attempt(actor, super::Attempt::on(action, "missing_education", &id), async {
            actor.case_records()?;
            check_at_all(actor, Action::RecordMissingEducation)?;
            let ended_on = parse_date(ended_on).map_err(|e| CoreError::invalid("ended_on", e.to_string()))?;
            let now = self.now();
            let mut tx = self.begin().await?;
            let mut spell = tx.missing_education(id).await?.ok_or(CoreError::NotFound)?;
            child_for_recording(tx.as_mut(), actor, spell.person_id, now).await?;
            if spell.ended_on.is_some() {
                return Err(CoreError::Rule {
                    code: "already_ended",
                    message: "this spell has already ended".into(),
                    field: None,
                });
            }
            not_future("ended_on", ended_on, london(now).date())?;
            if ended_on < spell.started_on {
                return Err(CoreError::invalid("ended_on", "must not be before it started"));
            }
            tx.end_missing_education(id, ended_on).await?;
            spell.ended_on = Some(ended_on);
            let details = serde_json::json!({ "person": spell.person_id.to_string() });
            tx.append_audit(self.audit_event(actor, action, "missing_education", Some(id.to_string()), &details))
                .await?;
            tx.commit().await?;
            Ok(spell)
        })
        .await
    }

    /// A child's spells missing education, for whoever sees the child. The read is audited.
    pub async fn missing_education_of(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<MissingEducationRecord, CoreError> {
        let action = AuditAction::MissingEducationListed;
        self.attempt(actor, super::Attempt::on(action, "person", &person), async {
            let scope = actor.case_records()?;
            let mut tx = self.begin_read().await?;
            let seen = tx.person(person, scope).await?.ok_or(CoreError::NotFound)?;
            let spells = tx.missing_education_of(person).await?;
            let may_record = actions(actor, &Subject::Person { person: &seen, now: self.now() })
                .contains(Action::RecordMissingEducation);
            let ids: Vec<String> = spells.iter().map(|s| s.id.to_string()).collect();
            let event =
                self.audit_event(actor, action, "person", Some(person.to_string()), &serde_json::json!({ "ids": ids }));
            self.record_read(tx, event).await?;
            Ok(MissingEducationRecord { spells, may_record })
        })
        .await
    }
}
