//! Who sees which records: single reads, pages of lists with filters, and the counts on the home page.

use homeward_core::Actor;
use homeward_core::domain::episode::{EpisodeOrder, EpisodeQuery, EpisodeStatus, ReturnOutcome};
use homeward_core::domain::ids::EpisodeId;
use homeward_core::domain::person::Person;
use homeward_testkit::world::World;
use homeward_testkit::{TestDatabase, example};
use time::Duration;

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
