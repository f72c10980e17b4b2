//! The return: recording that a person came back or was found, which for a child creates the return home interview
//! due 72 hours later; listing interviews (overdue ones among them); assigning one to someone independent.

use std::collections::HashMap;

use crate::authz::{Action, Actor, EpisodeFacts, Scope, Subject, check, check_at_all};
use crate::domain::agency::AgencyKind;
use crate::domain::audit::AuditAction;
use crate::domain::episode::{Episode, EpisodeStatus, Found, ReturnOutcome};
use crate::domain::geo::PostcodeInfo;
use crate::domain::ids::{AgencyId, EpisodeId, ReturnInterviewId, UserId};
use crate::domain::paging::{Cursor, Page};
use crate::domain::person::Person;
use crate::domain::return_interview::{
    InterviewFilter, InterviewPage, InterviewPaging, InterviewStatus, ReturnInterview, SafeAndWellCheck,
};
use crate::domain::text::{FreeText, Postcode, optional};
use crate::domain::time::Timestamp;
use crate::domain::user::User;
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;
use crate::rules::clock::check_time;
use crate::rules::independence::{Candidate, Case, INTERVIEWERS, refusal};
use crate::rules::interviews;
use crate::rules::placements;

use super::Core;

/// A return as submitted, parsed.
#[derive(Debug, Clone)]
pub struct NewReturn {
    pub returned_at: Timestamp,
    pub outcome: ReturnOutcome,
    pub found_place: Option<FreeText>,
    pub found_postcode: Option<Postcode>,
    pub found_by: Option<FreeText>,
    /// Whether the recorder says the person was found out of area; when not said, the postcode decides if the
    /// council's postcode areas are set.
    pub found_out_of_area: Option<bool>,
}

/// A return as submitted: text from a form or JSON.
#[derive(Debug, Clone, Default)]
pub struct ReturnInput<'a> {
    pub returned_at: &'a str,
    pub outcome: &'a str,
    pub found_place: Option<&'a str>,
    pub found_postcode: Option<&'a str>,
    pub found_by: Option<&'a str>,
    pub found_out_of_area: Option<bool>,
}

impl NewReturn {
    pub fn parse(input: &ReturnInput<'_>) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let returned_at = errors.check("returned_at", Timestamp::parse_rfc3339(input.returned_at));
        let outcome = errors.check("outcome", ReturnOutcome::parse(input.outcome));
        let found_place = errors.check("found_place", optional(input.found_place, FreeText::parse));
        let found_by = errors.check("found_by", optional(input.found_by, FreeText::parse));
        let found_postcode = errors.check(
            "found_postcode",
            input.found_postcode.map(str::trim).filter(|p| !p.is_empty()).map(Postcode::parse).transpose(),
        );
        errors.into_result()?;
        Ok(Self {
            returned_at: returned_at.expect("checked"),
            outcome: outcome.expect("checked"),
            found_place: found_place.flatten(),
            found_postcode: found_postcode.flatten(),
            found_by: found_by.flatten(),
            found_out_of_area: input.found_out_of_area,
        })
    }
}

/// The police safe and well check as submitted, parsed.
#[derive(Debug, Clone)]
pub struct NewSafeAndWell {
    pub checked_at: Timestamp,
    pub face_to_face: bool,
    pub disclosures: Option<FreeText>,
    pub actions: Option<FreeText>,
}

impl NewSafeAndWell {
    pub fn parse(
        checked_at: &str,
        face_to_face: Option<bool>,
        disclosures: Option<&str>,
        actions: Option<&str>,
    ) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let checked_at = errors.check("checked_at", Timestamp::parse_rfc3339(checked_at));
        let face_to_face = errors.check("face_to_face", face_to_face.ok_or("say whether the check was face to face"));
        let disclosures = errors.check("disclosures", optional(disclosures, FreeText::parse));
        let actions = errors.check("actions", optional(actions, FreeText::parse));
        errors.into_result()?;
        Ok(Self {
            checked_at: checked_at.expect("checked"),
            face_to_face: face_to_face.expect("checked"),
            disclosures: disclosures.flatten(),
            actions: actions.flatten(),
        })
    }
}

/// Whether the person was found out of area: as the recorder says, or else where they were found against the
/// council of the placement they were in when they went, the responsible council and the episode's area council.
/// The ONS Postcode Directory decides it by local authority when it holds the postcode and any of those councils'
/// authorities is known (`rules::geo::found_out_of_area`); otherwise their postcode areas, where those are set
/// (`rules::placements::found_out_of_area`).
async fn out_of_area(
    tx: &mut dyn Tx,
    episode: &Episode,
    person: &Person,
    new: &NewReturn,
    found: Option<&PostcodeInfo>,
) -> Result<Option<bool>, CoreError> {
    if new.found_out_of_area.is_some() {
        return Ok(new.found_out_of_area);
    }
    let Some(postcode) = &new.found_postcode else {
        return Ok(None);
    };
    let placements = tx.placements_of_person(person.id).await?;
    let went_on = crate::domain::time::london(episode.went_missing_at).date();
    let host = placements::placement_on(&placements, went_on).map(|p| p.host_la_id);
    let councils: Vec<AgencyId> = [host, person.responsible_la_id, episode.area_la_id].into_iter().flatten().collect();
    if let Some(found) = found {
        let las = super::councils_la_codes(tx, &councils).await?;
        if let Some(decided) = crate::rules::geo::found_out_of_area(&found.la_code, &las) {
            return Ok(Some(decided));
        }
    }
    let mut areas = Vec::new();
    for council in councils {
        areas.push(tx.agency_rules(council).await?.and_then(|rules| rules.postcode_areas));
    }
    Ok(placements::found_out_of_area(postcode, &areas))
}

/// The interview, if the actor may see it, with its child, once the actor may assign it now.
async fn to_assign(
    tx: &mut dyn Tx,
    actor: &Actor,
    id: ReturnInterviewId,
    scope: Scope,
) -> Result<(ReturnInterview, Person), CoreError> {
    let interview = tx.return_interview(id, scope).await?.ok_or(CoreError::NotFound)?;
    let (episode, child) = super::interviewee(tx, &interview).await?;
    check(
        actor,
        Action::AssignInterview,
        &Subject::Interview { interview: &interview, episode: &episode, child: &child },
    )?;
    Ok((interview, child))
}

/// The scope a user would read the interview with: their own case scope, as the store applies it.
fn scope_of(user: &User, kind: AgencyKind) -> Scope {
    Actor::user(user.id, user.agency_id, kind, user.role).case_scope()
}

/// Whether someone of this scope would see the interview once it is assigned to them, asked of the store with the
/// scope it applies to every read; a practitioner's scope is exactly what is assigned to them.
async fn would_see(tx: &mut dyn Tx, interview: ReturnInterviewId, scope: Scope) -> Result<bool, CoreError> {
    Ok(match scope {
        Scope::Practitioner(_) => true,
        scope => tx.return_interview(interview, scope).await?.is_some(),
    })
}

impl Core {
    /// Records the return. For a child this creates the return home interview, due 72 hours after the return.
    pub async fn record_return(
        &self,
        actor: &Actor,
        id: crate::domain::ids::EpisodeId,
        new: NewReturn,
    ) -> Result<(Episode, Option<ReturnInterview>), CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::ReturnRecorded, "episode", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::RecordReturn)?;
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), id, scope, self.now()).await?;
            check(actor, Action::RecordReturn, &Subject::Episode(&facts))?;
            let EpisodeFacts { mut episode, person, .. } = facts;
            let now = self.now();
            check_time("returned_at", new.returned_at, episode.went_missing_at, "the person went missing", now)?;
            let found = match &new.found_postcode {
                Some(postcode) => super::directory_postcode(tx.as_mut(), "found_postcode", postcode).await?,
                None => None,
            };
            let out_of_area = out_of_area(tx.as_mut(), &episode, &person, &new, found.as_ref()).await?;
            episode.status = EpisodeStatus::Returned;
            episode.returned_at = Some(new.returned_at);
            episode.return_outcome = Some(new.outcome);
            episode.found =
                Found { place: new.found_place, postcode: new.found_postcode, out_of_area, by: new.found_by };
            episode.updated_at = now;
            tx.record_return(&episode, actor.user_id()).await?;
            // Where they were found joins the intelligence now, in the same transaction.
            self.file_intelligence(tx.as_mut(), &episode).await?;
            // Every child's return gets the offer, however short the episode; a death is not a return to interview.
            let interview = (person.is_child_at(episode.went_missing_at) && new.outcome != ReturnOutcome::FoundDead)
                .then(|| ReturnInterview::after_return(id, true, new.returned_at, now));
            if let Some(interview) = &interview {
                tx.insert_return_interview(interview).await?;
            }
            let event = self.audit_event(
                actor,
                AuditAction::ReturnRecorded,
                "episode",
                Some(id.to_string()),
                &serde_json::json!({
                    "outcome": new.outcome.as_str(),
                    "found_out_of_area": out_of_area,
                    "return_interview_id": interview.as_ref().map(|i| i.id.to_string()),
                }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok((episode, interview))
        })
        .await
    }

    /// A page of the interviews the actor may see (a practitioner: those assigned to them), soonest due first. The
    /// read is audited with the ids.
    pub async fn return_interviews(
        &self,
        actor: &Actor,
        filter: InterviewFilter,
        paging: &InterviewPaging,
    ) -> Result<InterviewPage, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::InterviewsListed, "return_interview"), async {
            let scope = actor.case_records()?;
            let mut tx = self.begin_read().await?;
            let selection = interviews::listed(filter, self.now());
            let interviews = tx.return_interviews(scope, &selection, &paging.one_more()).await?;
            let mut interviews = Page::cut(interviews, paging, |i| Cursor { key: i.due_at, id: i.id });
            crate::authz::redact(actor, &mut interviews.items);
            let ids: Vec<String> = interviews.items.iter().map(|i| i.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::InterviewsListed,
                "return_interview",
                None,
                &serde_json::json!({ "ids": ids }),
            );
            self.record_read(tx, event).await?;
            Ok(interviews)
        })
        .await
    }

    /// Assigns the interview to someone independent of the child (422 `not_independent` otherwise). The child's
    /// responsible or host council assigns (for a child with none, the council told when it is overdue), until the
    /// interview is offered.
    pub async fn assign_interview(
        &self,
        actor: &Actor,
        id: ReturnInterviewId,
        practitioner: UserId,
    ) -> Result<ReturnInterview, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::InterviewAssigned, "return_interview", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::AssignInterview)?;
            let mut tx = self.begin().await?;
            let (mut interview, child) = to_assign(tx.as_mut(), actor, id, scope).await?;
            let candidate = tx
                .user(practitioner)
                .await?
                .filter(|u| u.active)
                .ok_or_else(|| CoreError::invalid("practitioner_id", "no active user has that id"))?;
            let agency_kind = tx.agency(candidate.agency_id).await?.ok_or(CoreError::NotFound)?.kind;
            let worked_by = tx.episode_workers(interview.episode_id).await?;
            let would_see = would_see(tx.as_mut(), id, scope_of(&candidate, agency_kind)).await?;
            let case = Case { person: &child, worked_by: &worked_by };
            if let Some(refused) = refusal(&Candidate { user: &candidate, agency_kind, would_see }, &case) {
                return Err(refused.error());
            }
            interview.practitioner_id = Some(candidate.id);
            interview.status = InterviewStatus::Assigned;
            tx.update_return_interview(&interview).await?;
            let event = self.audit_event(
                actor,
                AuditAction::InterviewAssigned,
                "return_interview",
                Some(id.to_string()),
                &serde_json::json!({ "practitioner_id": candidate.id.to_string() }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(interview)
        })
        .await
    }

    /// Records the police safe and well check (prevention interview) after a return; the police side closes.
    pub async fn record_safe_and_well(
        &self,
        actor: &Actor,
        id: EpisodeId,
        new: NewSafeAndWell,
    ) -> Result<SafeAndWellCheck, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::SafeAndWellRecorded, "episode", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::RecordSafeAndWell)?;
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), id, scope, self.now()).await?;
            check(actor, Action::RecordSafeAndWell, &Subject::Episode(&facts))?;
            let returned_at = facts.episode.returned_at.expect("the workflow allows the check only after the return");
            let now = self.now();
            check_time("checked_at", new.checked_at, returned_at, "the return", now)?;
            let check = SafeAndWellCheck {
                episode_id: id,
                checked_at: new.checked_at,
                face_to_face: new.face_to_face,
                disclosures: new.disclosures,
                actions: new.actions,
                recorded_by: actor.user_id().expect("the table grants this to officers, never to operators"),
                recorded_at: now,
            };
            tx.insert_safe_and_well(&check).await?;
            tx.close_police_side(id, now).await?;
            let event = self.audit_event(
                actor,
                AuditAction::SafeAndWellRecorded,
                "episode",
                Some(id.to_string()),
                &serde_json::json!({ "face_to_face": check.face_to_face }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(check)
        })
        .await
    }

    /// Offers a vulnerable adult a return conversation: the interview workflow without a statutory deadline.
    /// The police or a council offer it, once, after the return.
    pub async fn offer_return_conversation(&self, actor: &Actor, id: EpisodeId) -> Result<ReturnInterview, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::ReturnConversationOffered, "episode", &id), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::OfferReturnConversation)?;
            let mut tx = self.begin().await?;
            let facts = super::episode_facts(tx.as_mut(), id, scope, self.now()).await?;
            check(actor, Action::OfferReturnConversation, &Subject::Episode(&facts))?;
            let returned_at = facts.episode.returned_at.expect("the workflow allows the offer only after the return");
            let now = self.now();
            let interview = ReturnInterview {
                offered_by_agency_id: actor.agency_id(),
                ..ReturnInterview::after_return(id, false, returned_at, now)
            };
            tx.insert_return_interview(&interview).await?;
            let event = self.audit_event(
                actor,
                AuditAction::ReturnConversationOffered,
                "return_interview",
                Some(interview.id.to_string()),
                &serde_json::json!({ "episode_id": id.to_string() }),
            );
            tx.append_audit(event).await?;
            tx.commit().await?;
            Ok(interview)
        })
        .await
    }

    /// Everyone who may hold this interview, for the one assigning it: of the roles that hold interviews, those the
    /// independence rule lets hold this one, so nobody it would refuse is offered.
    pub async fn practitioners_for(&self, actor: &Actor, id: ReturnInterviewId) -> Result<Vec<User>, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::InterviewRead, "return_interview", &id), async {
            let scope = actor.case_records()?;
            let mut tx = self.begin().await?;
            let (interview, child) = to_assign(tx.as_mut(), actor, id, scope).await?;
            let kinds: HashMap<_, _> = tx.agencies().await?.into_iter().map(|a| (a.id, a.kind)).collect();
            let worked_by = tx.episode_workers(interview.episode_id).await?;
            let case = Case { person: &child, worked_by: &worked_by };
            // Staff of one agency share its scope: ask the store once per scope, not once per person.
            let mut seen: Vec<(Scope, bool)> = Vec::new();
            let mut out = Vec::new();
            for user in tx.active_users_in_roles(&INTERVIEWERS).await? {
                let agency_kind = *kinds.get(&user.agency_id).ok_or(CoreError::NotFound)?;
                let scope = scope_of(&user, agency_kind);
                let would_see = if let Some((_, sees)) = seen.iter().find(|(s, _)| *s == scope) {
                    *sees
                } else {
                    let sees = would_see(tx.as_mut(), id, scope).await?;
                    seen.push((scope, sees));
                    sees
                };
                if refusal(&Candidate { user: &user, agency_kind, would_see }, &case).is_none() {
                    out.push(user);
                }
            }
            tx.commit().await?;
            Ok(out)
        })
        .await
    }
}
