//! Who may take each action on a record, as data: a role, how the actor stands to the record, and the action.
//! [`GRANTS`] is the whole of it. Services ask [`super::check`] before they act, pages draw their buttons from
//! [`super::actions`], and `docs/PERMISSIONS.md` is this table rendered (a test keeps the two the same).

use crate::domain::code_enum;
use crate::domain::user::Role;
use crate::error::CoreError;

use super::{Actor, Identity};

code_enum! {
    /// Everything a person can do to a record.
    pub enum Action {
        ReportEpisode => "report_episode",
        KeepProfile => "keep_profile",
        RecordPlacement => "record_placement",
        EndPlacement => "end_placement",
        RecordMissingEducation => "record_missing_education",
        AssessRisk => "assess_risk",
        LowerRiskFloor => "lower_risk_floor",
        ChangeLaCategory => "change_la_category",
        RecordReturn => "record_return",
        RecordSafeAndWell => "record_safe_and_well",
        OfferReturnConversation => "offer_return_conversation",
        AssignInterview => "assign_interview",
        RecordOutcome => "record_outcome",
        PlanSupport => "plan_support",
        ReadChildsAccount => "read_childs_account",
        AnswerRecommendation => "answer_recommendation",
        AcknowledgeAlert => "acknowledge_alert",
        ReceiveDigest => "receive_digest",
        ReviewLink => "review_link",
        ReadIntelligence => "read_intelligence",
        RecordOfstedNotification => "record_ofsted_notification",
        RecordAbductionNotice => "record_abduction_notice",
        ReviewLegacyAbsent => "review_legacy_absent",
        RecordMissingDescription => "record_missing_description",
        ReadLongTermRecord => "read_long_term_record",
        KeepLongTermRecord => "keep_long_term_record",
        LogHelplineContact => "log_helpline_contact",
        ReadHelplineContacts => "read_helpline_contacts",
        LinkHelplineContact => "link_helpline_contact",
        UnlinkHelplineContact => "unlink_helpline_contact",
    }
}

code_enum! {
    /// The kinds of record an action is taken on.
    pub enum RecordKind {
        Person => "person",
        Episode => "episode",
        Interview => "return_interview",
        Recommendation => "recommendation",
        Alert => "alert",
        OfstedNotification => "ofsted_notification",
        HelplineContact => "helpline_contact",
    }
}

impl Action {
    /// What the action does, for people reading the table.
    pub fn describe(self) -> &'static str {
        match self {
            Action::ReportEpisode => "Record a person and report an episode of theirs",
            Action::KeepProfile => "Save the Philomena or Herbert profile and photograph",
            Action::RecordPlacement => "Record a looked-after child's placement (ending the current one)",
            Action::EndPlacement => "End a looked-after child's current placement",
            Action::RecordMissingEducation => {
                "Record a child missing education (off roll or persistently absent), and its end"
            }
            Action::AssessRisk => "Record a risk assessment: their side's view",
            Action::LowerRiskFloor => "Lower a grade the rules set, with a recorded reason",
            Action::ChangeLaCategory => "Change the council's missing or away category",
            Action::RecordReturn => "Record the return",
            Action::RecordSafeAndWell => "Record the police safe and well check",
            Action::OfferReturnConversation => "Offer an adult a return conversation",
            Action::AssignInterview => "Assign the interview to someone independent",
            Action::RecordOutcome => "Record the interview's outcome",
            Action::PlanSupport => {
                "Make a support plan after the interview, and record its sessions, reviews and outcome"
            }
            Action::ReadChildsAccount => "Read the child's account in the interview's record",
            Action::AnswerRecommendation => "Answer a recommendation",
            Action::AcknowledgeAlert => "Acknowledge an alert",
            Action::ReceiveDigest => "Receive the daily digest of the agency's alerts (counts by kind, by email)",
            Action::ReviewLink => {
                "Confirm, reject or undo a proposed link between two records of one person (asked of both people)"
            }
            Action::ReadIntelligence => {
                "Read the places, associates and network of a person, and the people linked to a place or associate \
                 (each question with its reason)"
            }
            Action::RecordOfstedNotification => {
                "Record a children's home's notification to Ofsted (a resident's exploitation concern or a police call)"
            }
            Action::RecordAbductionNotice => {
                "Record and read child abduction warning notices served on an adult (an associate) about a child"
            }
            Action::ReviewLegacyAbsent => "Review an episode imported with the abolished grade \"absent\"",
            Action::RecordMissingDescription => {
                "Record the Philomena Protocol's part 2 on an episode (clothing, where last seen)"
            }
            Action::ReadLongTermRecord => {
                "Read a long-term missing episode's register entry (family liaison, reviews, referral, guardianship)"
            }
            Action::KeepLongTermRecord => "Keep a long-term missing episode's register entry and record its reviews",
            Action::LogHelplineContact => {
                "Log a helpline or self-referral contact, and share it with a council with consent or on a \
                 safeguarding ground"
            }
            Action::ReadHelplineContacts => {
                "Read the helpline contacts the agency logged, or (a council) those shared with it; a contact linked \
                 to a person is read with the person by whoever sees them"
            }
            Action::LinkHelplineContact => "Link a helpline contact shared with the council to a person it sees",
            Action::UnlinkHelplineContact => {
                "Take a helpline contact off the record it was wrongly linked to, back to the council's inbox"
            }
        }
    }

    /// The kind of record the action is taken on.
    pub fn record(self) -> RecordKind {
        match self {
            Action::ReportEpisode
            | Action::KeepProfile
            | Action::RecordPlacement
            | Action::EndPlacement
            | Action::RecordMissingEducation
            | Action::ReviewLink
            | Action::ReadIntelligence
            | Action::RecordAbductionNotice => RecordKind::Person,
            Action::AssessRisk
            | Action::LowerRiskFloor
            | Action::ChangeLaCategory
            | Action::RecordReturn
            | Action::RecordSafeAndWell
            | Action::OfferReturnConversation
            | Action::ReviewLegacyAbsent
            | Action::RecordMissingDescription
            | Action::ReadLongTermRecord
            | Action::KeepLongTermRecord => RecordKind::Episode,
            Action::AssignInterview | Action::RecordOutcome | Action::PlanSupport | Action::ReadChildsAccount => {
                RecordKind::Interview
            }
            Action::AnswerRecommendation => RecordKind::Recommendation,
            Action::AcknowledgeAlert | Action::ReceiveDigest => RecordKind::Alert,
            Action::RecordOfstedNotification => RecordKind::OfstedNotification,
            Action::LogHelplineContact
            | Action::ReadHelplineContacts
            | Action::LinkHelplineContact
            | Action::UnlinkHelplineContact => RecordKind::HelplineContact,
        }
    }

    /// Why it is refused to someone the table does not let take it: the 403 message.
    pub fn refusal(self) -> &'static str {
        match self {
            Action::ReportEpisode => "only police, council and care provider staff report people and episodes",
            Action::KeepProfile => {
                "a profile is kept by the person's care provider or responsible council, or for an adult by the \
                 agency that recorded them; others may read it"
            }
            Action::RecordPlacement => "a child's placements are recorded by the council responsible for them",
            Action::EndPlacement => "a placement is ended by the responsible council or the placement's provider",
            Action::RecordMissingEducation => {
                "a child missing education is recorded by the education welfare team of the child's council"
            }
            Action::AssessRisk => "only police officers and children's services staff assess risk",
            Action::LowerRiskFloor => {
                "only a police supervisor or a council senior manager may lower a grade the rules set"
            }
            Action::ChangeLaCategory => "only the child's responsible or host council sets its category",
            Action::RecordReturn => "the police, councils and carers record returns",
            Action::RecordSafeAndWell => "the police record the safe and well check",
            Action::OfferReturnConversation => "the police or a council offer a return conversation",
            Action::AssignInterview => {
                "the child's own council assigns its return interview; the agency that offered an adult's \
                 conversation assigns that"
            }
            Action::RecordOutcome => {
                "the practitioner, the council, or the agency that offered an adult's conversation records its outcome"
            }
            Action::PlanSupport => {
                "support after an interview is planned by the practitioner who held it or by the child's council"
            }
            Action::ReadChildsAccount => {
                "care staff read what kind of harm an interview found, not the child's account"
            }
            Action::AnswerRecommendation => "recommendations are answered by the agency they are for",
            Action::AcknowledgeAlert => "alerts are acknowledged by the agency they are for",
            Action::ReceiveDigest => {
                "the daily digest is for a council's senior managers and a force's missing persons coordinators \
                 (police supervisors)"
            }
            Action::ReviewLink => {
                "links between people's records are reviewed by a council's missing coordinator or a force's missing \
                 persons coordinator (police supervisor)"
            }
            Action::ReadIntelligence => {
                "intelligence on places and people is for a council's missing coordinators and senior managers and a \
                 force's missing persons coordinators (police supervisors)"
            }
            Action::RecordOfstedNotification => "a children's home records the notifications it owes Ofsted",
            Action::RecordAbductionNotice => "child abduction warning notices are the police's: they serve them",
            Action::ReviewLegacyAbsent => "a police supervisor reviews an episode imported as \"absent\"",
            Action::RecordMissingDescription => "the police, councils and carers record what the person wore and where",
            Action::ReadLongTermRecord | Action::KeepLongTermRecord => {
                "the long-term missing register is kept by the police and the person's responsible council"
            }
            Action::LogHelplineContact => "helpline contacts are logged by the interview provider that took them",
            Action::ReadHelplineContacts => {
                "helpline contacts are read by the provider that logged them and the council they were shared with"
            }
            Action::LinkHelplineContact => {
                "a shared helpline contact is linked to a person by a missing coordinator or social worker of the \
                 council it was shared with"
            }
            Action::UnlinkHelplineContact => {
                "a wrong link is undone by a missing coordinator or social worker of the council it was shared with"
            }
        }
    }
}

code_enum! {
    /// How the actor stands to a record. Every record an actor is handed is one they see; the others come from
    /// the person, interview, recommendation or alert itself, and a record may stand in several at once.
    pub enum Relationship {
        Sees => "sees",
        ResponsibleCouncil => "responsible_council",
        HostCouncil => "host_council",
        AnswerableCouncil => "answerable_council",
        PlacementProvider => "placement_provider",
        RecordedPerson => "recorded_person",
        RecordedAdult => "recorded_adult",
        OfferedConversation => "offered_conversation",
        AssignedPractitioner => "assigned_practitioner",
        Owner => "owner",
        SharedWith => "shared_with",
    }
}

impl Relationship {
    /// The relationship in a few words, for the table's cells.
    pub fn label(self) -> &'static str {
        match self {
            Relationship::Sees => "any it sees",
            Relationship::ResponsibleCouncil => "responsible council",
            Relationship::HostCouncil => "host council",
            Relationship::AnswerableCouncil => "answerable council",
            Relationship::PlacementProvider => "placement provider",
            Relationship::RecordedPerson => "recorded the person",
            Relationship::RecordedAdult => "recorded the adult",
            Relationship::OfferedConversation => "offered the conversation",
            Relationship::AssignedPractitioner => "assigned practitioner",
            Relationship::Owner => "its agency's own",
            Relationship::SharedWith => "shared with its council",
        }
    }

    /// The relationship in words, for people reading the table.
    pub fn describe(self) -> &'static str {
        match self {
            Relationship::Sees => "the record is shared with their agency (within their scope)",
            Relationship::ResponsibleCouncil => "their council is responsible for the person",
            Relationship::HostCouncil => "their council hosts the person's placement",
            Relationship::AnswerableCouncil => {
                "their council answers for the episode's return work: the responsible council, or for a person with \
                 none, the council whose area they went missing from (the council told when an interview is overdue)"
            }
            Relationship::PlacementProvider => "their agency is the person's placement provider",
            Relationship::RecordedPerson => "their agency recorded the person",
            Relationship::RecordedAdult => {
                "their agency recorded the person, who is an adult (a child's Philomena profile stays with their \
                 carer and council)"
            }
            Relationship::OfferedConversation => {
                "their agency offered the adult's return conversation (an adult has no council answerable for it)"
            }
            Relationship::AssignedPractitioner => "they are the practitioner the interview is assigned to",
            Relationship::Owner => {
                "the recommendation or alert is for their agency, the Ofsted notification is owed by it, or the \
                 helpline contact was logged by it"
            }
            Relationship::SharedWith => "the helpline contact was shared with their council",
        }
    }
}

/// Some roles, standing to a record in one of some relationships, may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub action: Action,
    pub roles: &'static [Role],
    pub through: &'static [Relationship],
}

use Relationship::{
    AnswerableCouncil, AssignedPractitioner, HostCouncil, OfferedConversation, Owner, PlacementProvider, RecordedAdult,
    RecordedPerson, ResponsibleCouncil, Sees, SharedWith,
};
use Role::{CareStaff, LaCoordinator, LaSeniorManager, PoliceOfficer, PoliceSupervisor, RhiPractitioner, SocialWorker};

const POLICE: &[Role] = &[PoliceOfficer, PoliceSupervisor];
const COUNCIL: &[Role] = &[LaCoordinator, SocialWorker, LaSeniorManager];
pub(super) const POLICE_AND_COUNCIL: &[Role] =
    &[PoliceOfficer, PoliceSupervisor, LaCoordinator, SocialWorker, LaSeniorManager];
const REPORTERS: &[Role] = &[PoliceOfficer, PoliceSupervisor, LaCoordinator, SocialWorker, LaSeniorManager, CareStaff];
/// Everyone who works cases: all but analysts (figures only) and admins (users only).
pub(super) const CASE_STAFF: &[Role] =
    &[PoliceOfficer, PoliceSupervisor, LaCoordinator, SocialWorker, LaSeniorManager, RhiPractitioner, CareStaff];

/// Who reads the child's account: everyone working the case but the carers (the sensitivity class of the same name
/// reads this too).
pub(super) const CHILDS_ACCOUNT_READERS: &[Role] =
    &[PoliceOfficer, PoliceSupervisor, LaCoordinator, SocialWorker, LaSeniorManager, RhiPractitioner];

/// Every grant there is; what is not granted here is refused.
pub const GRANTS: &[Grant] = &[
    Grant { action: Action::ReportEpisode, roles: REPORTERS, through: &[Sees] },
    Grant { action: Action::KeepProfile, roles: &[CareStaff], through: &[PlacementProvider, RecordedPerson] },
    Grant { action: Action::KeepProfile, roles: COUNCIL, through: &[ResponsibleCouncil, HostCouncil] },
    // An adult has no carer or council keeping a Herbert profile by right: whoever recorded them keeps it.
    Grant { action: Action::KeepProfile, roles: POLICE_AND_COUNCIL, through: &[RecordedAdult] },
    // The placing council decides placements; the provider may say one has ended (the child has left).
    Grant { action: Action::RecordPlacement, roles: COUNCIL, through: &[ResponsibleCouncil] },
    Grant { action: Action::EndPlacement, roles: COUNCIL, through: &[ResponsibleCouncil] },
    Grant { action: Action::EndPlacement, roles: &[CareStaff], through: &[PlacementProvider] },
    // Education welfare is the council's: its coordinators and social workers record it for the children it is
    // responsible for or hosts (the school is usually in the area the child lives in).
    Grant {
        action: Action::RecordMissingEducation,
        roles: &[LaCoordinator, SocialWorker],
        through: &[ResponsibleCouncil, HostCouncil],
    },
    Grant { action: Action::AssessRisk, roles: POLICE_AND_COUNCIL, through: &[Sees] },
    Grant { action: Action::LowerRiskFloor, roles: &[PoliceSupervisor, LaSeniorManager], through: &[Sees] },
    Grant { action: Action::ChangeLaCategory, roles: COUNCIL, through: &[ResponsibleCouncil, HostCouncil] },
    Grant { action: Action::RecordReturn, roles: REPORTERS, through: &[Sees] },
    Grant { action: Action::RecordSafeAndWell, roles: POLICE, through: &[Sees] },
    Grant { action: Action::OfferReturnConversation, roles: POLICE_AND_COUNCIL, through: &[Sees] },
    // Assignment is the council's job: the child's responsible or host council, or for a child with no responsible
    // council the council told when the interview is overdue; a practitioner may not reassign.
    Grant {
        action: Action::AssignInterview,
        roles: COUNCIL,
        through: &[ResponsibleCouncil, HostCouncil, AnswerableCouncil],
    },
    // An adult's return conversation belongs to the agency that offered it: it names who holds it, or holds it.
    Grant { action: Action::AssignInterview, roles: POLICE_AND_COUNCIL, through: &[OfferedConversation] },
    Grant { action: Action::RecordOutcome, roles: &[RhiPractitioner], through: &[AssignedPractitioner] },
    Grant { action: Action::RecordOutcome, roles: COUNCIL, through: &[Sees] },
    Grant { action: Action::RecordOutcome, roles: POLICE, through: &[OfferedConversation] },
    // Support after the interview is the interviewing practitioner's or the council's to plan: the council that
    // answers for the child's return work, the same councils that assign the interview.
    Grant { action: Action::PlanSupport, roles: &[RhiPractitioner], through: &[AssignedPractitioner] },
    Grant {
        action: Action::PlanSupport,
        roles: COUNCIL,
        through: &[ResponsibleCouncil, HostCouncil, AnswerableCouncil],
    },
    Grant { action: Action::ReadChildsAccount, roles: CHILDS_ACCOUNT_READERS, through: &[Sees] },
    Grant { action: Action::AnswerRecommendation, roles: CASE_STAFF, through: &[Owner] },
    Grant { action: Action::AcknowledgeAlert, roles: CASE_STAFF, through: &[Owner] },
    // The day's counts of its agency's alerts go to those who answer for the response: a council's senior manager,
    // a force's missing persons coordinator.
    Grant { action: Action::ReceiveDigest, roles: &[PoliceSupervisor, LaSeniorManager], through: &[Owner] },
    // Linking records is data quality work: the agency's coordinator decides, for people it sees (both of them,
    // asked one by one, so nobody links a record they may not see).
    Grant { action: Action::ReviewLink, roles: &[LaCoordinator, PoliceSupervisor], through: &[Sees] },
    // Places and people across episodes: for those who coordinate the response, about people they see; analysts
    // see hotspots by postcode sector and district, never who (`Actor::hotspot_scope`).
    Grant {
        action: Action::ReadIntelligence,
        roles: &[LaCoordinator, LaSeniorManager, PoliceSupervisor],
        through: &[Sees],
    },
    // Reg 40(4) is the home's own duty: its staff record what the home told Ofsted.
    Grant { action: Action::RecordOfstedNotification, roles: &[CareStaff], through: &[Owner] },
    // A child abduction warning notice is served by the police, about a child the force sees; councils are alerted
    // when it is touched, but the notice and its notes are police intelligence.
    Grant { action: Action::RecordAbductionNotice, roles: POLICE, through: &[Sees] },
    // "Absent" was a police grade (2013 to 2017): a force's supervisor decides what the episode should have been.
    Grant { action: Action::ReviewLegacyAbsent, roles: &[PoliceSupervisor], through: &[Sees] },
    // Part 2 is filled in by whoever reports or works the episode, as a return is recorded.
    Grant { action: Action::RecordMissingDescription, roles: REPORTERS, through: &[Sees] },
    // The register is the police's and the responsible council's (DOMAIN.md, long-term missing).
    Grant { action: Action::ReadLongTermRecord, roles: POLICE, through: &[Sees] },
    Grant { action: Action::ReadLongTermRecord, roles: COUNCIL, through: &[ResponsibleCouncil] },
    Grant { action: Action::KeepLongTermRecord, roles: POLICE, through: &[Sees] },
    Grant { action: Action::KeepLongTermRecord, roles: COUNCIL, through: &[ResponsibleCouncil] },
    // A helpline's contacts are its own (charities running helplines are registered as interview providers): its
    // practitioners log and read them. One shared with consent or on a safeguarding ground is the named council's
    // to read, and its coordinators and social workers (not its senior managers, who oversee) find whose it is.
    Grant { action: Action::LogHelplineContact, roles: &[RhiPractitioner], through: &[Owner] },
    Grant { action: Action::ReadHelplineContacts, roles: &[RhiPractitioner], through: &[Owner] },
    Grant { action: Action::ReadHelplineContacts, roles: COUNCIL, through: &[SharedWith] },
    Grant { action: Action::LinkHelplineContact, roles: &[LaCoordinator, SocialWorker], through: &[SharedWith] },
    Grant { action: Action::UnlinkHelplineContact, roles: &[LaCoordinator, SocialWorker], through: &[SharedWith] },
];

/// What the service's operators (people with shell access running `homeward`) may do to case records: read them
/// whole. They work no cases.
pub const OPERATOR_GRANTS: &[Action] = &[Action::ReadChildsAccount];

/// Whether a role, standing to a record in this one relationship, may take the action: one cell of the table.
pub fn permits(role: Role, relationship: Relationship, action: Action) -> bool {
    GRANTS.iter().any(|g| g.action == action && g.roles.contains(&role) && g.through.contains(&relationship))
}

/// Whether the actor, standing to a record in these relationships, may take the action.
pub fn may(actor: &Actor, action: Action, relationships: &[Relationship]) -> bool {
    match actor.identity {
        Identity::Operator { .. } => OPERATOR_GRANTS.contains(&action) && relationships.contains(&Sees),
        Identity::User { role, agency_kind, .. } => {
            role.fits(agency_kind) && relationships.iter().any(|r| permits(role, *r, action))
        }
    }
}

/// Whether the actor may take the action on any record at all: for creating a record, and for offering an action
/// before there is a record to ask about.
pub fn may_at_all(actor: &Actor, action: Action) -> bool {
    may(actor, action, Relationship::ALL)
}

/// Whether someone in this role may receive the daily digest of their agency's alerts (checked when they choose it
/// and again each day it goes, as their role may have changed).
pub fn may_receive_digest(role: Role) -> bool {
    permits(role, Relationship::Owner, Action::ReceiveDigest)
}

/// Refuses an action the actor's role never takes, before there is a record to ask about (recording a person).
pub fn check_at_all(actor: &Actor, action: Action) -> Result<(), CoreError> {
    if may_at_all(actor, action) { Ok(()) } else { Err(CoreError::Forbidden(action.refusal())) }
}
