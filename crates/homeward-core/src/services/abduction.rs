//! Child abduction warning notices (issue 17, item 5): a force records a notice it served on an adult (an
//! associate) in respect of a child it sees, with the day served and the expiry; the force lists its notices, by
//! child or adult. While a notice is in force, a new episode of its child or a finding naming its adult alerts the
//! force and the child's council (`crate::prompts`). The notices are the police's: only police roles read them.

use time::Date;

use crate::authz::{Action, Actor, check_at_all};
use crate::domain::abduction::{AbductionNotice, NoticeFilter, NoticePage, NoticePaging};
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AbductionNoticeId, AssociateId, PersonId};
use crate::domain::intel::{Associate, Linked};
use crate::domain::paging::{Cursor, Page};
use crate::domain::person::Person;
use crate::domain::text::{FreeText, Reference, optional};
use crate::domain::time::{london, parse_date};
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;
use crate::rules::abduction::{check_dates, in_force};

use super::Core;

/// A notice as submitted.
#[derive(Debug, Clone, Default)]
pub struct NoticeInput {
    pub associate_id: String,
    pub child_id: String,
    pub served_on: String,
    pub expires_on: String,
    pub police_reference: Option<String>,
    pub notes: Option<String>,
}

/// A notice to record, parsed.
#[derive(Debug, Clone)]
pub struct NewAbductionNotice {
    pub associate_id: AssociateId,
    pub child_id: PersonId,
    pub served_on: Date,
    pub expires_on: Date,
    pub police_reference: Option<Reference>,
    pub notes: Option<FreeText>,
}

impl NewAbductionNotice {
    pub fn parse(input: &NoticeInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let associate_id =
            errors.check("associate_id", AssociateId::parse(input.associate_id.trim()).map_err(|_| "choose the adult"));
        let child_id = errors.check("child_id", PersonId::parse(input.child_id.trim()).map_err(|_| "choose the child"));
        let served_on = errors.check("served_on", parse_date(input.served_on.trim()));
        let expires_on = errors.check("expires_on", parse_date(input.expires_on.trim()));
        let police_reference =
            errors.check("police_reference", optional(input.police_reference.as_deref(), Reference::parse));
        let notes = errors.check("notes", optional(input.notes.as_deref(), FreeText::parse));
        errors.into_result()?;
        Ok(Self {
            associate_id: associate_id.expect("checked"),
            child_id: child_id.expect("checked"),
            served_on: served_on.expect("checked"),
            expires_on: expires_on.expect("checked"),
            police_reference: police_reference.expect("checked"),
            notes: notes.expect("checked"),
        })
    }
}

/// A notice with the adult and child it names, and whether it is in force today.
#[derive(Debug, Clone)]
pub struct NoticeView {
    pub notice: AbductionNotice,
    pub associate: Option<Associate>,
    /// The child, when the reader's force still sees them.
    pub child: Option<Person>,
    pub in_force: bool,
}

pub type NoticeViewPage = Page<NoticeView, Date, AbductionNoticeId>;

async fn views(
    tx: &mut dyn Tx,
    actor: &Actor,
    notices: Vec<AbductionNotice>,
    today: Date,
) -> Result<Vec<NoticeView>, CoreError> {
    let associates = tx.associates_with_ids(&notices.iter().map(|n| n.associate_id).collect::<Vec<_>>()).await?;
    let children =
        tx.people_in_scope(&notices.iter().map(|n| n.child_id).collect::<Vec<_>>(), actor.case_scope()).await?;
    Ok(notices
        .into_iter()
        .map(|notice| NoticeView {
            associate: associates.iter().find(|a| a.id == notice.associate_id).cloned(),
            child: children.iter().find(|c| c.id == notice.child_id).cloned(),
            in_force: in_force(&notice, today),
            notice,
        })
        .collect())
}

impl Core {
    /// Records a notice the actor's force served: on an adult linked to an episode the force sees, about a child
    /// it sees who was under 18 the day it was served.
    pub async fn record_abduction_notice(
        &self,
        actor: &Actor,
        new: NewAbductionNotice,
    ) -> Result<NoticeView, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::AbductionNoticeRecorded, "abduction_notice"), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::RecordAbductionNotice)?;
            let (Some(user), Some(force)) = (actor.user_id(), actor.agency_id()) else {
                return Err(CoreError::Forbidden("notices are recorded by a force's officers"));
            };
            let now = self.now();
            let today = london(now).date();
            check_dates(new.served_on, new.expires_on, today)?;
            let mut tx = self.begin().await?;
            let mut errors = FieldErrors::new();
            let adult = [Linked::Associate(new.associate_id)];
            if tx.linked_in_scope(&adult, scope).await?.is_empty() {
                errors.add("associate_id", "no adult with this id is linked to an episode your force sees");
            }
            match tx.person(new.child_id, scope).await? {
                None => errors.add("child_id", "no child with this id is shared with your force"),
                Some(child) if crate::domain::time::age_on(child.date_of_birth, new.served_on) >= 18 => {
                    errors.add("child_id", "was 18 or over the day the notice was served: a notice protects a child");
                }
                Some(_) => {}
            }
            errors.into_result()?;
            let notice = AbductionNotice {
                id: AbductionNoticeId::random(),
                associate_id: new.associate_id,
                child_id: new.child_id,
                served_on: new.served_on,
                expires_on: new.expires_on,
                force_id: force,
                police_reference: new.police_reference,
                notes: new.notes,
                recorded_by: user,
                recorded_at: now,
            };
            tx.insert_abduction_notice(&notice).await?;
            let details = serde_json::json!({
                "associate_id": notice.associate_id.to_string(),
                "child_id": notice.child_id.to_string(),
            });
            let event = self.audit_event(
                actor,
                AuditAction::AbductionNoticeRecorded,
                "abduction_notice",
                Some(notice.id.to_string()),
                &details,
            );
            tx.append_audit(event).await?;
            let mut shown = views(tx.as_mut(), actor, vec![notice], today).await?;
            tx.commit().await?;
            Ok(shown.remove(0))
        })
        .await
    }

    /// A page of the notices the actor's force served, most recently served first: all, or one child's or one
    /// adult's. The read is audited with the ids.
    pub async fn abduction_notices(
        &self,
        actor: &Actor,
        filter: NoticeFilter,
        paging: &NoticePaging,
    ) -> Result<NoticeViewPage, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::AbductionNoticesListed, "abduction_notice"), async {
            actor.case_records()?;
            check_at_all(actor, Action::RecordAbductionNotice)?;
            let force = actor.agency_id().expect("the table grants this to police staff only");
            let mut tx = self.begin_read().await?;
            let found = tx.abduction_notices_of(force, filter, &paging.one_more()).await?;
            let NoticePage { items, next } = Page::cut(found, paging, |n| Cursor { key: n.served_on, id: n.id });
            let ids: Vec<String> = items.iter().map(|n| n.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::AbductionNoticesListed,
                "abduction_notice",
                None,
                &serde_json::json!({ "ids": ids }),
            );
            let items = views(tx.as_mut(), actor, items, london(self.now()).date()).await?;
            self.record_read(tx, event).await?;
            Ok(Page { items, next })
        })
        .await
    }
}
