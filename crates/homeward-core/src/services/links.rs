//! Links between person records that are one person (issue 14): `homeward link run` reads every person's
//! identifying fields and records the pairs linkage found as potential proposals; a council's or force's
//! coordinator confirms or rejects each, for people they see, with a reason; a decision can be undone exactly. A
//! confirmed proposal is the link: both records stay as they were, with their own sources and episodes.

use crate::authz::{Action, Actor, Subject, check, check_at_all};
use crate::domain::audit::AuditAction;
use crate::domain::ids::{LinkProposalId, PersonId};
use crate::domain::link::{
    FoundLink, LinkDecision, LinkPaging, LinkProposal, LinkProposalPage, LinkStatus, LinkagePerson,
};
use crate::domain::paging::{Cursor, Page};
use crate::error::CoreError;
use crate::ports::Tx;

use super::Core;

/// What a run of linkage added to the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposedLinks {
    /// Pairs handed in.
    pub found: usize,
    /// Of those, pairs never proposed before, now potential.
    pub added: u64,
}

/// The proposal, if the actor may review it: both of its people must be within their scope, and the table must let
/// them review links for each. A proposal about someone they may not see is not found, as if it did not exist.
async fn reviewable(
    tx: &mut dyn Tx,
    actor: &Actor,
    id: LinkProposalId,
    now: crate::domain::time::Timestamp,
) -> Result<LinkProposal, CoreError> {
    let proposal = tx.link_proposal(id).await?.ok_or(CoreError::NotFound)?;
    let mut people = Vec::with_capacity(2);
    for id in [proposal.person_l, proposal.person_r] {
        people.push(tx.person(id, actor.case_scope()).await?.ok_or(CoreError::NotFound)?);
    }
    for person in &people {
        check(actor, Action::ReviewLink, &Subject::Person { person, now })?;
    }
    Ok(proposal)
}

/// Sets which person each record of the pair's sets counts as: the smallest id among the records its confirmed
/// links now join it to, itself when none is smaller. Every record joined before the decision is in one of the
/// pair's two sets after it (one set when confirmed; the old set, split in two, when undone), so walking the two
/// sets once each recounts every record the decision touched.
async fn recount(tx: &mut dyn Tx, pair: (PersonId, PersonId)) -> Result<(), CoreError> {
    let mut counted: Vec<(PersonId, Option<PersonId>)> = Vec::new();
    for person in [pair.0, pair.1] {
        if counted.iter().any(|(p, _)| *p == person) {
            continue;
        }
        let mut set = tx.linked_people(person).await?;
        set.push(person);
        let smallest = *set.iter().min_by_key(ToString::to_string).expect("the set holds the person");
        counted.extend(set.into_iter().map(|p| (p, (p != smallest).then_some(smallest))));
    }
    tx.set_canonical(&counted).await?;
    Ok(())
}

impl Core {
    /// Every person's identifying fields, for `homeward link run`: for the service's operators only, the read
    /// audited with its count.
    pub async fn linkage_people(&self, actor: &Actor) -> Result<Vec<LinkagePerson>, CoreError> {
        actor.require_operator("linking every person's record is run by the service's operators")?;
        let mut tx = self.begin_read().await?;
        let people = tx.linkage_people().await?;
        let details = serde_json::json!({ "people": people.len() });
        let event = self.audit_event(actor, AuditAction::LinkagePeopleRead, "person", None, &details);
        self.record_read(tx, event).await?;
        Ok(people)
    }

    /// Records found pairs as potential proposals. A pair proposed before is left as it is, whatever its review
    /// came to: a run never duplicates a proposal nor reopens a decision.
    pub async fn propose_links(&self, actor: &Actor, found: &[FoundLink]) -> Result<ProposedLinks, CoreError> {
        actor.require_operator("proposing links over every person is run by the service's operators")?;
        let now = self.now();
        let proposals: Vec<LinkProposal> = found.iter().filter_map(|f| LinkProposal::propose(f, now)).collect();
        let mut tx = self.begin().await?;
        let added = tx.insert_link_proposals(&proposals).await?;
        let details = serde_json::json!({ "found": found.len(), "added": added });
        tx.append_audit(self.audit_event(actor, AuditAction::LinksProposed, "link_proposal", None, &details)).await?;
        tx.commit().await?;
        Ok(ProposedLinks { found: found.len(), added })
    }

    /// A page of the proposals with this status about people the actor sees (both of them), oldest first. The
    /// read is audited with the ids.
    pub async fn link_proposals(
        &self,
        actor: &Actor,
        status: LinkStatus,
        paging: &LinkPaging,
    ) -> Result<LinkProposalPage, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::LinkProposalsListed, "link_proposal"), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::ReviewLink)?;
            let mut tx = self.begin_read().await?;
            let proposals = tx.link_proposals(scope, status, &paging.one_more()).await?;
            let page = Page::cut(proposals, paging, |p| Cursor { key: p.proposed_at, id: p.id });
            let ids: Vec<String> = page.items.iter().map(|p| p.id.to_string()).collect();
            let details = serde_json::json!({ "ids": ids, "status": status.as_str() });
            let event = self.audit_event(actor, AuditAction::LinkProposalsListed, "link_proposal", None, &details);
            self.record_read(tx, event).await?;
            Ok(page)
        })
        .await
    }

    /// One proposal the actor may review (both people within their scope), for the page that decides it. The read
    /// is audited with its id.
    pub async fn link_proposal(&self, actor: &Actor, id: LinkProposalId) -> Result<LinkProposal, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LinkProposalsListed, "link_proposal", &id), async {
            actor.case_records()?;
            check_at_all(actor, Action::ReviewLink)?;
            let mut tx = self.begin_read().await?;
            let proposal = reviewable(tx.as_mut(), actor, id, self.now()).await?;
            let details = serde_json::json!({ "ids": [id.to_string()], "status": proposal.status.as_str() });
            let event = self.audit_event(actor, AuditAction::LinkProposalsListed, "link_proposal", None, &details);
            self.record_read(tx, event).await?;
            Ok(proposal)
        })
        .await
    }

    /// Confirms a potential proposal: the two records are then one person's.
    pub async fn confirm_link(
        &self,
        actor: &Actor,
        id: LinkProposalId,
        decision: LinkDecision,
    ) -> Result<LinkProposal, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LinkConfirmed, "link_proposal", &id), async {
            self.decide_link(actor, id, LinkStatus::Confirmed, Some(decision)).await
        })
        .await
    }

    /// Rejects a potential proposal: the two records are different people, and later runs leave the pair alone.
    pub async fn reject_link(
        &self,
        actor: &Actor,
        id: LinkProposalId,
        decision: LinkDecision,
    ) -> Result<LinkProposal, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LinkRejected, "link_proposal", &id), async {
            self.decide_link(actor, id, LinkStatus::Rejected, Some(decision)).await
        })
        .await
    }

    /// Undoes a confirmation or a rejection: the proposal is potential again, exactly as it was proposed. The audit
    /// log keeps who decided and who undid, and when; the decision's reason (free text) is not kept once undone.
    pub async fn undo_link(&self, actor: &Actor, id: LinkProposalId) -> Result<LinkProposal, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LinkUndone, "link_proposal", &id), async {
            self.decide_link(actor, id, LinkStatus::Potential, None).await
        })
        .await
    }

    async fn decide_link(
        &self,
        actor: &Actor,
        id: LinkProposalId,
        to: LinkStatus,
        decision: Option<LinkDecision>,
    ) -> Result<LinkProposal, CoreError> {
        actor.case_records()?;
        check_at_all(actor, Action::ReviewLink)?;
        let now = self.now();
        let mut tx = self.begin().await?;
        let mut proposal = reviewable(tx.as_mut(), actor, id, now).await?;
        let from = proposal.status;
        let allowed = match to {
            LinkStatus::Potential => from != LinkStatus::Potential,
            LinkStatus::Confirmed | LinkStatus::Rejected => from == LinkStatus::Potential,
        };
        if !allowed {
            let message = match to {
                LinkStatus::Potential => "this proposal has not been decided: there is nothing to undo".to_owned(),
                _ => format!("this proposal is already {from}: undo that decision first"),
            };
            return Err(CoreError::Rule { code: "link_already_decided", message, field: None });
        }
        proposal.status = to;
        proposal.decided_by = decision.as_ref().and(actor.user_id());
        proposal.decided_at = decision.as_ref().map(|_| now);
        proposal.reason = decision.map(|d| d.reason);
        if !tx.update_link_proposal(&proposal, from).await? {
            let message = "another reviewer decided this proposal a moment ago: look at it again".to_owned();
            return Err(CoreError::Rule { code: "link_already_decided", message, field: None });
        }
        recount(tx.as_mut(), (proposal.person_l, proposal.person_r)).await?;
        let action = match to {
            LinkStatus::Confirmed => AuditAction::LinkConfirmed,
            LinkStatus::Rejected => AuditAction::LinkRejected,
            LinkStatus::Potential => AuditAction::LinkUndone,
        };
        let details = serde_json::json!({
            "person_l": proposal.person_l.to_string(),
            "person_r": proposal.person_r.to_string(),
            "from": from.as_str(),
        });
        tx.append_audit(self.audit_event(actor, action, "link_proposal", Some(id.to_string()), &details)).await?;
        tx.commit().await?;
        Ok(proposal)
    }
}
