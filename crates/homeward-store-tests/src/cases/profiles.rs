//! What carers keep ready for the police: Philomena and Herbert profiles, and photographs.

use homeward_core::CoreError;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;

pub async fn profiles_are_kept_by_carers_versioned_and_seen_by_police_once_reported(db: TestDatabase) {
    use homeward_core::services::NewProfile;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let carer = world.actor("carer@test.example");
    let fields = |text: &str| {
        std::collections::BTreeMap::from([
            ("physical_description".to_owned(), text.to_owned()),
            ("places_frequented".to_owned(), "Town centre arcade".to_owned()),
            ("social_media".to_owned(), "   ".to_owned()),
        ])
    };
    let first = NewProfile::parse("philomena", &fields("Tall, short dark hair")).expect("valid");
    let saved = core.save_profile(&carer, world.child, first).await.expect("the placement's carer keeps it");
    assert_eq!((saved.version, saved.fields.len()), (1, 2), "blank fields are left out");
    let second = NewProfile::parse("philomena", &fields("Tall, hair now dyed red")).expect("valid");
    let saved =
        core.save_profile(&world.actor("worker.x@test.example"), world.child, second).await.expect("the council");
    assert_eq!(saved.version, 2, "each save is a new version");

    // The police see the current profile on the episode at once; they do not keep it.
    let officer = world.actor("officer.a@test.example");
    let record = core.episode(&officer, world.episode).await.expect("read");
    let profile = record.profile.expect("the profile is on the episode");
    assert_eq!(profile.version, 2);
    assert_eq!(profile.fields["physical_description"].as_str(), "Tall, hair now dyed red");
    let refused =
        core.save_profile(&officer, world.child, NewProfile::parse("philomena", &fields("x")).expect("valid")).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))));
    let unseen = core
        .save_profile(
            &world.actor("coordinator.z@test.example"),
            world.child,
            NewProfile::parse("philomena", &fields("x")).expect("valid"),
        )
        .await;
    assert!(matches!(unseen, Err(CoreError::NotFound)));
    let bad = std::collections::BTreeMap::from([("favourite_colour".to_owned(), "blue".to_owned())]);
    assert!(matches!(NewProfile::parse("philomena", &bad), Err(CoreError::Invalid(_))));
    assert!(matches!(NewProfile::parse("absent", &fields("x")), Err(CoreError::Invalid(_))));
    assert_eq!(core.person(&officer, world.child).await.expect("read").profile.map(|p| p.version), Some(2));
}

pub async fn photographs_are_checked_kept_and_shown_only_within_scope(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let carer = world.actor("carer@test.example");
    let png = homeward_testkit::example::png();
    let taken = time::macros::date!(2026 - 05 - 01);
    core.save_photo(&carer, world.child, png.clone(), taken).await.expect("a PNG is kept");
    let officer = world.actor("officer.a@test.example");
    let photo = core.photo(&officer, world.child).await.expect("the police see it once an episode exists");
    assert_eq!((photo.bytes, photo.taken_on), (png.clone(), taken));
    assert!(core.person(&officer, world.child).await.expect("read").has_photo);
    assert!(matches!(core.photo(&world.actor("officer.b@test.example"), world.child).await, Err(CoreError::NotFound)));
    assert!(matches!(core.photo(&world.actor("analyst@test.example"), world.child).await, Err(CoreError::NotFound)));
    let header_only = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR synthetic test image".to_vec();
    let refused = core.save_photo(&carer, world.child, header_only, taken).await;
    assert!(matches!(&refused, Err(CoreError::Invalid(f)) if f.get("photo").is_some()), "{refused:?}");
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
    assert!(matches!(core.save_photo(&carer, world.child, svg, taken).await, Err(CoreError::Invalid(_))));
    let huge = [png.clone(), vec![0; homeward_core::domain::photo::MAX_PHOTO_BYTES]].concat();
    assert!(matches!(core.save_photo(&carer, world.child, huge, taken).await, Err(CoreError::Invalid(_))));
    let future = time::macros::date!(2030 - 01 - 01);
    assert!(matches!(core.save_photo(&carer, world.child, png.clone(), future).await, Err(CoreError::Invalid(_))));
    assert!(matches!(core.save_photo(&officer, world.child, png, taken).await, Err(CoreError::Forbidden(_))));
    let events = db.store.audit_events_after(0, 1_000).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.action == "photo.saved").count(), 1);
    assert!(events.iter().any(|e| e.action == "photo.read"), "viewing a photograph is audited");
}
