//! Retention (UK GDPR article 5(1)(e)): the records the schedule says are due are erased, each person in a
//! transaction of their own with a tombstone in the audit log that names the rule and counts what went, never what
//! it was. The audit log itself is never touched, so the chain still verifies. Operators only.

use serde::Serialize;
use time::Date;

use super::Core;
use crate::authz::{Actor, Scope};
use crate::domain::audit::AuditAction;
use crate::domain::time::{Timestamp, format_date, london};
use crate::error::CoreError;
use crate::rules::retention::{
    PersonRule, RetentionSchedule, cut_off, kept_birth_date, person_due, unlinked_contacts_cut_off,
};

/// How many people's facts are read at a time while the due are looked for.
const FACTS_PAGE: u32 = 1_000;

/// What one run of the schedule did, or (when trying) would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// People whose records were looked at.
    pub people_checked: u64,
    /// People whose records were erased (or are due, when trying), by the rule that made them due.
    pub erased_looked_after_child: u64,
    pub erased_child: u64,
    pub erased_after_last_record: u64,
    pub sessions_removed: u64,
    pub notifications_removed: u64,
    /// Helpline contacts that never joined a record, past the years a last record is kept, cleared of the caller.
    pub helpline_contacts_erased: u64,
    /// Only tried: nothing was changed.
    pub dry_run: bool,
}

impl RetentionReport {
    pub fn people_erased(&self) -> u64 {
        self.erased_looked_after_child + self.erased_child + self.erased_after_last_record
    }

    fn count(&mut self, rule: PersonRule) {
        match rule {
            PersonRule::LookedAfterChild => self.erased_looked_after_child += 1,
            PersonRule::Child => self.erased_child += 1,
            PersonRule::LastRecord => self.erased_after_last_record += 1,
        }
    }
}

impl Core {
    /// Carries out the retention schedule as of now: every person whose records are due is erased, with a tombstone,
    /// then old sessions and sent notifications are removed. With `dry_run`, only counts what is due. `progress` is
    /// told how many people have been checked so far.
    pub async fn run_retention(
        &self,
        actor: &Actor,
        schedule: &RetentionSchedule,
        dry_run: bool,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<RetentionReport, CoreError> {
        actor.require_operator("only the service's operators carry out the retention schedule")?;
        let schedule =
            schedule.checked().map_err(|e| CoreError::Rule { code: "invalid_schedule", message: e.0, field: None })?;
        let now = self.now();
        let today = london(now).date();
        let mut report = RetentionReport { dry_run, ..RetentionReport::default() };
        let mut after = String::new();
        loop {
            let page = self.begin_read().await?.retention_facts_after(&after, FACTS_PAGE).await?;
            let Some((last, _)) = page.last() else { break };
            after = last.to_string();
            for (person, facts) in page {
                report.people_checked += 1;
                let Some((due_on, rule)) = person_due(&facts, &schedule).filter(|(on, _)| *on <= today) else {
                    continue;
                };
                report.count(rule);
                if dry_run {
                    continue;
                }
                let mut tx = self.begin().await?;
                let went_missing: Vec<Date> = tx
                    .episodes_of_person(person, Scope::All)
                    .await?
                    .iter()
                    .map(|e| london(e.went_missing_at).date())
                    .collect();
                let born = kept_birth_date(facts.date_of_birth, &went_missing);
                let erased = tx.erase_person(person, born, now).await?;
                let details =
                    serde_json::json!({ "rule": rule.as_str(), "due_on": format_date(due_on), "erased": erased });
                let event =
                    self.audit_event(actor, AuditAction::RetentionErased, "person", Some(person.to_string()), &details);
                tx.append_audit(event).await?;
                tx.commit().await?;
            }
            progress(report.people_checked);
        }
        let sessions_before = start_of(cut_off(today, schedule.ended_sessions_days));
        let notifications_before = start_of(cut_off(today, schedule.sent_notifications_days));
        let contacts_before = start_of(unlinked_contacts_cut_off(today, &schedule));
        let mut tx = self.begin().await?;
        report.sessions_removed = tx.remove_sessions_unused_since(sessions_before).await?;
        report.notifications_removed = tx.remove_notifications_sent_before(notifications_before).await?;
        report.helpline_contacts_erased = tx.erase_unlinked_helpline_contacts_before(contacts_before).await?;
        if dry_run {
            // Counted by removing in a transaction that is now rolled back.
            return Ok(report);
        }
        for (kind, count, before) in [
            ("sessions", report.sessions_removed, sessions_before),
            ("notifications", report.notifications_removed, notifications_before),
            ("helpline_contacts", report.helpline_contacts_erased, contacts_before),
        ] {
            if count > 0 {
                let details = serde_json::json!({ "kind": kind, "removed": count, "before": before.to_rfc3339() });
                tx.append_audit(self.audit_event(actor, AuditAction::RetentionRemoved, kind, None, &details)).await?;
            }
        }
        tx.commit().await?;
        Ok(report)
    }
}

/// Midnight UTC at the start of a day.
fn start_of(day: Date) -> Timestamp {
    Timestamp::new(day.midnight().assume_utc())
}
