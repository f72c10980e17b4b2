//! Who may do what, as the services answer it: the actions a record offers are exactly the ones its services accept,
//! whoever asks, and the decisions that were once made in two places stand where the permission table puts them.

use homeward_core::domain::episode::Episode;
use homeward_core::domain::ids::{EpisodeId, ReturnInterviewId};
use homeward_core::domain::return_interview::InterviewStatus;
use homeward_core::services::{NewOutcome, NewReturn, OutcomeInput, ReturnInput};
use homeward_core::{Action, Actor, CoreError, Scope};
use time::Duration;

use homeward_testkit::world::World;
use homeward_testkit::{TestDatabase, example};

/// Everyone in the test world.
const EVERYONE: [&str; 11] = [
    "officer.a@test.example",
    "officer.b@test.example",
    "worker.x@test.example",
    "coordinator.y@test.example",
    "coordinator.z@test.example",
    "carer@test.example",
    "practitioner@test.example",
    "analyst@test.example",
    "admin@test.example",
    "supervisor.a@test.example",
    "manager.x@test.example",
];

fn came_back(core: &homeward_core::Core) -> NewReturn {
    let returned_at = core.now().plus(Duration::minutes(-10)).to_rfc3339();
    NewReturn::parse(&ReturnInput { returned_at: &returned_at, outcome: "returned_self", ..ReturnInput::default() })
        .expect("valid")
}

/// Another episode of the world's looked-after child (responsible council X, host council Y, placed with the care
/// provider), missing in council X's area since an hour ago.
async fn another_episode(world: &World) -> EpisodeId {
    let mut tx = world.core.store().begin().await.expect("tx");
    let child = tx.person(world.child, Scope::All).await.expect("read").expect("the world's child");
    let episode: Episode = example::episode(&child, world.force_a.id, world.core.now().plus(Duration::hours(-1)))
        .in_area(world.council_x.id)
        .build();
    tx.insert_episode(&episode).await.expect("episode");
    tx.commit().await.expect("commit");
    episode.id
}

/// The interview of a child's episode, returned just now.
async fn interview_of(world: &World, episode: EpisodeId) -> ReturnInterviewId {
    let officer = world.actor("officer.a@test.example");
    let (_, interview) = world.core.record_return(&officer, episode, came_back(&world.core)).await.expect("returned");
    interview.expect("a child's return creates the interview").id
}

/// Whether the actor's view of the episode offers the action (nothing is offered on a record they cannot see).
async fn episode_offers(world: &World, actor: &Actor, episode: EpisodeId, action: Action) -> bool {
    world.core.episode(actor, episode).await.is_ok_and(|record| record.actions.contains(action))
}

async fn interview_offers(world: &World, actor: &Actor, interview: ReturnInterviewId, action: Action) -> bool {
    world.core.return_interview(actor, interview).await.is_ok_and(|detail| detail.actions.contains(action))
}

pub async fn each_record_offers_exactly_the_actions_its_services_accept(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let interview = interview_of(&world, another_episode(&world).await).await;
    let practitioner = world.user("practitioner@test.example").id;
    for email in EVERYONE {
        let actor = world.actor(email);
        // Each user returns an episode of their own, so one's return does not stand in another's way.
        let episode = another_episode(&world).await;
        let offered = episode_offers(&world, &actor, episode, Action::RecordReturn).await;
        let accepted = core.record_return(&actor, episode, came_back(core)).await.is_ok();
        assert_eq!(offered, accepted, "{email}: record_return offered {offered}, accepted {accepted}");

        let offered = episode_offers(&world, &actor, world.episode, Action::AssessRisk).await;
        let accepted =
            core.record_assessment(&actor, world.episode, super::assessment("medium", false, None)).await.is_ok();
        assert_eq!(offered, accepted, "{email}: assess_risk offered {offered}, accepted {accepted}");

        let offered = interview_offers(&world, &actor, interview, Action::AssignInterview).await;
        let accepted = core.assign_interview(&actor, interview, practitioner).await.is_ok();
        assert_eq!(offered, accepted, "{email}: assign_interview offered {offered}, accepted {accepted}");

        let offered = episode_offers(&world, &actor, world.episode, Action::RecordMissingDescription).await;
        let part_two = homeward_core::services::NewMissingDescription::parse("Grey coat", "Bus stop").expect("valid");
        let accepted = core.record_missing_description(&actor, world.episode, part_two).await.is_ok();
        assert_eq!(offered, accepted, "{email}: record_missing_description offered {offered}, accepted {accepted}");
    }
    // What each one is offered on the world's episode, still missing and graded.
    let world = &world;
    let offered = |email: &'static str| async move {
        let record = world.core.episode(&world.actor(email), world.episode).await.expect("seen");
        record.actions.iter().map(Action::as_str).collect::<Vec<_>>()
    };
    // The notice is accepted from the police about a child they see (the abduction notices' case).
    assert_eq!(
        offered("officer.a@test.example").await,
        ["report_episode", "assess_risk", "record_return", "record_abduction_notice", "record_missing_description"]
    );
    assert_eq!(
        offered("carer@test.example").await,
        ["report_episode", "keep_profile", "end_placement", "record_return", "record_missing_description"]
    );
    assert_eq!(
        offered("manager.x@test.example").await,
        [
            "report_episode",
            "keep_profile",
            "record_placement",
            "end_placement",
            "assess_risk",
            "lower_risk_floor",
            "change_la_category",
            "record_return",
            "read_intelligence",
            "record_missing_description"
        ]
    );
    // Offered, and accepted: the person's places and people, asked with a reason.
    let manager = world.actor("manager.x@test.example");
    let person = world.core.episode(&manager, world.episode).await.expect("seen").person.id;
    assert!(world.core.network(&manager, person, 2, Some("Strategy meeting")).await.is_ok());
    let officer = world.actor("officer.a@test.example");
    assert!(world.core.network(&officer, person, 2, Some("Strategy meeting")).await.is_err(), "not offered, refused");
}

pub async fn assignment_is_the_councils_job_and_a_practitioner_may_not_reassign(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let interview = interview_of(&world, world.episode).await;
    let practitioner = world.actor("practitioner@test.example");
    let practitioner_id = world.user("practitioner@test.example").id;
    core.assign_interview(&world.actor("worker.x@test.example"), interview, practitioner_id)
        .await
        .expect("the responsible council assigns");
    // The core let a practitioner reassign their own interview, while the page offered assignment to councils only.
    // Someone independent who would see the interview: the host council's coordinator.
    let other = world.user("coordinator.y@test.example").id;
    let refused = core.assign_interview(&practitioner, interview, other).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{refused:?}");
    assert!(!interview_offers(&world, &practitioner, interview, Action::AssignInterview).await);
    assert!(interview_offers(&world, &practitioner, interview, Action::RecordOutcome).await);
    let host = world.actor("coordinator.y@test.example");
    assert!(interview_offers(&world, &host, interview, Action::AssignInterview).await);
    core.assign_interview(&host, interview, other).await.expect("the host council assigns too");

    // A council whose area another council's child went missing in does not see the episode, let alone assign.
    let mut tx = core.store().begin().await.expect("tx");
    let child = tx.person(world.child, Scope::All).await.expect("read").expect("the world's child");
    let in_z = example::episode(&child, world.force_b.id, core.now().plus(Duration::hours(-2)))
        .in_area(world.council_z.id)
        .build();
    tx.insert_episode(&in_z).await.expect("episode");
    tx.commit().await.expect("commit");
    let officer_b = world.actor("officer.b@test.example");
    let (_, theirs) = core.record_return(&officer_b, in_z.id, came_back(core)).await.expect("returned");
    let theirs = theirs.expect("created").id;
    let area = world.actor("coordinator.z@test.example");
    assert!(matches!(core.return_interview(&area, theirs).await, Err(CoreError::NotFound)), "not its child");
    assert!(matches!(core.assign_interview(&area, theirs, practitioner_id).await, Err(CoreError::NotFound)));
    assert!(!interview_offers(&world, &area, theirs, Action::AssignInterview).await);
    // For a child no council is responsible for, the council told of the overdue interview assigns it.
    let unclaimed = super::figures::person(time::macros::date!(2013 - 02 - 02), false);
    let unclaimed_episode = example::episode(&unclaimed, world.force_b.id, core.now().plus(Duration::hours(-2)))
        .in_area(world.council_z.id)
        .build();
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_person(&unclaimed).await.expect("person");
    tx.insert_episode(&unclaimed_episode).await.expect("episode");
    tx.commit().await.expect("commit");
    let (_, unclaimed) = core.record_return(&officer_b, unclaimed_episode.id, came_back(core)).await.expect("returned");
    let unclaimed = unclaimed.expect("created").id;
    assert!(interview_offers(&world, &area, unclaimed, Action::AssignInterview).await);
    core.assign_interview(&area, unclaimed, practitioner_id).await.expect("the area council answers for this child");
    for email in ["officer.a@test.example", "carer@test.example"] {
        let refused = core.assign_interview(&world.actor(email), interview, practitioner_id).await;
        assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{email}: {refused:?}");
    }
}

pub async fn a_covered_interview_takes_its_outcome_on_the_one_covering_it(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let council = world.actor("worker.x@test.example");
    let first = interview_of(&world, world.episode).await;
    let second = interview_of(&world, another_episode(&world).await).await;
    let outcome = |status: &str, covers: Vec<String>| {
        let now = core.now().to_rfc3339();
        NewOutcome::parse(&OutcomeInput {
            status: status.into(),
            offered_at: Some(now.clone()),
            completed_at: (status == "completed").then_some(now),
            findings: (status == "completed").then(|| serde_json::json!({"push_factors": ["conflict_at_home"]})),
            also_covers: covers,
            ..OutcomeInput::default()
        })
        .expect("valid")
    };
    core.record_interview_outcome(&council, second, outcome("offered", vec![first.to_string()]))
        .await
        .expect("offered");
    // The page hid the outcome form on a covered interview while the core took an outcome there.
    assert!(!interview_offers(&world, &council, first, Action::RecordOutcome).await);
    let refused = core.record_interview_outcome(&council, first, outcome("completed", Vec::new())).await;
    assert!(matches!(refused, Err(CoreError::Rule { code: "interview_covered", .. })), "{refused:?}");
    assert!(interview_offers(&world, &council, second, Action::RecordOutcome).await);
    let done = core
        .record_interview_outcome(&council, second, outcome("completed", vec![first.to_string()]))
        .await
        .expect("the covering interview takes it, for both");
    assert_eq!(done.interview.status, InterviewStatus::Completed);
    assert_eq!(
        done.actions.iter().collect::<Vec<_>>(),
        [Action::PlanSupport, Action::ReadChildsAccount],
        "nothing more to record on it: support may now be planned, and it read"
    );
}
