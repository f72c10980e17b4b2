//! What cannot be recorded however it is asked for (rules::integrity): an episode before birth, a second open
//! episode, an episode after the person was found dead, a blank override reason, a profile silently changing type,
//! a photograph that is not a picture. Each is refused with its field and code, and changes nothing.

use homeward_core::CoreError;
use homeward_core::domain::profile::ProfileKind;
use homeward_core::services::{NewEpisode, NewProfile};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

fn report(person: impl std::fmt::Display, went_missing_at: &str) -> NewEpisode {
    NewEpisode::parse(&person.to_string(), went_missing_at, "home", None, None, None, None, None, None)
        .expect("a well-formed report")
}

pub async fn impossible_episodes_are_refused_and_change_nothing(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let head = db.store.audit_head().await.expect("head");
    let went = |hours_ago: i64| core.now().plus(Duration::hours(-hours_ago)).to_rfc3339();

    // The world's child is missing now: another report is the same absence, pointed at the open episode.
    let refused = core.report_episode(&officer, report(world.child, &went(1))).await;
    assert!(
        matches!(refused, Err(CoreError::AlreadyMissing { open_episode_id }) if open_episode_id == world.episode),
        "{refused:?}"
    );
    // Born on 4 March 2012 (the example child): nothing before that day.
    let refused = core.report_episode(&officer, report(world.child, "2012-03-03T12:00:00Z")).await;
    assert!(
        matches!(refused, Err(CoreError::Rule { code: "before_birth", field: Some("went_missing_at"), .. })),
        "{refused:?}"
    );
    assert_eq!(db.store.audit_head().await.expect("head"), head, "refused reports wrote nothing");

    // Found dead: no episode can follow.
    let dead = super::new_return(&went(0), "found_dead").expect("valid");
    core.record_return(&officer, world.episode, dead).await.expect("recorded");
    let head = db.store.audit_head().await.expect("head");
    let refused = core.report_episode(&officer, report(world.child, &went(0))).await;
    assert!(
        matches!(refused, Err(CoreError::Rule { code: "found_dead", field: Some("person_id"), .. })),
        "{refused:?}"
    );
    assert_eq!(db.store.audit_head().await.expect("head"), head);
    let episodes = core.person(&officer, world.child).await.expect("read").episodes.len();
    assert_eq!(episodes, 1, "no episode was added");
}

pub async fn blank_override_reasons_retyped_profiles_and_broken_photos_are_refused(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let blank = homeward_core::services::NewAssessment::parse(
        "low",
        "Seen at a friend's.",
        std::collections::BTreeMap::new(),
        false,
        false,
        Some("   "),
    );
    assert!(matches!(blank, Err(CoreError::Invalid(f)) if f.get("override_reason").is_some()));

    let carer = world.actor("carer@test.example");
    let fields = |text: &str| [("physical_description".to_owned(), text.to_owned())].into_iter().collect();
    let herbert = NewProfile::parse("herbert", &fields("Tall")).expect("valid");
    core.save_profile(&carer, world.child, herbert).await.expect("saved");
    let head = db.store.audit_head().await.expect("head");
    let philomena = NewProfile::parse("philomena", &fields("Tall")).expect("valid");
    let refused = core.save_profile(&carer, world.child, philomena.clone()).await;
    assert!(
        matches!(refused, Err(CoreError::Rule { code: "profile_type_changed", field: Some("kind"), .. })),
        "{refused:?}"
    );
    assert_eq!(db.store.audit_head().await.expect("head"), head, "the refused profile wrote nothing");
    let replaced = core.save_profile(&carer, world.child, philomena.replacing_type(true)).await.expect("replaced");
    assert_eq!((replaced.kind, replaced.version), (ProfileKind::Philomena, 2));
    let events = db.store.audit_events_after(0, 1_000).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.action == "profile.type_replaced").count(), 1, "the replacement is audited");

    let header_only = b"\x89PNG\r\n\x1a\n".to_vec();
    let refused = core.save_photo(&carer, world.child, header_only, time::macros::date!(2026 - 05 - 01)).await;
    assert!(matches!(&refused, Err(CoreError::Invalid(f)) if f.get("photo").is_some()), "{refused:?}");
}
