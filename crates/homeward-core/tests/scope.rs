//! Need to know, as tables: which episodes each role sees (how its agency reaches the episode, and whether the person
//! was a child when it started), and which sensitivity classes each role reads.

use homeward_core::authz::{Reach, Sensitivity, reads};
use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::ids::{AgencyId, UserId};
use homeward_core::domain::user::Role;
use homeward_core::{Actor, Scope};

use Reach::{
    AreaCouncil, ConversationAssigned, ForceArea, HostCouncil, InvestigatingForce, PlacementProvider,
    RecommendationOwner, Recorded, ResponsibleCouncil,
};
use Role::{
    Admin, Analyst, CareStaff, LaCoordinator, LaSeniorManager, PoliceOfficer, PoliceSupervisor, RhiPractitioner,
    SocialWorker,
};

fn actor(role: Role) -> Actor {
    let kind = AgencyKind::ALL.iter().copied().find(|k| role.fits(*k)).expect("every role fits some agency");
    Actor::user(UserId::random(), AgencyId::random(), kind, role)
}

const CHILD: bool = true;
const ADULT: bool = false;

/// (role, how its agency reaches the episode, the person a child at its start, sees it).
const SEES: &[(Role, Reach, bool, bool)] = &[
    // A council sees its own children, looked after or not, and the children placed in its area...
    (SocialWorker, ResponsibleCouncil, CHILD, true),
    (LaCoordinator, HostCouncil, CHILD, true),
    (LaSeniorManager, AreaCouncil, CHILD, true),
    // ...but adults only where it has been asked to act, or where it recorded the episode itself.
    (SocialWorker, ResponsibleCouncil, ADULT, false),
    (LaCoordinator, HostCouncil, ADULT, false),
    (LaCoordinator, AreaCouncil, ADULT, false),
    (LaCoordinator, ConversationAssigned, ADULT, true),
    (SocialWorker, RecommendationOwner, ADULT, true),
    (LaCoordinator, Recorded, ADULT, true),
    // A council is not a police force: the force's area opens nothing to it.
    (LaCoordinator, ForceArea, CHILD, false),
    (SocialWorker, InvestigatingForce, CHILD, false),
    // The police see episodes in their area, those they investigate and those they recorded, whatever the age.
    (PoliceOfficer, ForceArea, ADULT, true),
    (PoliceSupervisor, InvestigatingForce, CHILD, true),
    (PoliceOfficer, Recorded, ADULT, true),
    (PoliceOfficer, ResponsibleCouncil, CHILD, false),
    (PoliceOfficer, RecommendationOwner, ADULT, false),
    // A care provider sees its residents' episodes and what it recorded.
    (CareStaff, PlacementProvider, ADULT, true),
    (CareStaff, Recorded, CHILD, true),
    (CareStaff, ForceArea, CHILD, false),
    (CareStaff, HostCouncil, CHILD, false),
    // A practitioner sees only what is assigned to them (their agency holding an interview is not enough).
    (RhiPractitioner, Reach::AssignedPractitioner, CHILD, true),
    (RhiPractitioner, Reach::ProviderPractitioner, CHILD, false),
    (RhiPractitioner, Recorded, CHILD, false),
    // Analysts and admins see no case record at all.
    (Analyst, ResponsibleCouncil, CHILD, false),
    (Analyst, ForceArea, ADULT, false),
    (Admin, Recorded, CHILD, false),
];

#[test]
fn each_role_sees_the_episodes_its_agency_reaches_and_no_others() {
    let wrong: Vec<String> = SEES
        .iter()
        .filter(|(role, reach, child, sees)| actor(*role).case_scope().sees(&[*reach], *child) != *sees)
        .map(|(role, reach, child, sees)| format!("{role} reaching as {reach}, child {child}: expected {sees}"))
        .collect();
    assert!(wrong.is_empty(), "the scope table disagrees:\n{}", wrong.join("\n"));
}

#[test]
fn nobody_sees_an_episode_they_do_not_reach_and_operators_see_all() {
    for role in Role::ALL {
        assert!(!actor(*role).case_scope().sees(&[], true), "{role}");
    }
    assert!(Actor::operator("test").case_scope().sees(&[], false));
    assert_eq!(Actor::operator("test").case_scope(), Scope::All);
}

use Sensitivity::{CaseData, ChildsAccount, Health, PoliceIntelligence};

/// (role, class, reads it).
const READS: &[(Role, Sensitivity, bool)] = &[
    (PoliceOfficer, CaseData, true),
    (PoliceOfficer, PoliceIntelligence, true),
    (PoliceSupervisor, ChildsAccount, true),
    (PoliceOfficer, Health, true),
    // Councils grade risk with the police and read their intelligence; nothing is marked police-only.
    (SocialWorker, PoliceIntelligence, true),
    (LaCoordinator, ChildsAccount, true),
    (LaSeniorManager, Health, true),
    // Care staff keep the profile (health included), never the police's disclosures nor the child's account.
    (CareStaff, CaseData, true),
    (CareStaff, Health, true),
    (CareStaff, PoliceIntelligence, false),
    (CareStaff, ChildsAccount, false),
    // A practitioner reads what the interview needs: the episode, the profile, the child's account.
    (RhiPractitioner, CaseData, true),
    (RhiPractitioner, Health, true),
    (RhiPractitioner, ChildsAccount, true),
    (RhiPractitioner, PoliceIntelligence, false),
    // Analysts and admins read no case record.
    (Analyst, CaseData, false),
    (Analyst, PoliceIntelligence, false),
    (Analyst, ChildsAccount, false),
    (Analyst, Health, false),
    (Admin, CaseData, false),
    (Admin, Health, false),
];

#[test]
fn each_role_reads_the_classes_the_table_gives_it() {
    let wrong: Vec<String> = READS
        .iter()
        .filter(|(role, class, allowed)| reads(&actor(*role), *class) != *allowed)
        .map(|(role, class, allowed)| format!("{role} reading {class}: expected {allowed}"))
        .collect();
    assert!(wrong.is_empty(), "the sensitivity table disagrees:\n{}", wrong.join("\n"));
    for class in Sensitivity::ALL {
        assert!(reads(&Actor::operator("test"), *class), "operators read {class}");
    }
}

#[test]
fn the_childs_account_class_is_read_by_exactly_those_granted_to_read_it() {
    use homeward_core::authz::{Relationship, may};
    for role in Role::ALL {
        let actor = actor(*role);
        assert_eq!(
            reads(&actor, ChildsAccount),
            may(&actor, homeward_core::Action::ReadChildsAccount, &[Relationship::Sees]),
            "{role}"
        );
    }
}
