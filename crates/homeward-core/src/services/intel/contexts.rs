//! Contexts (contextual safeguarding): a place or peer group opened as a subject in its own right by an agency's
//! coordinator, with a plan and a review date; its places, associates and children; and the alert to its owner
//! when a new episode or finding touches any of them.

use crate::authz::{Action, Actor, Scope, check_at_all};
use crate::domain::alert::{Alert, AlertKind};
use crate::domain::audit::AuditAction;
use crate::domain::context::{Context, ContextKind, ContextPage, ContextPaging};
use crate::domain::episode::Episode;
use crate::domain::ids::{AssociateId, ContextId, PersonId, PlaceId};
use crate::domain::intel::{Associate, IntelLink, Linked, Place};
use crate::domain::paging::{Cursor, Page};
use crate::domain::person::Person;
use crate::domain::text::FreeText;
use crate::domain::time::{Timestamp, london, parse_date};
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;
use crate::rules::alerts::Due;

use super::Core;

/// A context as submitted: text, and the ids of what it links.
#[derive(Debug, Clone, Default)]
pub struct ContextInput {
    pub kind: String,
    pub title: String,
    pub plan: String,
    pub review_on: String,
    pub places: Vec<String>,
    pub associates: Vec<String>,
    pub children: Vec<String>,
}

/// A context to open, parsed.
#[derive(Debug, Clone)]
pub struct NewContext {
    pub kind: ContextKind,
    pub title: FreeText,
    pub plan: FreeText,
    pub review_on: time::Date,
    pub places: Vec<PlaceId>,
    pub associates: Vec<AssociateId>,
    pub children: Vec<PersonId>,
}

fn ids<T: std::str::FromStr>(errors: &mut FieldErrors, field: &str, given: &[String]) -> Vec<T> {
    let parsed: Result<Vec<T>, _> = given.iter().map(|id| id.trim().parse::<T>()).collect();
    errors.check(field, parsed.map_err(|_| "lists ids Homeward gave out")).unwrap_or_default()
}

impl NewContext {
    pub fn parse(input: &ContextInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let kind = errors.check("kind", ContextKind::parse(&input.kind));
        let title = errors.check("title", FreeText::parse(&input.title));
        let plan = errors.check("plan", FreeText::parse(&input.plan));
        let review_on = errors.check("review_on", parse_date(&input.review_on));
        let places = ids(&mut errors, "places", &input.places);
        let associates = ids(&mut errors, "associates", &input.associates);
        let children = ids(&mut errors, "children", &input.children);
        if input.places.is_empty() && input.associates.is_empty() && input.children.is_empty() {
            errors.add("places", "link at least one place, associate or child");
        }
        errors.into_result()?;
        // An id given twice is one member.
        let (mut places, mut associates, mut children) = (places, associates, children);
        places.sort_unstable();
        places.dedup();
        associates.sort_unstable();
        associates.dedup();
        children.sort_unstable();
        children.dedup();
        Ok(Self {
            kind: kind.expect("checked"),
            title: title.expect("checked"),
            plan: plan.expect("checked"),
            review_on: review_on.expect("checked"),
            places,
            associates,
            children,
        })
    }
}

/// A context with what it links, the children only where the reader's agency sees them.
#[derive(Debug, Clone)]
pub struct ContextView {
    pub context: Context,
    pub places: Vec<Place>,
    pub associates: Vec<Associate>,
    pub children: Vec<Person>,
}

/// Alerts the owners of open contexts that a record made at `made` (a return, an interview) touches one of their
/// places, associates or children: only contexts opened by then, so filing older records again raises nothing.
pub(super) async fn touch(
    tx: &mut dyn Tx,
    episode: &Episode,
    links: &[IntelLink],
    made: Timestamp,
    now: Timestamp,
) -> Result<(), CoreError> {
    let linked: Vec<_> = links.iter().map(|l| l.linked).collect();
    let touched = tx.open_contexts_touching(&linked, episode.person_id, made).await?;
    let alerts = touched
        .into_iter()
        .map(|(context, owner)| {
            let due = Due { kind: AlertKind::ContextTouched, agency: owner, occasion: context.to_string() };
            Alert::raised(due, episode.id, now)
        })
        .collect();
    crate::outbox::raise(tx, alerts, now).await?;
    Ok(())
}

/// The context, if the actor's agency owns it; otherwise not found, as if it did not exist.
async fn owned(tx: &mut dyn Tx, actor: &Actor, id: ContextId) -> Result<Context, CoreError> {
    let context = tx.context(id).await?.ok_or(CoreError::NotFound)?;
    if actor.agency_id() == Some(context.owner_agency_id) { Ok(context) } else { Err(CoreError::NotFound) }
}

async fn view(tx: &mut dyn Tx, scope: Scope, context: Context) -> Result<ContextView, CoreError> {
    let places = tx.places_with_ids(&context.places).await?;
    let associates = tx.associates_with_ids(&context.associates).await?;
    let children = tx.people_in_scope(&context.children, scope).await?;
    Ok(ContextView { context, places, associates, children })
}

impl Core {
    /// Opens a context owned by the actor's agency. Its children must be ones the agency sees, its places and
    /// associates ones Homeward holds.
    pub async fn open_context(&self, actor: &Actor, new: NewContext) -> Result<ContextView, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::ContextOpened, "context"), async {
        let scope = actor.case_records()?;
        check_at_all(actor, Action::ReadIntelligence)?;
        let (Some(user), Some(agency)) = (actor.user_id(), actor.agency_id()) else {
            return Err(CoreError::Forbidden("contexts are opened by an agency's coordinator"));
        };
        let now = self.now();
        if new.review_on < london(now).date() {
            return Err(CoreError::invalid("review_on", "must be today or later"));
        }
        let mut tx = self.begin().await?;
        let mut errors = FieldErrors::new();
        // Places and associates an agency may watch are those linked to an episode it sees.
        let places: Vec<Linked> = new.places.iter().map(|id| Linked::Place(*id)).collect();
        if tx.linked_in_scope(&places, scope).await?.len() != places.len() {
            errors.add("places", "lists a place not linked to any episode your agency sees");
        }
        let associates: Vec<Linked> = new.associates.iter().map(|id| Linked::Associate(*id)).collect();
        if tx.linked_in_scope(&associates, scope).await?.len() != associates.len() {
            errors.add("associates", "lists an associate not linked to any episode your agency sees");
        }
        if tx.people_in_scope(&new.children, scope).await?.len() != new.children.len() {
            errors.add("children", "lists a child your agency does not see");
        }
        errors.into_result()?;
        let context = Context {
            id: ContextId::random(),
            kind: new.kind,
            title: new.title,
            plan: new.plan,
            review_on: new.review_on,
            owner_agency_id: agency,
            opened_by: user,
            opened_at: now,
            closed_at: None,
            places: new.places,
            associates: new.associates,
            children: new.children,
        };
        tx.insert_context(&context).await?;
        let details = serde_json::json!({
            "places": context.places.len(), "associates": context.associates.len(), "children": context.children.len(),
        });
        let event =
            self.audit_event(actor, AuditAction::ContextOpened, "context", Some(context.id.to_string()), &details);
        tx.append_audit(event).await?;
        let shown = view(tx.as_mut(), scope, context).await?;
        tx.commit().await?;
        Ok(shown)
        }).await
    }

    /// A page of the contexts the actor's agency owns, most recently opened first.
    pub async fn contexts(&self, actor: &Actor, paging: &ContextPaging) -> Result<ContextPage, CoreError> {
        self.attempt(actor, crate::services::Attempt::list(AuditAction::ContextsListed, "context"), async {
            actor.case_records()?;
            check_at_all(actor, Action::ReadIntelligence)?;
            let agency = actor.agency_id().ok_or(CoreError::Forbidden("contexts belong to an agency"))?;
            let mut tx = self.begin_read().await?;
            let found = tx.contexts_of(agency, &paging.one_more()).await?;
            let page = Page::cut(found, paging, |c| Cursor { key: c.opened_at, id: c.id });
            let ids: Vec<String> = page.items.iter().map(|c| c.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::ContextsListed,
                "context",
                None,
                &serde_json::json!({ "ids": ids }),
            );
            self.record_read(tx, event).await?;
            Ok(page)
        })
        .await
    }

    /// One context the actor's agency owns, with what it links.
    pub async fn context_view(&self, actor: &Actor, id: ContextId) -> Result<ContextView, CoreError> {
        self.attempt(actor, crate::services::Attempt::on(AuditAction::ContextsListed, "context", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::ReadIntelligence)?;
            let mut tx = self.begin_read().await?;
            let context = owned(tx.as_mut(), actor, id).await?;
            let shown = view(tx.as_mut(), scope, context).await?;
            let event = self.audit_event(
                actor,
                AuditAction::ContextsListed,
                "context",
                Some(id.to_string()),
                &serde_json::json!({}),
            );
            self.record_read(tx, event).await?;
            Ok(shown)
        })
        .await
    }

    /// Closes a context the actor's agency owns: touching it alerts nobody any more.
    pub async fn close_context(&self, actor: &Actor, id: ContextId) -> Result<ContextView, CoreError> {
        self.attempt(actor, crate::services::Attempt::on(AuditAction::ContextClosed, "context", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::ReadIntelligence)?;
            let mut tx = self.begin().await?;
            let mut context = owned(tx.as_mut(), actor, id).await?;
            if context.closed_at.is_some() {
                return Err(CoreError::invalid("context", "is already closed"));
            }
            let now = self.now();
            tx.close_context(id, now).await?;
            context.closed_at = Some(now);
            tx.append_audit(self.audit_event(
                actor,
                AuditAction::ContextClosed,
                "context",
                Some(id.to_string()),
                &serde_json::json!({}),
            ))
            .await?;
            let shown = view(tx.as_mut(), scope, context).await?;
            tx.commit().await?;
            Ok(shown)
        })
        .await
    }
}
