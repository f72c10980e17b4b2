//! Who may do what: the decisions that matter, one row each (role, how they stand to the record, action, allowed),
//! and `docs/PERMISSIONS.md`, the whole table rendered from the code.

use homeward_core::authz::table::markdown;
use homeward_core::authz::{Action, Relationship, permits};
use homeward_core::domain::user::Role;

use Action::{
    AcknowledgeAlert, AnswerRecommendation, AssessRisk, AssignInterview, ChangeLaCategory, KeepProfile,
    LinkHelplineContact, LogHelplineContact, LowerRiskFloor, OfferReturnConversation, ReadChildsAccount,
    ReadHelplineContacts, RecordOutcome, RecordReturn, RecordSafeAndWell, ReportEpisode,
};
use Relationship::{
    AnswerableCouncil, AssignedPractitioner, HostCouncil, OfferedConversation, Owner, PlacementProvider, RecordedAdult,
    RecordedPerson, ResponsibleCouncil, Sees, SharedWith,
};
use Role::{
    Admin, Analyst, CareStaff, LaCoordinator, LaSeniorManager, PoliceOfficer, PoliceSupervisor, RhiPractitioner,
    SocialWorker,
};

const ROWS: &[(Role, Relationship, Action, bool)] = &[
    // Assignment is the council's job: the responsible or host council (or, for a child with no responsible council,
    // the council told when the interview is overdue); a practitioner may not reassign, and a council that only sees
    // the episode (it started in its area) does not assign either.
    (LaCoordinator, ResponsibleCouncil, AssignInterview, true),
    (SocialWorker, HostCouncil, AssignInterview, true),
    (LaSeniorManager, ResponsibleCouncil, AssignInterview, true),
    (LaCoordinator, Sees, AssignInterview, false),
    (LaCoordinator, AnswerableCouncil, AssignInterview, true),
    (PoliceOfficer, AnswerableCouncil, AssignInterview, false),
    (RhiPractitioner, AssignedPractitioner, AssignInterview, false),
    (RhiPractitioner, Sees, AssignInterview, false),
    (PoliceOfficer, Sees, AssignInterview, false),
    (CareStaff, PlacementProvider, AssignInterview, false),
    // An adult's return conversation is assigned, or held, by the agency that offered it: police or council.
    (PoliceOfficer, OfferedConversation, AssignInterview, true),
    (PoliceSupervisor, OfferedConversation, RecordOutcome, true),
    (SocialWorker, OfferedConversation, AssignInterview, true),
    (RhiPractitioner, OfferedConversation, AssignInterview, false),
    (CareStaff, OfferedConversation, RecordOutcome, false),
    // Outcomes: the assigned practitioner, or any council working the case.
    (RhiPractitioner, AssignedPractitioner, RecordOutcome, true),
    (RhiPractitioner, Sees, RecordOutcome, false),
    (SocialWorker, Sees, RecordOutcome, true),
    (PoliceSupervisor, Sees, RecordOutcome, false),
    (CareStaff, PlacementProvider, RecordOutcome, false),
    // Risk: police and children's services each give their view; only seniors lower a rule's grade.
    (PoliceOfficer, Sees, AssessRisk, true),
    (LaCoordinator, Sees, AssessRisk, true),
    (CareStaff, PlacementProvider, AssessRisk, false),
    (RhiPractitioner, AssignedPractitioner, AssessRisk, false),
    (PoliceSupervisor, Sees, LowerRiskFloor, true),
    (LaSeniorManager, Sees, LowerRiskFloor, true),
    (PoliceOfficer, Sees, LowerRiskFloor, false),
    (SocialWorker, ResponsibleCouncil, LowerRiskFloor, false),
    // Reporting, the return and what follows it.
    (CareStaff, Sees, ReportEpisode, true),
    (RhiPractitioner, AssignedPractitioner, ReportEpisode, false),
    (CareStaff, Sees, RecordReturn, true),
    (RhiPractitioner, AssignedPractitioner, RecordReturn, false),
    (PoliceOfficer, Sees, RecordSafeAndWell, true),
    (LaCoordinator, ResponsibleCouncil, RecordSafeAndWell, false),
    (SocialWorker, Sees, OfferReturnConversation, true),
    (CareStaff, PlacementProvider, OfferReturnConversation, false),
    // The child's council sets the category and keeps the profile with the placement; others read.
    (SocialWorker, ResponsibleCouncil, ChangeLaCategory, true),
    (LaCoordinator, HostCouncil, ChangeLaCategory, true),
    (LaCoordinator, Sees, ChangeLaCategory, false),
    (PoliceOfficer, Sees, ChangeLaCategory, false),
    (CareStaff, PlacementProvider, KeepProfile, true),
    (CareStaff, RecordedPerson, KeepProfile, true),
    (CareStaff, Sees, KeepProfile, false),
    (LaCoordinator, HostCouncil, KeepProfile, true),
    (LaCoordinator, RecordedPerson, KeepProfile, false),
    (PoliceOfficer, RecordedPerson, KeepProfile, false),
    // An adult's Herbert profile is kept by whoever recorded them: police, council or care home.
    (PoliceOfficer, RecordedAdult, KeepProfile, true),
    (LaCoordinator, RecordedAdult, KeepProfile, true),
    (RhiPractitioner, RecordedAdult, KeepProfile, false),
    (PoliceOfficer, Sees, KeepProfile, false),
    // Care staff read what kind of harm an interview found, never the child's account.
    (CareStaff, PlacementProvider, ReadChildsAccount, false),
    (PoliceOfficer, Sees, ReadChildsAccount, true),
    (RhiPractitioner, Sees, ReadChildsAccount, true),
    // Recommendations and alerts are answered by the agency they are for.
    (CareStaff, Owner, AnswerRecommendation, true),
    (PoliceOfficer, Sees, AnswerRecommendation, false),
    (RhiPractitioner, Owner, AcknowledgeAlert, true),
    (LaCoordinator, ResponsibleCouncil, AcknowledgeAlert, false),
    // A helpline's contacts are its own; one shared is the named council's to read, and to link (not its managers').
    (RhiPractitioner, Owner, LogHelplineContact, true),
    (LaCoordinator, Sees, LogHelplineContact, false),
    (RhiPractitioner, Owner, ReadHelplineContacts, true),
    (LaSeniorManager, SharedWith, ReadHelplineContacts, true),
    (PoliceOfficer, Sees, ReadHelplineContacts, false),
    (CareStaff, Sees, ReadHelplineContacts, false),
    (SocialWorker, SharedWith, LinkHelplineContact, true),
    (LaSeniorManager, SharedWith, LinkHelplineContact, false),
    (RhiPractitioner, Owner, LinkHelplineContact, false),
    // Analysts see figures and admins users: no case actions at all.
    (Analyst, Sees, ReportEpisode, false),
    (Analyst, Owner, AcknowledgeAlert, false),
    (Admin, Owner, AnswerRecommendation, false),
    (Admin, ResponsibleCouncil, KeepProfile, false),
];

#[test]
fn each_role_may_do_what_the_table_says_through_the_relationships_it_names() {
    let wrong: Vec<String> = ROWS
        .iter()
        .filter(|(role, relationship, action, allowed)| permits(*role, *relationship, *action) != *allowed)
        .map(|(role, relationship, action, allowed)| {
            format!("{role} standing as {relationship} to {action}: expected {allowed}")
        })
        .collect();
    assert!(wrong.is_empty(), "the permission table disagrees:\n{}", wrong.join("\n"));
}

#[test]
fn analysts_and_admins_may_take_no_action_on_any_record() {
    for role in [Analyst, Admin] {
        for relationship in Relationship::ALL {
            for action in Action::ALL {
                assert!(!permits(role, *relationship, *action), "{role} {relationship} {action}");
            }
        }
    }
}

#[test]
fn the_committed_permissions_document_is_the_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/PERMISSIONS.md");
    let current = markdown();
    if std::env::var_os("UPDATE_PERMISSIONS").is_some() {
        std::fs::write(&path, &current).expect("docs/PERMISSIONS.md is writable");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "docs/PERMISSIONS.md is out of date: run UPDATE_PERMISSIONS=1 cargo test -p homeward-core --test permissions\n\
         It should read:\n\n{current}"
    );
}
