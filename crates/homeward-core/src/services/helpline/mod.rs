//! Helpline and self-referral contacts (issue 17, item 3): an interview provider (charities running helplines are
//! registered as interview providers) logs a contact; shared with consent or on a safeguarding ground it goes to the
//! council the provider names, which is alerted through the outbox and may link it to a person it sees; not shared,
//! it stays with the provider, and every other agency finds nothing. A linked contact is read with the person by
//! whoever sees them, what was asked withheld from those who do not read the person's own account.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::authz::{
    Action, Actor, Identity, Scope, Sensitivity, Subject, actions, check, check_at_all, helpline_standing, may,
    may_at_all, redact,
};
use crate::domain::agency::{Agency, AgencyCode, AgencyKind};
use crate::domain::alert::{Alert, AlertKind};
use crate::domain::audit::AuditAction;
use crate::domain::helpline::{HelplineContact, HelplineFigures, HelplinePaging};
use crate::domain::ids::{AgencyId, HelplineContactId, PersonId};
use crate::domain::paging::{Cursor, Page};
use crate::domain::stats::Period;
use crate::domain::time::{Timestamp, format_date, london};
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::alerts::Due;
use crate::rules::clock::in_the_future;
use crate::rules::helpline::SafeguardingGround;

mod input;

pub use input::{HelplineInput, NewHelplineContact};

use super::Core;

/// A contact as its reader may see it, with the agencies it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelplineView {
    pub contact: HelplineContact,
    pub provider: Option<Agency>,
    pub shared_with: Option<Agency>,
    pub home_la: Option<Agency>,
    /// Whether the reader may link it to a person now (it is linked to no one yet).
    pub may_link: bool,
    /// Whether the reader may undo its link (it is linked, and they could have made the link).
    pub may_unlink: bool,
    pub withheld: Vec<Sensitivity>,
}

pub type HelplineViewPage = Page<HelplineView, Timestamp, HelplineContactId>;

/// The contact, if the actor's agency logged it or had it shared, or the actor sees the person it is linked to and
/// reads the child's own account; not found otherwise, exactly as a contact that does not exist. A contact is a
/// disclosure (why it was shared, when, how): care staff, who never read the child's account, find none, for the
/// contact may be about the home itself.
async fn seen(tx: &mut dyn Tx, actor: &Actor, id: HelplineContactId) -> Result<HelplineContact, CoreError> {
    let scope = actor.case_records()?;
    let contact = tx.helpline_contact(id).await?.ok_or(CoreError::NotFound)?;
    if may(actor, Action::ReadHelplineContacts, &helpline_standing(actor, &contact)) {
        return Ok(contact);
    }
    match contact.person_id {
        Some(person) if may_at_all(actor, Action::ReadChildsAccount) && tx.person(person, scope).await?.is_some() => {
            Ok(contact)
        }
        _ => Err(CoreError::NotFound),
    }
}

/// A council named by its code, or the field's error.
async fn council(tx: &mut dyn Tx, field: &str, code: Option<&AgencyCode>) -> Result<Option<Agency>, CoreError> {
    let Some(code) = code else { return Ok(None) };
    match tx.agency_by_code(code).await? {
        Some(agency) if agency.kind == AgencyKind::LocalAuthority => Ok(Some(agency)),
        _ => Err(CoreError::invalid(field, "names no council: enter a council's code, for example E10000023")),
    }
}

/// Each contact as the actor may see it, the agencies it names read once each.
async fn views(tx: &mut dyn Tx, actor: &Actor, contacts: Vec<HelplineContact>) -> Result<Vec<HelplineView>, CoreError> {
    let mut agencies: HashMap<AgencyId, Option<Agency>> = HashMap::new();
    let mut shown = Vec::with_capacity(contacts.len());
    for mut contact in contacts {
        for id in [Some(contact.provider_id), contact.shared_with, contact.home_la_id].into_iter().flatten() {
            if let Entry::Vacant(slot) = agencies.entry(id) {
                slot.insert(tx.agency(id).await?);
            }
        }
        let named = |id: Option<AgencyId>| id.and_then(|id| agencies.get(&id).cloned().flatten());
        let may = actions(actor, &Subject::HelplineContact(&contact));
        let (may_link, may_unlink) =
            (may.contains(Action::LinkHelplineContact), may.contains(Action::UnlinkHelplineContact));
        let (provider, shared_with, home_la) =
            (named(Some(contact.provider_id)), named(contact.shared_with), named(contact.home_la_id));
        let withheld = redact(actor, &mut contact);
        shown.push(HelplineView { contact, provider, shared_with, home_la, may_link, may_unlink, withheld });
    }
    Ok(shown)
}

fn ids(views: &[HelplineView]) -> serde_json::Value {
    let ids: Vec<String> = views.iter().map(|v| v.contact.id.to_string()).collect();
    serde_json::json!({ "ids": ids })
}

impl Core {
    /// Logs a contact for the actor's provider: shared with the council it names, with the person's record it
    /// names (one the actor sees), or kept. A shared contact alerts the council in the same transaction.
    pub async fn log_helpline_contact(
        &self,
        actor: &Actor,
        new: NewHelplineContact,
    ) -> Result<HelplineView, CoreError> {
        let action = AuditAction::HelplineContactLogged;
        self.attempt(actor, super::Attempt::list(action, "helpline_contact"), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::LogHelplineContact)?;
            let (Some(user), Some(provider)) = (actor.user_id(), actor.agency_id()) else {
                return Err(CoreError::Forbidden(Action::LogHelplineContact.refusal()));
            };
            let now = self.now();
            if in_the_future(new.contacted_at, now) {
                return Err(CoreError::invalid("contacted_at", "must not be in the future"));
            }
            if new.date_of_birth.is_some_and(|born| born > london(now).date()) {
                return Err(CoreError::invalid("date_of_birth", "must not be in the future"));
            }
            let mut tx = self.begin().await?;
            let home_la = council(tx.as_mut(), "home_la", new.home_la.as_ref()).await?;
            let shared_with = council(tx.as_mut(), "share_with", new.share_with.as_ref()).await?;
            if let Some(person) = new.person_id {
                tx.person(person, scope).await?.ok_or(CoreError::NotFound)?;
                // The council shared with must hold the person too, or the contact would sit on a record it cannot
                // open and could never link again.
                let council = shared_with.as_ref().map(|c| Scope::LocalAuthority(c.id));
                if let Some(council) = council
                    && tx.person(person, council).await?.is_none()
                {
                    return Err(CoreError::invalid(
                        "person_id",
                        "is not a person the council you share with holds: leave it out, and the council links it",
                    ));
                }
            }
            let contact = HelplineContact {
                id: HelplineContactId::random(),
                provider_id: provider,
                channel: new.channel,
                contacted_at: new.contacted_at,
                contact_by: new.contact_by,
                asked: Some(new.asked),
                name: new.name,
                date_of_birth: new.date_of_birth,
                home_la_id: home_la.map(|a| a.id),
                sharing: new.sharing,
                shared_with: shared_with.as_ref().map(|a| a.id),
                person_id: new.person_id,
                linked_by: new.person_id.map(|_| user),
                linked_at: new.person_id.map(|_| now),
                logged_by: user,
                logged_at: now,
            };
            tx.insert_helpline_contact(&contact).await?;
            if let Some(council) = &shared_with {
                // The council's duty inbox hears that a contact came, never what it says (rules/notify.rs).
                let due = Due {
                    kind: AlertKind::HelplineContactShared,
                    agency: council.id,
                    occasion: contact.id.to_string(),
                };
                crate::outbox::raise(tx.as_mut(), vec![Alert::about_record(due, now)], now).await?;
            }
            let details = serde_json::json!({
                "sharing": contact.sharing.kind().as_str(),
                "ground": contact.sharing.ground().map(SafeguardingGround::as_str),
                "shared_with": contact.shared_with.map(|a| a.to_string()),
                "person": contact.person_id.map(|p| p.to_string()),
            });
            let event = self.audit_event(actor, action, "helpline_contact", Some(contact.id.to_string()), &details);
            tx.append_audit(event).await?;
            let shown = views(tx.as_mut(), actor, vec![contact]).await?.remove(0);
            tx.commit().await?;
            Ok(shown)
        })
        .await
    }

    /// One contact the actor sees. The read is audited.
    pub async fn helpline_contact(&self, actor: &Actor, id: HelplineContactId) -> Result<HelplineView, CoreError> {
        let action = AuditAction::HelplineContactRead;
        self.attempt(actor, super::Attempt::on(action, "helpline_contact", &id), async {
            let mut tx = self.begin_read().await?;
            let contact = seen(tx.as_mut(), actor, id).await?;
            let shown = views(tx.as_mut(), actor, vec![contact]).await?.remove(0);
            let event =
                self.audit_event(actor, action, "helpline_contact", Some(id.to_string()), &serde_json::json!({}));
            self.record_read(tx, event).await?;
            Ok(shown)
        })
        .await
    }

    /// A page of the contacts the actor's agency logged (a provider) or had shared with it (a council: its inbox),
    /// newest contact first. The read is audited with the ids.
    pub async fn helpline_contacts(
        &self,
        actor: &Actor,
        paging: &HelplinePaging,
    ) -> Result<HelplineViewPage, CoreError> {
        let action = AuditAction::HelplineContactsListed;
        self.attempt(actor, super::Attempt::list(action, "helpline_contact"), async {
            actor.case_records()?;
            check_at_all(actor, Action::ReadHelplineContacts)?;
            let agency = actor.agency_id().ok_or(CoreError::Forbidden(Action::ReadHelplineContacts.refusal()))?;
            let mut tx = self.begin_read().await?;
            let shared = matches!(actor.identity, Identity::User { agency_kind: AgencyKind::LocalAuthority, .. });
            let found = tx.helpline_contacts_of(agency, shared, &paging.one_more()).await?;
            let Page { items, next } = Page::cut(found, paging, |c| Cursor { key: c.contacted_at, id: c.id });
            let items = views(tx.as_mut(), actor, items).await?;
            let event = self.audit_event(actor, action, "helpline_contact", None, &ids(&items));
            self.record_read(tx, event).await?;
            Ok(Page { items, next })
        })
        .await
    }

    /// A page of the contacts linked to a person the actor sees, newest contact first, for those who read the
    /// child's own account (care staff are refused: a contact may be about their home). The read is audited.
    pub async fn helpline_contacts_for_person(
        &self,
        actor: &Actor,
        person: PersonId,
        paging: &HelplinePaging,
    ) -> Result<HelplineViewPage, CoreError> {
        let action = AuditAction::HelplineContactsListed;
        self.attempt(actor, super::Attempt::on(action, "person", &person), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::ReadChildsAccount)?;
            let mut tx = self.begin_read().await?;
            tx.person(person, scope).await?.ok_or(CoreError::NotFound)?;
            let found = tx.helpline_contacts_for_person(person, &paging.one_more()).await?;
            let Page { items, next } = Page::cut(found, paging, |c| Cursor { key: c.contacted_at, id: c.id });
            let items = views(tx.as_mut(), actor, items).await?;
            let event = self.audit_event(actor, action, "person", Some(person.to_string()), &ids(&items));
            self.record_read(tx, event).await?;
            Ok(Page { items, next })
        })
        .await
    }

    /// Links a contact shared with the actor's council to a person the council sees: once.
    pub async fn link_helpline_contact(
        &self,
        actor: &Actor,
        id: HelplineContactId,
        person: PersonId,
    ) -> Result<HelplineView, CoreError> {
        let action = AuditAction::HelplineContactLinked;
        self.attempt(actor, super::Attempt::on(action, "helpline_contact", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::LinkHelplineContact)?;
            let user = actor.user_id().ok_or(CoreError::Forbidden(Action::LinkHelplineContact.refusal()))?;
            let mut tx = self.begin().await?;
            let mut contact = seen(tx.as_mut(), actor, id).await?;
            check(actor, Action::LinkHelplineContact, &Subject::HelplineContact(&contact))?;
            tx.person(person, scope).await?.ok_or(CoreError::NotFound)?;
            let now = self.now();
            if !tx.link_helpline_contact(id, person, user, now).await? {
                return Err(CoreError::Rule {
                    code: "already_linked",
                    message: "this contact is already linked to a person's record".into(),
                    field: None,
                });
            }
            (contact.person_id, contact.linked_by, contact.linked_at) = (Some(person), Some(user), Some(now));
            self.linking_done(tx, actor, action, contact, person).await
        })
        .await
    }

    /// Undoes a contact's link to a person, for the council it was shared with (those who link): a contact linked
    /// to the wrong child put a disclosure on their record for every agency that sees them. The contact goes back
    /// to the council's inbox, to be linked again; the audit event names the person it left.
    pub async fn unlink_helpline_contact(
        &self,
        actor: &Actor,
        id: HelplineContactId,
    ) -> Result<HelplineView, CoreError> {
        let action = AuditAction::HelplineContactUnlinked;
        self.attempt(actor, super::Attempt::on(action, "helpline_contact", &id), async {
            actor.case_records()?;
            check_at_all(actor, Action::UnlinkHelplineContact)?;
            let mut tx = self.begin().await?;
            let mut contact = seen(tx.as_mut(), actor, id).await?;
            check(actor, Action::UnlinkHelplineContact, &Subject::HelplineContact(&contact))?;
            let not_linked = || CoreError::Rule {
                code: "not_linked",
                message: "this contact is not linked to anyone's record".into(),
                field: None,
            };
            let person = contact.person_id.ok_or_else(not_linked)?;
            if !tx.unlink_helpline_contact(id, person).await? {
                return Err(not_linked());
            }
            (contact.person_id, contact.linked_by, contact.linked_at) = (None, None, None);
            self.linking_done(tx, actor, action, contact, person).await
        })
        .await
    }

    /// Ends a link or its undoing: the audit event naming the person, in the same transaction, and the contact as
    /// the actor now sees it.
    async fn linking_done(
        &self,
        mut tx: Box<dyn Tx>,
        actor: &Actor,
        action: AuditAction,
        contact: HelplineContact,
        person: PersonId,
    ) -> Result<HelplineView, CoreError> {
        let details = serde_json::json!({ "person": person.to_string() });
        let id = contact.id.to_string();
        tx.append_audit(self.audit_event(actor, action, "helpline_contact", Some(id), &details)).await?;
        let shown = views(tx.as_mut(), actor, vec![contact]).await?.remove(0);
        tx.commit().await?;
        Ok(shown)
    }

    /// The actor's provider's figures of its own contacts made from `from` to `to` (London dates, both included):
    /// by channel, by who contacted, and by sharing basis. For its practitioners and analysts only (naming their own
    /// agency changes nothing), or an operator naming the provider; kept contacts count here and nowhere else.
    pub async fn helpline_figures(
        &self,
        actor: &Actor,
        from: time::Date,
        to: time::Date,
        agency: Option<&AgencyCode>,
    ) -> Result<HelplineFigures, CoreError> {
        let action = AuditAction::HelplineFiguresRead;
        self.attempt(actor, super::Attempt::list(action, "helpline_figures"), async {
            let period = Period::new(from, to).map_err(CoreError::Invalid)?;
            let (start, end) = period.instants();
            let mut tx = self.begin_read().await?;
            let provider = match agency {
                None => helpline_figures_agency(actor)?,
                Some(code) => {
                    let named = tx.agency_by_code(code).await?.filter(|a| a.kind == AgencyKind::RhiProvider);
                    let named = named.ok_or_else(|| CoreError::invalid("agency", "names no interview provider"))?;
                    if actor.user_id().is_some() && helpline_figures_agency(actor)? != named.id {
                        return Err(CoreError::Forbidden("only your own agency's figures are yours to see"));
                    }
                    named.id
                }
            };
            let counts = tx.helpline_counts(provider, start, end).await?;
            let details = serde_json::json!({
                "from": format_date(period.from()),
                "to": format_date(period.to()),
                "agency": provider.to_string(),
            });
            self.record_read(tx, self.audit_event(actor, action, "helpline_figures", None, &details)).await?;
            Ok(HelplineFigures::tally(&counts))
        })
        .await
    }
}

/// Whose helpline figures the actor reads: their own interview provider's, if they are its practitioner or analyst
/// (who see figures, never records). Nobody else has a helpline's figures.
pub fn helpline_figures_agency(actor: &Actor) -> Result<AgencyId, CoreError> {
    let refused =
        CoreError::Forbidden("helpline figures are the interview provider's own: its practitioners and analysts");
    let figures_of_provider = matches!(
        actor.figures_scope(),
        Ok(crate::authz::Scope::Practitioner(_) | crate::authz::Scope::InterviewProvider(_))
    );
    match actor.agency_id() {
        Some(agency) if figures_of_provider => Ok(agency),
        _ => Err(refused),
    }
}

/// Whether the actor's role has the helpline pages: its provider's practitioners, and its council's staff (the
/// inbox of contacts shared with it). The navigation draws its link from this.
pub fn has_helpline(actor: &Actor) -> bool {
    crate::authz::may_at_all(actor, Action::ReadHelplineContacts)
}

/// Whether the actor's role may log contacts (a provider's practitioners): the pages offer the form from this.
pub fn may_log(actor: &Actor) -> bool {
    crate::authz::may_at_all(actor, Action::LogHelplineContact)
}
