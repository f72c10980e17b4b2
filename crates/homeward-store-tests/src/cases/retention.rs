//! Retention (issue 16, item 7): the schedule erases a person's records when they fall due (an adult six years after
//! the last record, a child at their 25th birthday, never while an episode is open), leaves a tombstone naming the
//! rule, keeps the coded facts, and the audit chain still verifies. Only operators carry it out.

use std::collections::BTreeMap;

use homeward_core::authz::Scope;
use homeward_core::domain::episode::ReturnOutcome;
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::profile::{Profile, ProfileKind};
use homeward_core::domain::text::FreeText;
use homeward_core::rules::retention::RetentionSchedule;
use homeward_core::services::helpline::{HelplineInput, NewHelplineContact};
use homeward_core::services::{AuditReport, RetentionReport};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::example;
use homeward_testkit::world::World;
use time::Duration;
use time::macros::date;

/// Someone missing two days ago for five hours, with the circumstances written down and a profile kept.
async fn returned_person(world: &World, born: time::Date, circumstances: &str) -> PersonId {
    let now = world.core.now();
    let person = example::person(now).named("Synthetic", "Kept").born(born).of_council(world.council_x.id).build();
    let mut episode = example::episode(&person, world.force_a.id, now.plus(Duration::days(-2)))
        .in_area(world.council_x.id)
        .returned(Duration::hours(5), ReturnOutcome::ReturnedSelf)
        .build();
    episode.circumstances = Some(FreeText::parse(circumstances).expect("valid"));
    let profile = Profile {
        person_id: person.id,
        version: 1,
        kind: ProfileKind::Herbert,
        fields: BTreeMap::from([("routine".to_owned(), FreeText::parse("Walks the dog at six").expect("valid"))]),
        saved_by: world.user("officer.a@test.example").id,
        saved_at: now,
    };
    let mut tx = world.core.store().begin().await.expect("tx");
    tx.insert_person(&person).await.expect("person");
    tx.insert_episode(&episode).await.expect("episode");
    tx.insert_profile(&profile).await.expect("profile");
    tx.commit().await.expect("commit");
    person.id
}

async fn run(world: &World, dry_run: bool) -> RetentionReport {
    let operator = Actor::operator("retention run");
    world.core.run_retention(&operator, &RetentionSchedule::default(), dry_run, &|_| {}).await.expect("carried out")
}

pub async fn the_retention_schedule_erases_what_is_due_with_a_tombstone_and_the_chain_still_verifies(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let adult = returned_person(&world, date!(1960 - 01 - 15), "Left after an argument").await;
    let child = returned_person(&world, date!(2012 - 03 - 10), "Went to a party").await;
    world.sign_in("officer.a@test.example", None).await;
    let now = core.now();
    // A helpline contact the provider kept: it joins no record, so no person rule reaches it.
    let call = HelplineInput {
        channel: "phone".into(),
        contacted_at: now.plus(Duration::hours(-1)).to_rfc3339(),
        contact_by: "self".into(),
        asked: "Synthetic: asked about staying with a friend".into(),
        name: Some("Synthetic Caller".into()),
        sharing: "not_shared".into(),
        ..HelplineInput::default()
    };
    let call = NewHelplineContact::parse(&call).expect("valid");
    let kept = core.log_helpline_contact(&world.actor("practitioner@test.example"), call).await.expect("logged");

    let today = run(&world, false).await;
    assert_eq!((today.people_checked, today.people_erased(), today.sessions_removed), (3, 0, 0), "{today:?}");

    // Seven years on the adult is due (six years after the last record); the child is kept to their 25th birthday
    // and the world's looked-after child, still missing, is never due.
    world.clock.set(now.plus(Duration::days(7 * 366)));
    let head = core.store().audit_head().await.expect("head");
    let tried = run(&world, true).await;
    assert_eq!((tried.erased_after_last_record, tried.erased_child, tried.sessions_removed), (1, 0, 1), "{tried:?}");
    assert_eq!(tried.helpline_contacts_erased, 1, "the kept contact is past six years: {tried:?}");
    assert_eq!(core.store().audit_head().await.expect("head"), head, "a dry run writes nothing");

    let done = run(&world, false).await;
    assert_eq!((done.erased_after_last_record, done.people_erased(), done.sessions_removed), (1, 1, 1), "{done:?}");
    assert_eq!(done.helpline_contacts_erased, 1, "{done:?}");
    let mut tx = core.store().begin_read().await.expect("tx");
    let contact = tx.helpline_contact(kept.contact.id).await.expect("read").expect("kept for the figures");
    assert_eq!((contact.asked, contact.name), (None, None), "what the caller said and who they were are gone");
    let erased = tx.person(adult, Scope::All).await.expect("read").expect("the record stays, for the figures");
    assert_eq!((erased.given_name.as_str(), erased.family_name.as_str()), ("[erased]", "[erased]"));
    assert_eq!(erased.date_of_birth, date!(1960 - 01 - 01), "the year of birth only");
    let episodes = tx.episodes_of_person(adult, Scope::All).await.expect("read");
    assert_eq!(episodes.len(), 1, "the episode's coded facts stay");
    assert_eq!(episodes[0].circumstances, None);
    assert_eq!(episodes[0].return_outcome, Some(ReturnOutcome::ReturnedSelf));
    assert!(tx.current_profile(adult).await.expect("read").is_none(), "the profile is gone");
    assert!(tx.current_profile(child).await.expect("read").is_some(), "the child's is kept");
    drop(tx);
    let tombstones: Vec<_> = core
        .store()
        .audit_events_after(0, 10_000)
        .await
        .expect("read")
        .into_iter()
        .filter(|e| e.action == "retention.erased")
        .collect();
    assert_eq!(tombstones.len(), 1);
    assert_eq!(tombstones[0].target_id.as_deref(), Some(adult.to_string().as_str()));
    assert!(tombstones[0].details.contains("\"rule\":\"after_last_record\""), "{}", tombstones[0].details);
    assert!(!tombstones[0].details.contains("argument"), "counts only, never what was erased");
    assert!(matches!(core.verify_audit(|_| {}).await.expect("read"), AuditReport::Intact { .. }));

    let again = run(&world, false).await;
    assert_eq!((again.people_checked, again.people_erased()), (2, 0), "an erased person is passed over: {again:?}");
    assert_eq!(again.helpline_contacts_erased, 0, "a cleared contact is not counted again");

    // Past the child's 25th birthday they are due too.
    world.clock.set(now.plus(Duration::days(12 * 366)));
    assert_eq!(run(&world, false).await.erased_child, 1);
    assert!(matches!(core.verify_audit(|_| {}).await.expect("read"), AuditReport::Intact { .. }));

    // Only operators; a schedule shorter than the law is refused before anything is read.
    let manager = world.actor("manager.x@test.example");
    let refused = core.run_retention(&manager, &RetentionSchedule::default(), false, &|_| {}).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{refused:?}");
    let short = RetentionSchedule { looked_after_until_age: 30, ..RetentionSchedule::default() };
    let refused = core.run_retention(&Actor::operator("retention run"), &short, false, &|_| {}).await;
    assert!(matches!(refused, Err(CoreError::Rule { code: "invalid_schedule", .. })), "{refused:?}");
}
