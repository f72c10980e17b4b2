//! The one answer to "may this actor do this to this record": the permission table for who, the workflow rules for
//! when. Services ask [`check`] before they act; the records they hand out carry [`actions`], so pages draw their
//! buttons from the same answer.

use crate::domain::alert::Alert;
use crate::domain::episode::Episode;
use crate::domain::helpline::HelplineContact;
use crate::domain::ofsted::OfstedNotification;
use crate::domain::person::Person;
use crate::domain::return_interview::{Recommendation, ReturnInterview};
use crate::domain::time::Timestamp;
use crate::error::CoreError;
use crate::rules::interviews::told_of_overdue;
use crate::rules::workflow;

use super::Actor;
use super::permission::{Action, RecordKind, Relationship, may};

/// An episode with what its actions turn on: its person, and what has been recorded since the return.
#[derive(Debug, Clone)]
pub struct EpisodeFacts {
    pub episode: Episode,
    pub person: Person,
    pub safe_and_well_recorded: bool,
    pub has_interview: bool,
    /// Its legacy "absent" flag and review, when it was imported as "absent".
    pub legacy_absent: Option<crate::domain::legacy::LegacyAbsent>,
    /// The moment asked about: whether the person is an adult now decides who keeps their profile.
    pub now: Timestamp,
}

/// A record as permissions see it. Every subject is one the actor has already been shown (read within their
/// scope, or as their agency's own), so "sees" is always among the relationships.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A person as they are `now`: whether they are an adult decides who keeps their profile.
    Person {
        person: &'a Person,
        now: Timestamp,
    },
    /// An episode also answers for its person's actions (report another episode, keep the profile).
    Episode(&'a EpisodeFacts),
    Interview {
        interview: &'a ReturnInterview,
        episode: &'a Episode,
        child: &'a Person,
    },
    Recommendation(&'a Recommendation),
    Alert(&'a Alert),
    OfstedNotification(&'a OfstedNotification),
    HelplineContact(&'a HelplineContact),
}

impl Subject<'_> {
    fn person(&self) -> Option<&Person> {
        match self {
            Subject::Person { person, .. } | Subject::Interview { child: person, .. } => Some(person),
            Subject::Episode(facts) => Some(&facts.person),
            Subject::Recommendation(_)
            | Subject::Alert(_)
            | Subject::OfstedNotification(_)
            | Subject::HelplineContact(_) => None,
        }
    }

    fn episode(&self) -> Option<&Episode> {
        match self {
            Subject::Episode(facts) => Some(&facts.episode),
            Subject::Interview { episode, .. } => Some(episode),
            Subject::Person { .. }
            | Subject::Recommendation(_)
            | Subject::Alert(_)
            | Subject::OfstedNotification(_)
            | Subject::HelplineContact(_) => None,
        }
    }

    /// Whether the person is an adult now, where the record answers for the person's actions.
    fn adult_now(&self) -> bool {
        match self {
            Subject::Person { person, now } => !person.is_child_at(*now),
            Subject::Episode(facts) => !facts.person.is_child_at(facts.now),
            Subject::Interview { .. }
            | Subject::Recommendation(_)
            | Subject::Alert(_)
            | Subject::OfstedNotification(_)
            | Subject::HelplineContact(_) => false,
        }
    }

    /// An adult's return conversation: no council answers for it, the agency that offered it does.
    fn conversation(&self) -> Option<&ReturnInterview> {
        match self {
            Subject::Interview { interview, .. } if !interview.statutory => Some(interview),
            _ => None,
        }
    }

    /// Whether the action is one taken on this record.
    fn answers_for(&self, action: Action) -> bool {
        let kind = action.record();
        match self {
            Subject::Person { .. } => kind == RecordKind::Person,
            Subject::Episode(_) => matches!(kind, RecordKind::Episode | RecordKind::Person),
            Subject::Interview { .. } => kind == RecordKind::Interview,
            Subject::Recommendation(_) => kind == RecordKind::Recommendation,
            Subject::Alert(_) => kind == RecordKind::Alert,
            Subject::OfstedNotification(_) => kind == RecordKind::OfstedNotification,
            Subject::HelplineContact(_) => kind == RecordKind::HelplineContact,
        }
    }
}

/// The actions an actor may take on a record now, in the table's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actions(Vec<Action>);

impl Actions {
    pub fn contains(&self, action: Action) -> bool {
        self.0.contains(&action)
    }

    pub fn iter(&self) -> impl Iterator<Item = Action> + '_ {
        self.0.iter().copied()
    }
}

/// How the actor stands to the record.
pub fn relationships(actor: &Actor, subject: &Subject<'_>) -> Vec<Relationship> {
    let mut found = vec![Relationship::Sees];
    let (agency, user) = (actor.agency_id(), actor.user_id());
    let ours = |id| agency.is_some() && id == agency;
    if let Some(person) = subject.person() {
        let stands = [
            (person.responsible_la_id, Relationship::ResponsibleCouncil),
            (person.host_la_id, Relationship::HostCouncil),
            (person.placement_provider_id, Relationship::PlacementProvider),
            (person.recorded_by_agency_id, Relationship::RecordedPerson),
        ];
        found.extend(stands.into_iter().filter(|(id, _)| ours(*id)).map(|(_, relationship)| relationship));
        if ours(person.recorded_by_agency_id) && subject.adult_now() {
            found.push(Relationship::RecordedAdult);
        }
        if let Some(episode) = subject.episode()
            && subject.conversation().is_none()
            && ours(told_of_overdue(person.responsible_la_id, episode.area_la_id))
        {
            found.push(Relationship::AnswerableCouncil);
        }
    }
    if subject.conversation().is_some_and(|c| ours(c.offered_by_agency_id)) {
        found.push(Relationship::OfferedConversation);
    }
    let assigned = |interview: &ReturnInterview| user.is_some() && interview.practitioner_id == user;
    match subject {
        Subject::Interview { interview, .. } if assigned(interview) => found.push(Relationship::AssignedPractitioner),
        Subject::Recommendation(r) if ours(Some(r.owner_agency_id)) => found.push(Relationship::Owner),
        Subject::Alert(a) if ours(Some(a.agency_id)) => found.push(Relationship::Owner),
        Subject::OfstedNotification(n) if ours(Some(n.home_agency_id)) => found.push(Relationship::Owner),
        Subject::HelplineContact(c) => found.extend(helpline_standing(actor, c)),
        _ => {}
    }
    found
}

/// How the actor's agency stands to a helpline contact by the contact alone: it logged it, or it was shared with
/// it. Asked before the contact is known to be seen at all, as these are what open it to the agency (a contact also
/// opens to whoever sees the person it is linked to).
pub fn helpline_standing(actor: &Actor, contact: &HelplineContact) -> Vec<Relationship> {
    let agency = actor.agency_id();
    let mut found = Vec::new();
    if agency.is_some() && agency == Some(contact.provider_id) {
        found.push(Relationship::Owner);
    }
    if agency.is_some() && contact.shared_with == agency {
        found.push(Relationship::SharedWith);
    }
    found
}

/// May this actor do this to this record now? `Forbidden` when the table does not let them; the workflow's own
/// refusal (422) when the record's state does not allow it yet, or any more.
pub fn check(actor: &Actor, action: Action, subject: &Subject<'_>) -> Result<(), CoreError> {
    debug_assert!(subject.answers_for(action), "{action} is not taken on this record");
    if !may(actor, action, &relationships(actor, subject)) {
        return Err(CoreError::Forbidden(action.refusal()));
    }
    workflow::refusal(actor, action, subject).map_or(Ok(()), Err)
}

/// Every action the actor may take on the record now: what pages offer and the API lists.
pub fn actions(actor: &Actor, subject: &Subject<'_>) -> Actions {
    Actions(
        Action::ALL
            .iter()
            .copied()
            .filter(|action| subject.answers_for(*action) && check(actor, *action, subject).is_ok())
            .collect(),
    )
}
