//! What follows a report (issue 17): a legacy "absent" episode's review and the figures' count of those waiting,
//! Philomena part 2 and profile versions page by page, and the long-term missing register, on every store.

use homeward_core::domain::episode::EpisodeQuery;
use homeward_core::domain::paging::{Cursor, Paging};
use homeward_core::services::{LongTermInput, NewLongTermEntry, NewLongTermReview, NewMissingDescription, NewProfile};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

pub async fn a_legacy_absent_episode_is_reviewed_once_and_counted_until_then(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let episode = world.import_legacy_absent().await;
    let supervisor = world.actor("supervisor.a@test.example");
    let today = homeward_core::domain::time::london(core.now()).date();
    let waiting = || async {
        let figures = core.key_figures(&Actor::operator("stats"), today - Duration::days(5), today, None).await;
        figures.expect("counted").legacy_absent_awaiting_review
    };
    assert_eq!(waiting().await, 1);
    // The supervisor finds what awaits review in the episode list, filtered: the world's own episode is not there.
    let awaiting = EpisodeQuery { legacy_absent: true, ..EpisodeQuery::default() };
    let listed = || async { core.list_episodes(&supervisor, awaiting.clone()).await.expect("listed").items };
    assert_eq!(listed().await.iter().map(|l| l.episode.id).collect::<Vec<_>>(), [episode]);
    assert!(core.episode(&supervisor, episode).await.expect("read").legacy_absent.expect("flagged").awaiting_review());
    let officer = core.review_legacy_absent(&world.actor("officer.a@test.example"), episode, None).await;
    assert!(matches!(officer, Err(CoreError::Forbidden(_))), "{officer:?}");
    let plain = core.review_legacy_absent(&supervisor, world.episode, None).await;
    assert!(matches!(plain, Err(CoreError::Rule { code: "not_legacy_absent", .. })), "{plain:?}");
    let reviewed = core.review_legacy_absent(&supervisor, episode, Some("Looked again.")).await.expect("reviewed");
    assert!(!reviewed.awaiting_review());
    let again = core.review_legacy_absent(&supervisor, episode, None).await;
    assert!(matches!(again, Err(CoreError::Rule { code: "already_reviewed", .. })), "{again:?}");
    let read = core.episode(&supervisor, episode).await.expect("read").legacy_absent.expect("still legacy");
    assert_eq!(read.review.and_then(|r| r.note).map(|n| n.to_string()).as_deref(), Some("Looked again."));
    assert_eq!(waiting().await, 0);
    assert!(listed().await.is_empty(), "reviewed, it leaves the supervisor's list");
}

pub async fn part_two_is_kept_per_episode_and_profile_versions_page_latest_first(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let first = NewMissingDescription::parse("Blue coat", "Station").expect("valid");
    core.record_missing_description(&officer, world.episode, first).await.expect("recorded");
    let second = NewMissingDescription::parse("Blue coat, grey hat", "Station, 20:00").expect("valid");
    core.record_missing_description(&officer, world.episode, second).await.expect("replaced");
    let read = core.episode(&officer, world.episode).await.expect("read").missing_description.expect("part 2");
    assert_eq!((read.clothing.as_str(), read.last_seen.as_str()), ("Blue coat, grey hat", "Station, 20:00"));

    let carer = world.actor("carer@test.example");
    for n in 1..=5 {
        let fields = std::collections::BTreeMap::from([("identifiers".to_owned(), format!("Mark {n}"))]);
        core.save_profile(&carer, world.child, NewProfile::parse("philomena", &fields).expect("valid"))
            .await
            .expect("saved");
    }
    let mut versions = Vec::new();
    let mut after = None;
    loop {
        let paging = Paging { after, limit: 2 };
        let got = core.profile_versions(&officer, world.child, paging).await.expect("read");
        versions.extend(got.page.items.iter().map(|p| p.version));
        assert!(got.savers.values().all(|name| name.contains("Agency CARER")));
        match got.page.next {
            Some(next) => after = Some(Cursor { key: next.key, id: next.id }),
            None => break,
        }
    }
    assert_eq!(versions, [5, 4, 3, 2, 1]);
    let (third, _, _) = core.profile_version(&officer, world.child, 3).await.expect("read");
    assert_eq!(third.fields["identifiers"].as_str(), "Mark 3");
    let missing = core.profile_version(&officer, world.child, 6).await;
    assert!(matches!(missing, Err(CoreError::NotFound)));
    let unseen = core.profile_versions(&world.actor("officer.b@test.example"), world.child, Paging::default()).await;
    assert!(matches!(unseen, Err(CoreError::NotFound)));
}

pub async fn the_long_term_register_is_scoped_kept_and_reviewed(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let council = world.actor("worker.x@test.example");
    let host = world.actor("coordinator.y@test.example");
    let early = core.long_term(&officer, world.episode).await;
    assert!(matches!(early, Err(CoreError::Rule { code: "not_long_term", .. })), "{early:?}");
    assert!(core.list_long_term(&officer, Paging::default()).await.expect("listed").items.is_empty());

    use homeward_core::ports::Clock;
    world.clock.set(world.clock.now().plus(Duration::days(366)));
    let listed = core.list_long_term(&officer, Paging::default()).await.expect("listed");
    assert_eq!(listed.items.iter().map(|i| i.listing.listing.episode.id).collect::<Vec<_>>(), [world.episode]);
    assert!(listed.items[0].review_overdue);
    assert_eq!(core.list_long_term(&council, Paging::default()).await.expect("listed").items.len(), 1);
    assert!(core.list_long_term(&host, Paging::default()).await.expect("listed").items.is_empty());
    let other_force = core.list_long_term(&world.actor("officer.b@test.example"), Paging::default()).await;
    assert!(other_force.expect("listed").items.is_empty());

    let today = homeward_core::domain::time::london(core.now()).date();
    let day = |d: time::Date| homeward_core::domain::time::format_date(d);
    let (order_on, referred_on) = (day(today - Duration::days(3)), day(today - Duration::days(300)));
    let entry = NewLongTermEntry::parse(&LongTermInput {
        liaison_officer: Some("DC Example"),
        review_interval_days: Some("45"),
        mpu_referred_on: Some(&referred_on),
        mpu_reference: Some("MPU-1"),
        guardianship_order_on: Some(&order_on),
        guardian: Some("Synthetic Guardian"),
        ..LongTermInput::default()
    })
    .expect("valid");
    let refused = core.save_long_term(&host, world.episode, entry.clone()).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{refused:?}");
    let saved = core.save_long_term(&council, world.episode, entry.clone()).await.expect("saved");
    let kept = saved.entry.expect("an entry");
    assert_eq!(
        (kept.review_interval.days(), kept.guardian.map(|g| g.to_string())),
        (45, Some("Synthetic Guardian".into()))
    );
    core.save_long_term(&officer, world.episode, entry).await.expect("saved again, replacing");
    let review = NewLongTermReview::parse(&day(today), "Nothing new").expect("valid");
    let record = core.review_long_term(&officer, world.episode, review).await.expect("reviewed");
    assert_eq!(record.review_due_on, today + Duration::days(45));
    let read = core.long_term(&council, world.episode).await.expect("read");
    assert_eq!(
        (read.reviews.len(), read.entry.and_then(|e| e.mpu_reference).map(|r| r.to_string())),
        (1, Some("MPU-1".into()))
    );
    let listed = core.list_long_term(&officer, Paging::default()).await.expect("listed");
    assert_eq!(listed.items[0].listing.last_reviewed_on, Some(today));
    assert!(!listed.items[0].review_overdue);
}
