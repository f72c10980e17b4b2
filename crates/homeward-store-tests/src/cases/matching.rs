//! Report-time matching (issue 14, item 2): before a person is recorded, the records the reporter's agency may see
//! that may be them; once recorded anyway, every likely record proposed for review and a strong one the agency
//! may not see flagged to its holders, with nothing of it shown to the reporter. People held from before match keys
//! existed are filed by the scheduler.

use homeward_core::Actor;
use homeward_core::Scope;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::audit::AuditAction;
use homeward_core::domain::link::{LinkPaging, LinkProposal, LinkStatus};
use homeward_core::services::NewPerson;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;

fn new(given: &str, family: &str, born: &str) -> NewPerson {
    NewPerson::parse(given, family, born, "F", false, None, None).expect("valid")
}

async fn proposals(world: &World) -> Vec<LinkProposal> {
    let mut tx = world.core.store().begin_read().await.expect("read");
    tx.link_proposals(Scope::All, LinkStatus::Potential, &LinkPaging::default()).await.expect("listed")
}

async fn duplicates_flagged(core: &homeward_core::Core, actor: &Actor) -> Vec<homeward_core::domain::alert::Alert> {
    let page = core.alerts(actor, &homeward_core::domain::paging::Paging::default()).await.expect("alerts");
    page.items.into_iter().filter(|a| a.kind == AlertKind::PossibleDuplicate).collect()
}

pub async fn a_report_is_shown_the_records_its_agency_sees_and_flags_those_it_does_not(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (officer_a, officer_b) = (world.actor("officer.a@test.example"), world.actor("officer.b@test.example"));
    let held = core.create_person(&officer_b, new("Tamsin", "Fairclough", "2011-03-04")).await.expect("recorded");
    assert!(proposals(&world).await.is_empty(), "nothing like her was held");

    // Force B, which holds her, is shown its record however the report spells her: day and month swapped, a typo.
    let shown = core.possible_matches(&officer_b, &new("TAMSIN", "FAIRCLOGH", "2011-04-03")).await.expect("searched");
    assert_eq!(shown.iter().map(|m| m.person.id).collect::<Vec<_>>(), [held.id]);
    assert!(shown[0].probability.fraction() >= 0.5, "{:?}", shown[0].probability);
    assert!(shown[0].evidence.contains(&"dob=transposed".to_owned()), "{:?}", shown[0].evidence);
    // Her twin sister is not her, nor is a stranger.
    for other in [new("Maisie", "Fairclough", "2011-03-04"), new("Oscar", "Brindle", "2009-12-01")] {
        assert!(core.possible_matches(&officer_b, &other).await.expect("searched").is_empty(), "{other:?}");
    }
    let events = core.store().audit_events_after(0, 10_000).await.expect("events");
    let searches: Vec<_> = events.iter().filter(|e| e.action == AuditAction::PersonMatchesSearched.as_str()).collect();
    assert_eq!(searches.len(), 3, "each search audited");
    assert_eq!(searches[0].details, format!(r#"{{"shown":["{}"]}}"#, held.id), "ids only, never a name");

    // Force A may not see force B's record: it is shown nothing, and nothing of it is counted.
    assert!(
        core.possible_matches(&officer_a, &new("Tamsin", "Fairclough", "2011-03-04")).await.expect("ok").is_empty()
    );
    // Recording her anyway proposes the pair for review and tells force B, naming only force B's own record.
    let again = core.create_person(&officer_a, new("Tamsin", "Fairclough", "2011-03-04")).await.expect("recorded");
    let proposed = proposals(&world).await;
    assert_eq!(proposed.len(), 1);
    assert_eq!(proposed[0].other(again.id), Some(held.id));
    assert!(proposed[0].probability.fraction() >= 0.9);
    let flagged = duplicates_flagged(core, &officer_b).await;
    assert_eq!(flagged.len(), 1);
    assert_eq!((flagged[0].occasion.as_str(), flagged[0].episode_id), (held.id.to_string().as_str(), None));
    assert!(duplicates_flagged(core, &officer_a).await.is_empty(), "the reporter is not told of force B's record");

    // Force B, recording her a third time, sees its own record and force A's? Only its own: A's is not in its scope.
    let shown = core.possible_matches(&officer_b, &new("Tamsin", "Fairclough", "2011-03-04")).await.expect("ok");
    assert_eq!(shown.iter().map(|m| m.person.id).collect::<Vec<_>>(), [held.id]);
}

pub async fn people_held_before_match_keys_are_filed_by_the_scheduler(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    // The world's child was written straight to the store, as records kept before matching existed were.
    let officer = world.actor("officer.a@test.example");
    let child = new("Synthetic", "Child", "2012-03-04");
    assert!(core.possible_matches(&officer, &child).await.expect("searched").is_empty());
    core.tick(&Actor::operator("scheduler"), "test").await.expect("ticked");
    let shown = core.possible_matches(&officer, &child).await.expect("searched");
    assert_eq!(shown.iter().map(|m| m.person.id).collect::<Vec<_>>(), [world.child]);
    // Once every one is filed, the backfill is done and later ticks file nothing again.
    let mut tx = core.store().begin_read().await.expect("read");
    assert_eq!(tx.match_key_backfill().await.expect("read"), None);
}
