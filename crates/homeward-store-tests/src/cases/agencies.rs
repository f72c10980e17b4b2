//! Registering agencies and staff, and the rules a force sets for itself.

use homeward_core::services::{NewAgency, NewUser};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{self, PASSWORD, World};
use time::Duration;

use super::assessment;

pub async fn agencies_have_unique_codes_and_councils_name_their_force(db: TestDatabase) {
    let (core, _) = world::core(db.store.clone());
    let op = Actor::operator("test");
    core.add_agency(&op, NewAgency::parse("NYP", "A Police", "police", None).expect("valid")).await.expect("added");
    let duplicate = core.add_agency(&op, NewAgency::parse("nyp", "Again", "police", None).expect("valid")).await;
    assert!(matches!(duplicate, Err(CoreError::Invalid(f)) if f.get("code").is_some()), "duplicate code refused");
    let council = NewAgency::parse("E10000023", "A Council", "local_authority", Some("NYP")).expect("valid");
    let council = core.add_agency(&op, council).await.expect("council added");
    assert!(council.police_force_id.is_some());
    let unknown_force = NewAgency::parse("E10000024", "B Council", "local_authority", Some("NOPE")).expect("valid");
    assert!(matches!(core.add_agency(&op, unknown_force).await, Err(CoreError::Invalid(_))));
    let not_a_force = NewAgency::parse("E10000025", "C Council", "local_authority", Some("E10000023")).expect("valid");
    assert!(matches!(core.add_agency(&op, not_a_force).await, Err(CoreError::Invalid(_))));
    let officer = Actor::user(
        homeward_core::domain::ids::UserId::random(),
        council.id,
        homeward_core::domain::agency::AgencyKind::Police,
        homeward_core::domain::user::Role::PoliceOfficer,
    );
    let by_user = core.add_agency(&officer, NewAgency::parse("ZZ", "Z", "police", None).expect("valid")).await;
    assert!(matches!(by_user, Err(CoreError::Forbidden(_))), "only operators register agencies");
}

pub async fn users_have_unique_emails_and_fitting_roles(db: TestDatabase) {
    let (core, _) = world::core(db.store.clone());
    let op = Actor::operator("test");
    core.add_agency(&op, NewAgency::parse("NYP", "A Police", "police", None).expect("valid")).await.expect("added");
    let new = |email: &str, role: &str| NewUser::parse(email, "Someone", "NYP", role, PASSWORD).expect("valid");
    let user = core.add_user(&op, new("a@x.example", "police_officer")).await.expect("added");
    assert!(user.password_hash.as_stored().starts_with("$argon2id$"));
    assert!(user.password_hash.verify(PASSWORD));
    let again = core.add_user(&op, new("A@X.example", "police_supervisor")).await;
    assert!(matches!(again, Err(CoreError::Invalid(f)) if f.get("email").is_some()), "duplicate email refused");
    let misfit = core.add_user(&op, new("b@x.example", "social_worker")).await;
    assert!(
        matches!(misfit, Err(CoreError::Invalid(f)) if f.get("role").is_some()),
        "police cannot hold a council role"
    );
    let nowhere = NewUser::parse("c@x.example", "Someone", "NOPE", "analyst", PASSWORD).expect("valid");
    assert!(matches!(core.add_user(&op, nowhere).await, Err(CoreError::Invalid(f)) if f.get("agency").is_some()));
}

pub async fn a_forces_own_rules_set_review_times_and_the_young_child_age(db: TestDatabase) {
    use homeward_core::domain::risk::RiskGrade::Low;
    use homeward_core::rules::risk::AgencyRules;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let local = AgencyRules { review_low_minutes: Some(60), young_child_max_age: Some(11), ..AgencyRules::default() };
    let code = homeward_core::domain::agency::AgencyCode::parse("FA").expect("valid");
    let set = core.set_agency_rules(&Actor::operator("test"), &code, local.clone()).await.expect("set");
    assert_eq!(set, local);
    let officer = world.actor("officer.a@test.example");
    assert!(matches!(core.set_agency_rules(&officer, &code, local).await, Err(CoreError::Forbidden(_))));
    let silly = AgencyRules { review_high_minutes: Some(1), ..AgencyRules::default() };
    let refused = core.set_agency_rules(&Actor::operator("test"), &code, silly).await;
    assert!(matches!(refused, Err(CoreError::Rule { code: "invalid_rule", .. })), "{refused:?}");

    let twelve = world.add_missing_child(time::macros::date!(2014 - 01 - 01)).await;
    let recorded = core.record_assessment(&officer, twelve, assessment("low", false, None)).await.expect("recorded");
    assert_eq!(recorded.risk.joint, Some(Low), "this force's floor stops at 11");
    assert_eq!(recorded.risk.review_due_at, Some(core.now().plus(Duration::hours(1))), "its own review time");
}
