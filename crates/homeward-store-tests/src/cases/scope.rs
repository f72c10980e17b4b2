//! Who sees which records: single reads, pages of lists with filters, and the counts on the home page.

use homeward_core::domain::episode::{EpisodeOrder, EpisodeQuery, EpisodeStatus, ReturnOutcome};
use homeward_core::domain::ids::{EpisodeId, RecommendationId};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::{InterviewStatus, Recommendation, ReturnInterview};
use homeward_core::domain::text::FreeText;
use homeward_core::domain::time::Timestamp;
use homeward_core::{Actor, Scope};
use homeward_testkit::world::{World, at};
use homeward_testkit::{TestDatabase, example};
use time::Duration;
use time::macros::date;

use super::{Access, access};

pub async fn each_agency_sees_only_its_own_cases(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let episode = |email: &'static str| {
        let world = &world;
        async move { access(world.core.episode(&world.actor(email), world.episode).await) }
    };
    use Access::{Granted, NotFound};
    assert_eq!(episode("officer.a@test.example").await, Granted, "the investigating force");
    assert_eq!(episode("officer.b@test.example").await, NotFound, "another force");
    assert_eq!(episode("worker.x@test.example").await, Granted, "the responsible council");
    assert_eq!(episode("coordinator.y@test.example").await, Granted, "the host council of an out-of-area placement");
    assert_eq!(episode("coordinator.z@test.example").await, NotFound, "an unrelated council");
    assert_eq!(episode("carer@test.example").await, Granted, "the placement's care provider");
    assert_eq!(episode("practitioner@test.example").await, NotFound, "a practitioner with nothing assigned");
    assert_eq!(episode("analyst@test.example").await, NotFound, "analysts never see named records");
    assert_eq!(episode("admin@test.example").await, NotFound, "admins see users, not cases");
    let unknown = world.core.episode(&world.actor("officer.a@test.example"), EpisodeId::random()).await;
    assert_eq!(access(unknown), NotFound);

    world.assign_interview(world.user("practitioner@test.example").id).await;
    assert_eq!(episode("practitioner@test.example").await, Granted, "the practitioner assigned the interview");

    let person = |email: &'static str| {
        let world = &world;
        async move { access(world.core.person(&world.actor(email), world.child).await) }
    };
    assert_eq!(person("officer.a@test.example").await, Granted);
    assert_eq!(person("officer.b@test.example").await, NotFound);
    assert_eq!(person("coordinator.y@test.example").await, Granted);
    assert_eq!(person("coordinator.z@test.example").await, NotFound);
    assert_eq!(person("analyst@test.example").await, NotFound);

    let list = |email: &'static str| {
        let world = &world;
        async move { world.core.list_episodes(&world.actor(email), EpisodeQuery::default()).await }
    };
    assert_eq!(list("officer.a@test.example").await.expect("listed").items.len(), 1);
    assert_eq!(list("officer.b@test.example").await.expect("listed").items.len(), 0);
    assert_eq!(access(list("analyst@test.example").await), Access::Forbidden);
}

pub async fn lists_page_in_order_with_filters(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let base = world.core.now();
    let child: Person = world.core.person(&Actor::operator("test"), world.child).await.expect("the child").person;
    let mut tx = world.core.store().begin().await.expect("tx");
    for n in 0..5_i64 {
        let episode = example::episode(&child, world.force_a.id, base.plus(Duration::days(-10 + n)));
        let episode = if n == 0 { episode.returned(Duration::hours(3), ReturnOutcome::ReturnedSelf) } else { episode };
        tx.insert_episode(&episode.build()).await.expect("episode");
    }
    tx.commit().await.expect("commit");
    let officer = world.actor("officer.a@test.example");
    let mut query = EpisodeQuery { limit: 2, ..EpisodeQuery::default() };
    let mut seen = Vec::new();
    loop {
        let page = world.core.list_episodes(&officer, query.clone()).await.expect("page");
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|i| i.episode.went_missing_at));
        match page.next {
            Some(cursor) => query.after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6, "the world's episode and five more, each once");
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "newest first");

    let oldest = EpisodeQuery { order: EpisodeOrder::OldestFirst, limit: 3, ..EpisodeQuery::default() };
    let page = world.core.list_episodes(&officer, oldest).await.expect("page");
    assert!(page.items.windows(2).all(|w| w[0].episode.went_missing_at <= w[1].episode.went_missing_at));

    let returned = EpisodeQuery { status: Some(EpisodeStatus::Returned), ..EpisodeQuery::default() };
    assert_eq!(world.core.list_episodes(&officer, returned).await.expect("page").items.len(), 1);
    let by_agency = EpisodeQuery { agency: Some(world.council_x.code.clone()), ..EpisodeQuery::default() };
    assert_eq!(world.core.list_episodes(&officer, by_agency).await.expect("page").items.len(), 1);
}

pub async fn case_counts_are_scoped(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let counts = |email: &'static str| {
        let world = &world;
        async move { world.core.case_counts(&world.actor(email)).await.expect("counts") }
    };
    assert_eq!(counts("officer.a@test.example").await.missing_now, 1);
    assert_eq!(counts("officer.b@test.example").await.missing_now, 0);
    assert_eq!(counts("coordinator.y@test.example").await.missing_now, 1);
    assert_eq!(counts("analyst@test.example").await, homeward_core::domain::episode::CaseCounts::default());
    world.assign_interview(world.user("practitioner@test.example").id).await;
    let practitioner = counts("practitioner@test.example").await;
    assert_eq!((practitioner.missing_now, practitioner.interviews_open, practitioner.interviews_overdue), (1, 1, 0));
    world.clock.set(world.core.now().plus(Duration::hours(73)));
    assert_eq!(counts("worker.x@test.example").await.interviews_overdue, 1);
    assert!(world.core.agencies().await.expect("agencies").len() >= 7);
}

/// An episode of `person` in council X's area at `went_missing_at`, reported by force A; the person too if new.
async fn add_in_x(world: &World, person: &Person, went_missing_at: Timestamp) -> EpisodeId {
    let episode = example::episode(person, world.force_a.id, went_missing_at).in_area(world.council_x.id).build();
    let mut tx = world.core.store().begin().await.expect("tx");
    if tx.person(person.id, Scope::All).await.expect("read").is_none() {
        tx.insert_person(person).await.expect("person");
    }
    tx.insert_episode(&episode).await.expect("episode");
    tx.commit().await.expect("commit");
    episode.id
}

pub async fn a_council_sees_adults_only_where_it_has_been_asked_to_act(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let now = core.now();
    let sees = |email: &'static str, episode: EpisodeId| {
        let world = &world;
        async move { access(world.core.episode(&world.actor(email), episode).await) }
    };
    use Access::{Granted, NotFound};

    // An adult of council X's area, whom it is even recorded as responsible for: only the police see them.
    let adult =
        example::person(now).named("Adult", "Person").born(date!(1980 - 01 - 01)).of_council(world.council_x.id);
    let adult = adult.build();
    let episode = add_in_x(&world, &adult, now.plus(Duration::hours(-3))).await;
    assert_eq!(sees("officer.a@test.example", episode).await, Granted, "the force of the area");
    assert_eq!(sees("worker.x@test.example", episode).await, NotFound, "not asked to act");
    assert_eq!(access(core.person(&world.actor("worker.x@test.example"), adult.id).await), NotFound);
    let listed = core.list_episodes(&world.actor("worker.x@test.example"), EpisodeQuery::default()).await;
    assert!(listed.expect("listed").items.iter().all(|l| l.episode.id != episode), "nor in its list");
    let counts = core.case_counts(&world.actor("worker.x@test.example")).await.expect("counts");
    assert_eq!(counts.missing_now, 1, "only the world's own child");

    // Once a return conversation is assigned to someone at the council, the council sees it.
    let conversation = ReturnInterview {
        status: InterviewStatus::Assigned,
        practitioner_id: Some(world.user("worker.x@test.example").id),
        ..ReturnInterview::after_return(episode, false, now, now)
    };
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_return_interview(&conversation).await.expect("interview");
    tx.commit().await.expect("commit");
    assert_eq!(sees("worker.x@test.example", episode).await, Granted, "assigned its conversation");
    assert_eq!(sees("manager.x@test.example", episode).await, Granted, "the council's, not only the worker's");
    assert_eq!(access(core.person(&world.actor("manager.x@test.example"), adult.id).await), Granted);
    assert_eq!(sees("coordinator.z@test.example", episode).await, NotFound);

    // A recommendation for the council opens another adult's episode to it.
    let other = example::person(now).named("Other", "Adult").born(date!(1970 - 01 - 01)).build();
    let other_episode = add_in_x(&world, &other, now.plus(Duration::hours(-30))).await;
    assert_eq!(sees("worker.x@test.example", other_episode).await, NotFound);
    let interview = ReturnInterview::after_return(other_episode, false, now, now);
    let recommendation = Recommendation {
        id: RecommendationId::random(),
        interview_id: interview.id,
        episode_id: other_episode,
        owner_agency_id: world.council_x.id,
        action: FreeText::parse("Offer a carer's assessment.").expect("valid"),
        due_on: date!(2026 - 07 - 01),
        created_by: world.user("officer.a@test.example").id,
        created_at: now,
        response: None,
    };
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_return_interview(&interview).await.expect("interview");
    tx.insert_recommendation(&recommendation).await.expect("recommendation");
    tx.commit().await.expect("commit");
    assert_eq!(sees("worker.x@test.example", other_episode).await, Granted, "owns a recommendation");

    // Age is taken when the episode starts, on the London date: C turns 18 on 20 June 2026 (BST).
    let turning = example::person(now).named("Turning", "Eighteen").born(date!(2008 - 06 - 20));
    let turning = turning.of_council(world.council_x.id).build();
    let as_child = add_in_x(&world, &turning, at("2026-06-19T22:30:00Z")).await;
    let as_adult = add_in_x(&world, &turning, at("2026-06-19T23:30:00Z")).await;
    assert_eq!(sees("worker.x@test.example", as_child).await, Granted, "17 in London");
    assert_eq!(sees("worker.x@test.example", as_adult).await, NotFound, "18 in London, though 19 June in UTC");
}

pub async fn a_host_council_sees_children_placed_in_its_area_and_no_one_elses(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let now = core.now();
    let sees = |email: &'static str, episode: EpisodeId| {
        let world = &world;
        async move { access(world.core.episode(&world.actor(email), episode).await) }
    };
    use Access::{Granted, NotFound};
    assert_eq!(sees("coordinator.y@test.example", world.episode).await, Granted, "hosts the world's child");

    // Council Z's child, placed in council X's area, goes missing in council Y's: Y sees nothing of it.
    let placed = example::person(now).named("Placed", "Elsewhere").born(date!(2011 - 03 - 03));
    let placed = placed.looked_after_by(world.council_z.id).placed(world.council_x.id, world.carer.id).build();
    let episode = example::episode(&placed, world.force_b.id, now.plus(Duration::hours(-2)));
    let episode = episode.in_area(world.council_y.id).build();
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_person(&placed).await.expect("person");
    tx.insert_episode(&episode).await.expect("episode");
    tx.commit().await.expect("commit");
    assert_eq!(sees("coordinator.y@test.example", episode.id).await, NotFound, "only where it went missing");
    assert_eq!(access(core.person(&world.actor("coordinator.y@test.example"), placed.id).await), NotFound);
    assert_eq!(sees("coordinator.z@test.example", episode.id).await, Granted, "the responsible council");
    assert_eq!(sees("worker.x@test.example", episode.id).await, Granted, "the host council");
    assert_eq!(access(core.person(&world.actor("worker.x@test.example"), placed.id).await), Granted);
    assert_eq!(sees("officer.b@test.example", episode.id).await, Granted, "the force of the area");
    assert_eq!(sees("officer.a@test.example", episode.id).await, NotFound);
}
