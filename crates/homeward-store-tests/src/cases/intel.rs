//! Places and people (issue 15): what returns and interviews name is resolved into places and associates across
//! children and agencies; a coordinator asks, with a reason, for a child's network, a place's episodes and the
//! hotspots, and is shown only the children their agency sees; analysts see districts, never who.

use homeward_core::domain::audit::AuditAction;
use homeward_core::domain::ids::EpisodeId;
use homeward_core::domain::intel::{HotspotLevel, Linked, PlacePaging};
use homeward_core::error::CoreError;
use homeward_core::ports::IntelLinkPaging;
use homeward_core::services::{NewEpisode, NewOutcome, NewPerson, NewReturn, OutcomeInput, ReturnInput};
use homeward_core::{Actor, Core};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

const WHY: Option<&str> = Some("Strategy meeting for a child at risk");

/// Records the episode's return, found at `place` and `postcode` if given; answers the interview the return made.
pub(crate) async fn returned(core: &Core, actor: &Actor, episode: EpisodeId, found: Option<(&str, &str)>) {
    let at = core.now().plus(Duration::minutes(-30)).to_rfc3339();
    let input = ReturnInput {
        returned_at: &at,
        outcome: "found_by_police",
        found_place: found.map(|f| f.0),
        found_postcode: found.map(|f| f.1),
        ..ReturnInput::default()
    };
    core.record_return(actor, episode, NewReturn::parse(&input).expect("valid")).await.expect("returned");
}

/// Records the episode's interview as completed, with these findings.
pub(crate) async fn interviewed(core: &Core, actor: &Actor, episode: EpisodeId, findings: serde_json::Value) {
    let mut tx = core.store().begin_read().await.expect("read");
    let interview = tx.return_interviews_for_episode(episode).await.expect("read").pop().expect("an interview");
    drop(tx);
    let outcome = NewOutcome::parse(&OutcomeInput {
        status: "completed".into(),
        completed_at: Some(core.now().plus(Duration::minutes(-10)).to_rfc3339()),
        findings: Some(findings),
        ..OutcomeInput::default()
    })
    .expect("valid");
    core.record_interview_outcome(actor, interview.id, outcome).await.expect("recorded");
}

pub async fn places_and_people_named_across_agencies_are_joined_and_shown_to_those_who_may_see(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (officer_a, officer_b) = (world.actor("officer.a@test.example"), world.actor("officer.b@test.example"));
    let worker = world.actor("worker.x@test.example");
    let manager = world.actor("manager.x@test.example");

    // Child 1 is found at Leeds station, and tells of a shop she stayed at and a man who gave her money.
    let child1 = world.child;
    returned(core, &officer_a, world.episode, Some(("Leeds Station", "LS1 1AL"))).await;
    let findings = serde_json::json!({
        "places": [{"description": "Greggs, Station Rd", "postcode": "LS1 1AL", "kind": "shop", "role": "stayed_at"}],
        "people": [{"name": "Dan Smith", "phone": "07700 900123", "approx_age": 24, "role": "gave_money_or_gifts"}],
    });
    interviewed(core, &worker, world.episode, findings).await;
    // Child 2 was with someone called D, whose phone is the same number written another way.
    let episode2 = world.add_missing_child(time::macros::date!(2012 - 01 - 01)).await;
    returned(core, &officer_a, episode2, None).await;
    interviewed(core, &worker, episode2, serde_json::json!({"people": [{"nickname": "D", "phone": "+447700900123"}], "cse_indicators": ["unexplained_gifts"]}))
        .await;
    // Child 3, recorded by force B (which council X does not see), is found at the same station.
    let person3 = NewPerson::parse("Other", "Force", "2011-05-05", "M", false, None, None).expect("valid");
    let person3 = core.create_person(&officer_b, person3).await.expect("recorded");
    let went = core.now().plus(Duration::hours(-2)).to_rfc3339();
    let report = NewEpisode::parse(&person3.id.to_string(), &went, "home", None, None, None, None, None, None);
    let episode3 = core.report_episode(&officer_b, report.expect("valid")).await.expect("reported").id;
    returned(core, &officer_b, episode3, Some(("leeds station", "ls1 1al"))).await;
    // Child 4 went to the same shop, written her way.
    let episode4 = world.add_missing_child(time::macros::date!(2011 - 01 - 01)).await;
    returned(core, &officer_a, episode4, None).await;
    interviewed(
        core,
        &worker,
        episode4,
        serde_json::json!({"places": [{"description": "The Greggs Station Road", "postcode": "LS1 1AL"}]}),
    )
    .await;

    // One station, one shop, one man, however each record wrote them.
    let places = core.places_at(&manager, "ls1 1al", WHY, &PlacePaging::default()).await.expect("places");
    assert_eq!(places.items.len(), 2, "{:?}", places.items);
    let district = core.places_at(&manager, "LS1", WHY, &PlacePaging::default()).await.expect("district");
    assert_eq!(district.items.len(), 2);
    let network = core.network(&manager, child1, 2, WHY).await.expect("network");
    assert_eq!(network.associates.len(), 1);
    let dan = &network.associates[0];
    assert_eq!((dan.phones.as_slice(), dan.approx_age), (&["07700900123".to_owned()][..], Some(24)));
    assert_eq!(network.links.len(), 3, "found at, stayed at, was given money by");
    let child2 = core.episode(&manager, episode2).await.expect("read").episode.person_id;
    let child4 = core.episode(&manager, episode4).await.expect("read").episode.person_id;
    let mut step1: Vec<_> = network.people.iter().filter(|p| p.step == 1).map(|p| p.person.id).collect();
    step1.sort_by_key(ToString::to_string);
    let mut expected = vec![child2, child4];
    expected.sort_by_key(ToString::to_string);
    assert_eq!(step1, expected);
    assert_eq!(network.unseen, 1, "force B's child shares the station, counted and never named");
    // From child 2, child 1 is a step away through the man, and child 4 two steps through the shop.
    let from2 = core.network(&manager, child2, 2, WHY).await.expect("network");
    let steps: Vec<_> = from2.people.iter().map(|p| (p.person.id, p.step)).collect();
    assert!(steps.contains(&(child1, 1)) && steps.contains(&(child4, 2)), "{steps:?}");
    let linked = core.network(&manager, child2, 1, WHY).await.expect("network");
    let evidence: Vec<&str> = linked.links.iter().map(|l| l.evidence.as_str()).collect();
    assert_eq!(evidence, ["same phone number"]);

    // The station: every agency's episodes counted by month, and only the child council X sees named.
    let station = network.places.iter().find(|p| p.name.as_ref().is_some_and(|n| n.as_str() == "Leeds Station"));
    let station = station.expect("the station").id;
    let view = core.place_view(&manager, station, WHY, &IntelLinkPaging::default()).await.expect("place");
    assert_eq!(view.months.iter().map(|m| m.episodes).sum::<u64>(), 2);
    assert_eq!(view.links.items.iter().map(|(_, p)| p.id).collect::<Vec<_>>(), [child1]);
    let associate = core.associate_view(&manager, dan.id, WHY, &IntelLinkPaging::default()).await.expect("read");
    assert_eq!(associate.links.items.len(), 2);

    // Hotspots: a coordinator ranks named places; an analyst sees districts, never places.
    let (from, to) = (core.now().plus(Duration::days(-30)), core.now().plus(Duration::days(1)));
    let spots = core.hotspots(&manager, HotspotLevel::Place, from, to, WHY).await.expect("hotspots");
    assert_eq!(spots.rows[0].label, "Greggs, Station Rd, LS1 1AL");
    assert_eq!((spots.rows[0].episodes, spots.rows[0].episodes_before), (2, 0));
    assert!(!spots.more, "every place with episodes is shown");
    let analyst = world.actor("analyst@test.example");
    let districts = core.hotspots(&analyst, HotspotLevel::District, from, to, WHY).await.expect("hotspots");
    assert_eq!((districts.rows[0].key.as_str(), districts.rows[0].episodes), ("LS1", 2));
    assert!(matches!(core.hotspots(&analyst, HotspotLevel::Place, from, to, WHY).await, Err(CoreError::Forbidden(_))));

    // Who may not ask, and questions without a reason, get nowhere.
    assert!(matches!(core.network(&worker, child1, 2, WHY).await, Err(CoreError::Forbidden(_))));
    assert!(matches!(core.network(&analyst, child1, 2, WHY).await, Err(CoreError::Forbidden(_))));
    assert!(matches!(core.network(&manager, child1, 2, None).await, Err(CoreError::Invalid(_))));
    assert!(matches!(core.network(&manager, child1, 3, WHY).await, Err(CoreError::Invalid(_))));
    assert!(matches!(core.network(&manager, person3.id, 1, WHY).await, Err(CoreError::NotFound)));
    assert!(matches!(core.places_at(&manager, "!!", WHY, &PlacePaging::default()).await, Err(CoreError::Invalid(_))));
    let events = core.store().audit_events_after(0, 100_000).await.expect("events");
    let asked: Vec<_> = events.iter().filter(|e| e.action == AuditAction::IntelligenceRead.as_str()).collect();
    assert_eq!(asked.len(), 9, "each question answered is audited");
    assert!(asked.iter().all(|e| e.details.contains("Strategy meeting for a child at risk")));

    // Force A sees child 1 through its own episode only: an episode of hers that force B holds, found at a place
    // of its own, adds nothing to what force A is shown of her.
    let supervisor = world.actor("supervisor.a@test.example");
    let before = core.network(&supervisor, child1, 1, WHY).await.expect("network");
    let person = core.store().begin_read().await.expect("read").person(child1, homeward_core::Scope::All).await;
    let person = person.expect("read").expect("held");
    let elsewhere =
        homeward_testkit::example::episode(&person, world.force_b.id, core.now().plus(Duration::hours(-3))).build();
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_episode(&elsewhere).await.expect("inserted");
    tx.commit().await.expect("committed");
    returned(core, &officer_b, elsewhere.id, Some(("Bus depot", "LS1 1AL"))).await;
    let after = core.network(&supervisor, child1, 1, WHY).await.expect("network");
    assert_eq!(after.links.len(), before.links.len(), "force B's episode is not force A's to see");
    assert!(!after.places.iter().any(|p| p.name.as_ref().is_some_and(|n| n.as_str() == "Bus depot")));

    // The prompts on child 1's episode: an adult associate, shared with a child whose interview found exploitation.
    let prompts: Vec<String> =
        core.episode(&manager, world.episode).await.expect("read").indicators.into_iter().map(|i| i.reason).collect();
    assert_eq!(
        prompts,
        [
            "With 1 associate who is an adult or of unknown age",
            "Shares 1 place or associate with 1 other child whose interviews found signs of exploitation",
        ]
    );
    assert!(core.episode(&world.actor("carer@test.example"), world.episode).await.expect("read").indicators.is_empty());

    // Filing everything again (as the scheduler's backfill does after a bulk load) changes nothing.
    let before = core.network(&manager, child1, 2, WHY).await.expect("network");
    let mut tx = core.store().begin().await.expect("tx");
    tx.set_intel_backfill(Some("")).await.expect("reset");
    tx.commit().await.expect("commit");
    while core.file_unfiled_intelligence().await.expect("filed") > 0 {}
    let after = core.network(&manager, child1, 2, WHY).await.expect("network");
    assert_eq!(
        (after.places.len(), after.associates.len(), after.people.len(), after.links.len()),
        (before.places.len(), before.associates.len(), before.people.len(), before.links.len())
    );
    assert!(after.links.iter().all(|l| matches!(l.linked, Linked::Place(_) | Linked::Associate(_))));

    // Recorded before any directory was loaded, the places take their grid reference when one is.
    assert!(after.places.iter().all(|p| p.grid.is_none()));
    homeward_testkit::geo::load_postcodes(core).await;
    let mapped = core.network(&manager, child1, 1, WHY).await.expect("network");
    assert!(
        mapped.places.iter().all(|p| p.grid == Some((429_800, 433_400)) && p.la_code.as_deref() == Some("E08000035"))
    );

    // With a directory loaded, a place's postcode the directory does not hold is refused, and nothing is filed.
    let episode5 = world.add_missing_child(time::macros::date!(2013 - 03 - 03)).await;
    returned(core, &officer_a, episode5, None).await;
    let mut tx = core.store().begin_read().await.expect("read");
    let interview = tx.return_interviews_for_episode(episode5).await.expect("read").pop().expect("an interview");
    drop(tx);
    let outcome = NewOutcome::parse(&OutcomeInput {
        status: "completed".into(),
        completed_at: Some(core.now().plus(Duration::minutes(-10)).to_rfc3339()),
        findings: Some(serde_json::json!({"places": [{"description": "A flat", "postcode": "ZZ9 9ZZ"}]})),
        ..OutcomeInput::default()
    });
    let refused = core.record_interview_outcome(&worker, interview.id, outcome.expect("valid")).await;
    let unknown = Some("is not in the ONS Postcode Directory");
    assert!(matches!(refused, Err(CoreError::Invalid(ref f)) if f.get("findings") == unknown), "{refused:?}");
    assert!(core.places_at(&manager, "ZZ9", WHY, &PlacePaging::default()).await.expect("places").items.is_empty());
}
