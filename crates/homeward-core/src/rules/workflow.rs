//! What a record's state allows next, whoever asks: a return is recorded once, the safe and well check follows it,
//! an interview is assigned until it is offered and closes once declined, completed or not possible. The
//! permission table says who may act; this says when, with the refusal the caller sees (422, with a stable code).

use crate::authz::{Action, Actor, Subject};
use crate::domain::episode::{EpisodeStatus, ReturnOutcome};
use crate::domain::return_interview::ReturnInterview;
use crate::domain::risk::RiskSide;
use crate::error::CoreError;
use crate::rules::interviews::AWAITING_OFFER;

/// The state each action needs, in words, for the permissions table.
pub fn condition(action: Action) -> Option<&'static str> {
    Some(match action {
        Action::AssessRisk => "children's services give a view only for a child",
        Action::ChangeLaCategory => "a looked-after child's episode",
        Action::RecordReturn => "the person is still missing",
        Action::RecordSafeAndWell => "after the return, once",
        Action::OfferReturnConversation => "an adult who has returned (not found dead), once",
        Action::AssignInterview => "until the interview is offered",
        Action::RecordOutcome => {
            "until the interview is declined, completed or not possible; a covered interview's outcome is recorded \
             on the one covering it"
        }
        Action::AnswerRecommendation | Action::AcknowledgeAlert | Action::RecordOfstedNotification => "once",
        Action::PlanSupport => "once the interview is completed",
        Action::RecordPlacement => "a looked-after child",
        Action::RecordAbductionNotice => "a child (a notice protects a child)",
        Action::EndPlacement => "the person has a current placement",
        Action::RecordMissingEducation => "a child (under 18 now)",
        Action::ReviewLegacyAbsent => "an episode imported as \"absent\", once",
        Action::ReadLongTermRecord | Action::KeepLongTermRecord => {
            "an episode still open a year after the person went missing"
        }
        Action::LinkHelplineContact => "a contact not yet linked to a person, once",
        Action::UnlinkHelplineContact => "a contact linked to a person",
        Action::RecordMissingDescription
        | Action::LogHelplineContact
        | Action::ReadHelplineContacts
        | Action::ReportEpisode
        | Action::KeepProfile
        | Action::LowerRiskFloor
        | Action::ReadChildsAccount
        | Action::ReceiveDigest
        | Action::ReviewLink
        | Action::ReadIntelligence => {
            return None;
        }
    })
}

fn rule(code: &'static str, message: impl Into<String>) -> CoreError {
    CoreError::Rule { code, message: message.into(), field: None }
}

/// "This interview is already completed", and so on: the refusal for an interview past the point asked about.
pub fn already(interview: &ReturnInterview) -> CoreError {
    let status = interview.status.as_str().replace('_', " ");
    CoreError::Rule { code: "interview_closed", message: format!("this interview is already {status}"), field: None }
}

/// Why the record's state refuses the action now, if it does.
pub fn refusal(actor: &Actor, action: Action, subject: &Subject<'_>) -> Option<CoreError> {
    match (action, subject) {
        (Action::AssessRisk, Subject::Episode(facts))
            if actor.risk_side() == Some(RiskSide::ChildrensServices)
                && !facts.person.is_child_at(facts.episode.went_missing_at) =>
        {
            Some(rule(
                "children_services_child_only",
                "children's services give a view only for a child; this person was an adult when they went missing",
            ))
        }
        (Action::ChangeLaCategory, Subject::Episode(facts))
            if !(facts.person.looked_after && facts.person.is_child_at(facts.episode.went_missing_at)) =>
        {
            Some(CoreError::invalid("la_category", "only a looked-after child's episode has a council category"))
        }
        (Action::RecordReturn, Subject::Episode(facts)) if facts.episode.status == EpisodeStatus::Returned => {
            Some(rule("already_returned", "this episode's return has already been recorded"))
        }
        (Action::RecordSafeAndWell, Subject::Episode(facts)) => {
            if facts.episode.returned_at.is_none() {
                Some(rule("not_returned", "record the return before the safe and well check"))
            } else if facts.safe_and_well_recorded {
                Some(rule("already_recorded", "this episode's safe and well check has already been recorded"))
            } else {
                None
            }
        }
        (Action::OfferReturnConversation, Subject::Episode(facts)) => {
            let (episode, person) = (&facts.episode, &facts.person);
            if episode.returned_at.is_none() {
                Some(rule("not_returned", "record the return before offering a return conversation"))
            } else if person.is_child_at(episode.went_missing_at) {
                Some(rule("child", "a child's return home interview was created with the return"))
            } else if episode.return_outcome == Some(ReturnOutcome::FoundDead) {
                Some(rule("found_dead", "this person was found dead"))
            } else if facts.has_interview {
                Some(rule("already_offered", "a return conversation is already recorded for this episode"))
            } else {
                None
            }
        }
        (Action::AssignInterview, Subject::Interview { interview, .. })
            if !AWAITING_OFFER.contains(&interview.status) =>
        {
            Some(already(interview))
        }
        (Action::RecordOutcome, Subject::Interview { interview, .. }) => {
            if interview.status.is_closed() {
                Some(already(interview))
            } else if interview.covered_by.is_some() {
                Some(rule("interview_covered", "one interview covered this episode's: record the outcome on that one"))
            } else {
                None
            }
        }
        // Support follows what the interview found; an interview declined or not held has found nothing to plan on.
        (Action::PlanSupport, Subject::Interview { interview, .. })
            if interview.status != crate::domain::return_interview::InterviewStatus::Completed =>
        {
            Some(rule("interview_not_completed", "support is planned once the interview is completed"))
        }
        (Action::RecordPlacement, Subject::Person { person, .. }) if !person.looked_after => {
            Some(rule("not_looked_after", "only a looked-after child has placements"))
        }
        (Action::RecordMissingEducation, Subject::Person { person, now }) if !person.is_child_at(*now) => {
            Some(rule("not_a_child", "only a child of school age is recorded as missing education"))
        }
        (Action::EndPlacement, Subject::Person { person, .. }) if person.placement_provider_id.is_none() => {
            Some(rule("no_current_placement", "this person has no current placement"))
        }
        (Action::AnswerRecommendation, Subject::Recommendation(r)) if r.response.is_some() => {
            Some(rule("already_answered", "this recommendation already has a response"))
        }
        (Action::ReviewLegacyAbsent, Subject::Episode(facts)) => match &facts.legacy_absent {
            None => Some(rule("not_legacy_absent", "this episode was not imported as \"absent\"")),
            Some(legacy) if !legacy.awaiting_review() => {
                Some(rule("already_reviewed", "this episode's \"absent\" grade has already been reviewed"))
            }
            Some(_) => None,
        },
        (Action::ReadLongTermRecord | Action::KeepLongTermRecord, Subject::Episode(facts))
            if !crate::rules::long_term::is_long_term(&facts.episode, facts.now) =>
        {
            Some(rule(
                "not_long_term",
                "only an episode still open a year after the person went missing is on the register",
            ))
        }
        (Action::AcknowledgeAlert, Subject::Alert(a)) if a.acknowledged_at.is_some() => {
            Some(rule("already_acknowledged", "this alert has already been acknowledged"))
        }
        (Action::RecordAbductionNotice, Subject::Person { person, now }) if !person.is_child_at(*now) => {
            Some(rule("not_a_child", "a child abduction warning notice protects a child"))
        }
        (Action::RecordAbductionNotice, Subject::Episode(facts)) if !facts.person.is_child_at(facts.now) => {
            Some(rule("not_a_child", "a child abduction warning notice protects a child"))
        }
        (Action::RecordOfstedNotification, Subject::OfstedNotification(n)) if n.notified_at.is_some() => {
            Some(rule("already_recorded", "this notification to Ofsted has already been recorded"))
        }
        (Action::LinkHelplineContact, Subject::HelplineContact(c)) if c.person_id.is_some() => {
            Some(rule("already_linked", "this contact is already linked to a person's record"))
        }
        (Action::UnlinkHelplineContact, Subject::HelplineContact(c)) if c.person_id.is_none() => {
            Some(rule("not_linked", "this contact is not linked to anyone's record"))
        }
        _ => None,
    }
}
