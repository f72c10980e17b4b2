//! Who may hold a return interview, as the store answers the facts the independence rule weighs: everyone who worked
//! the episode, and whether a candidate's scope would show them the interview once it is theirs.

use homeward_core::domain::episode::LaCategory;
use homeward_core::domain::ids::{ReturnInterviewId, UserId};
use homeward_core::domain::user::User;
use homeward_core::services::{NewSafeAndWell, NewUser};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{PASSWORD, World};
use time::Duration;

use super::new_return;

/// Adds council X's missing coordinator, who works the world's child's case.
async fn coordinator_of_x(world: &World) -> (User, Actor) {
    let new = NewUser::parse("coordinator.x@test.example", "Test User", "E0000000X", "la_coordinator", PASSWORD)
        .expect("valid");
    let user = world.core.add_user(&Actor::operator("test"), new).await.expect("added");
    let actor = Actor::user(user.id, world.council_x.id, world.council_x.kind, user.role);
    (user, actor)
}

/// The world's episode returned an hour ago, recorded by force A's officer: its return interview.
async fn returned(world: &World) -> ReturnInterviewId {
    let back = new_return(&world.core.now().plus(Duration::hours(-1)).to_rfc3339(), "returned_self").expect("valid");
    let officer = world.actor("officer.a@test.example");
    let (_, interview) = world.core.record_return(&officer, world.episode, back).await.expect("recorded");
    interview.expect("a child's return creates the interview").id
}

pub async fn only_those_independent_of_the_case_who_would_see_it_are_offered_and_assigned(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (assessor, assessor_actor) = coordinator_of_x(&world).await;
    core.record_assessment(&assessor_actor, world.episode, super::assessment("medium", false, None))
        .await
        .expect("the coordinator grades the child's risk");
    let interview = returned(&world).await;
    let council = world.actor("worker.x@test.example");
    let offered: Vec<UserId> =
        core.practitioners_for(&council, interview).await.expect("listed").iter().map(|u| u.id).collect();
    let id = |email: &str| world.user(email).id;
    assert!(offered.contains(&id("practitioner@test.example")), "an interview practitioner");
    assert!(offered.contains(&id("coordinator.y@test.example")), "the host council sees its placed child's interview");
    assert!(!offered.contains(&assessor.id), "the coordinator who graded the risk is not offered");
    for email in [
        "worker.x@test.example",
        "coordinator.z@test.example",
        "officer.a@test.example",
        "carer@test.example",
        "manager.x@test.example",
        "analyst@test.example",
    ] {
        assert!(!offered.contains(&id(email)), "{email} is not offered");
    }
    // Whoever is not offered is refused, each with the rule's own code; nothing is assigned.
    for (user, code) in [
        (assessor.id, "not_independent"),
        (id("worker.x@test.example"), "not_independent"),
        (id("officer.a@test.example"), "not_independent"),
        (id("coordinator.z@test.example"), "would_not_see_it"),
        (id("manager.x@test.example"), "not_an_interviewer"),
    ] {
        let refused = core.assign_interview(&council, interview, user).await;
        assert!(matches!(refused, Err(CoreError::Rule { code: c, .. }) if c == code), "{code}: {refused:?}");
    }
    let coordinator_z = world.actor("coordinator.z@test.example");
    assert!(matches!(core.return_interview(&coordinator_z, interview).await, Err(CoreError::NotFound)));
    // Whoever is offered may be assigned, and then sees the interview.
    core.assign_interview(&council, interview, id("coordinator.y@test.example")).await.expect("assigned");
    let host = world.actor("coordinator.y@test.example");
    assert!(core.return_interview(&host, interview).await.is_ok(), "the one assigned sees it");
}

pub async fn everyone_who_worked_an_episode_is_known_each_once(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let workers = |episode| async move {
        let mut tx = core.store().begin().await.expect("tx");
        let found = tx.episode_workers(episode).await.expect("read");
        tx.commit().await.expect("commit");
        found
    };
    assert!(workers(world.episode).await.is_empty(), "nobody has worked a new episode");
    let officer = world.actor("officer.a@test.example");
    for _ in 0..2 {
        core.record_assessment(&officer, world.episode, super::assessment("medium", false, None)).await.expect("ok");
    }
    let manager = world.actor("manager.x@test.example");
    core.change_la_category(&manager, world.episode, LaCategory::Away).await.expect("changed");
    let supervisor = world.actor("supervisor.a@test.example");
    let back = new_return(&core.now().plus(Duration::hours(-1)).to_rfc3339(), "found_by_police").expect("valid");
    core.record_return(&supervisor, world.episode, back).await.expect("returned");
    let check = NewSafeAndWell::parse(&core.now().to_rfc3339(), Some(true), None, None).expect("valid");
    core.record_safe_and_well(&officer, world.episode, check).await.expect("checked");
    let mut expected: Vec<UserId> = ["officer.a@test.example", "manager.x@test.example", "supervisor.a@test.example"]
        .map(|e| world.user(e).id)
        .into();
    expected.sort_by_key(ToString::to_string);
    let mut found = workers(world.episode).await;
    found.sort_by_key(ToString::to_string);
    assert_eq!(found, expected, "assessor, category changer and return recorder, each once");
    let other = world.add_missing_child(time::macros::date!(2012 - 01 - 01)).await;
    assert!(workers(other).await.is_empty(), "another episode's workers are its own");
}
