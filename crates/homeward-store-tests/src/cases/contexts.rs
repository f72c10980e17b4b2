//! Contexts (issue 15, item 5): a coordinator opens a place as a context with a plan and a review date; only their
//! agency sees it; a later return or finding touching it alerts them, once; older records filed again do not.

use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::context::ContextPaging;
use homeward_core::domain::paging::Paging;
use homeward_core::error::CoreError;
use homeward_core::services::intel::{ContextInput, NewContext};
use homeward_core::services::{NewReturn, ReturnInput};
use homeward_core::{Actor, Core};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

async fn touched(core: &Core, actor: &Actor) -> usize {
    let page = core.alerts(actor, &Paging::default()).await.expect("alerts");
    page.items.iter().filter(|a| a.kind == AlertKind::ContextTouched).count()
}

pub async fn a_context_belongs_to_its_agency_and_alerts_it_when_a_later_record_touches_it(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (officer, manager) = (world.actor("officer.a@test.example"), world.actor("manager.x@test.example"));
    let earlier = core.now().plus(Duration::minutes(-30)).to_rfc3339();
    let input = ReturnInput {
        returned_at: &earlier,
        outcome: "found_by_police",
        found_place: Some("Leeds Station"),
        found_postcode: Some("LS1 4DY"),
        ..ReturnInput::default()
    };
    core.record_return(&officer, world.episode, NewReturn::parse(&input).expect("valid")).await.expect("returned");
    let why = Some("Strategy meeting");
    let network = core.network(&manager, world.child, 1, why).await.expect("network");
    let station = network.places[0].id;

    let review_on = (core.now().date() + Duration::days(28)).to_string();
    let input = ContextInput {
        kind: "place".into(),
        title: "Leeds station".into(),
        plan: "Disruption patrols; British Transport Police briefed".into(),
        review_on: review_on.clone(),
        places: vec![station.to_string()],
        ..ContextInput::default()
    };
    let opened = core.open_context(&manager, NewContext::parse(&input).expect("valid")).await.expect("opened");
    assert_eq!(opened.places.len(), 1);
    assert_eq!(touched(core, &manager).await, 0, "the return before it was opened alerts nobody");

    // Bad input: nothing linked, a past review, a child the agency does not see, ids that are not ids.
    let empty = ContextInput { places: Vec::new(), ..input.clone() };
    assert!(matches!(NewContext::parse(&empty), Err(CoreError::Invalid(_))));
    let bad_ids = ContextInput { associates: vec!["nonsense".into()], ..input.clone() };
    assert!(matches!(NewContext::parse(&bad_ids), Err(CoreError::Invalid(_))));
    let past = ContextInput { review_on: "2000-01-01".into(), ..input.clone() };
    let refused = core.open_context(&manager, NewContext::parse(&past).expect("parses")).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))));
    let stranger = homeward_core::domain::ids::PersonId::random().to_string();
    let unseen = ContextInput { children: vec![stranger], ..input.clone() };
    let refused = core.open_context(&manager, NewContext::parse(&unseen).expect("parses")).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))));
    assert_eq!(core.contexts(&manager, &ContextPaging::default()).await.expect("listed").items.len(), 1);
    // A second context, about the child: each in the list carries its own members.
    let group = ContextInput {
        kind: "peer_group".into(),
        places: Vec::new(),
        children: vec![world.child.to_string(), world.child.to_string()],
        ..input.clone()
    };
    let group = core.open_context(&manager, NewContext::parse(&group).expect("valid")).await.expect("opened");
    let listed = core.contexts(&manager, &ContextPaging::default()).await.expect("listed").items;
    let members_of = |id| listed.iter().find(|c| c.id == id).map(|c| (c.places.len(), c.children.len()));
    assert_eq!(members_of(group.context.id), Some((0, 1)), "one child however often named");
    assert_eq!(members_of(opened.context.id), Some((1, 0)));
    core.close_context(&manager, group.context.id).await.expect("closed");

    // Only the owning agency sees it.
    let supervisor = world.actor("supervisor.a@test.example");
    assert!(core.contexts(&supervisor, &ContextPaging::default()).await.expect("listed").items.is_empty());
    assert!(matches!(core.context_view(&supervisor, opened.context.id).await, Err(CoreError::NotFound)));
    assert!(matches!(
        core.context_view(&world.actor("worker.x@test.example"), opened.context.id).await,
        Err(CoreError::Forbidden(_))
    ));

    // An hour later another child is found there: the owner is told, once, however often it is filed.
    world.clock.set(core.now().plus(Duration::hours(1)));
    let episode = world.add_missing_child(time::macros::date!(2012 - 02 - 02)).await;
    let later = core.now().plus(Duration::minutes(-5)).to_rfc3339();
    let input = input_with(&later);
    core.record_return(&officer, episode, NewReturn::parse(&input).expect("valid")).await.expect("returned");
    assert_eq!(touched(core, &manager).await, 1);
    let mut tx = core.store().begin().await.expect("tx");
    tx.set_intel_backfill(Some("")).await.expect("reset");
    tx.commit().await.expect("commit");
    while core.file_unfiled_intelligence().await.expect("filed") > 0 {}
    assert_eq!(touched(core, &manager).await, 1, "filing again raises nothing new");

    // Closed, it alerts nobody, and it cannot be closed twice.
    let closed = core.close_context(&manager, opened.context.id).await.expect("closed");
    assert!(closed.context.closed_at.is_some());
    assert!(matches!(core.close_context(&manager, opened.context.id).await, Err(CoreError::Invalid(_))));
}

fn input_with(returned_at: &str) -> ReturnInput<'_> {
    ReturnInput {
        returned_at,
        outcome: "found_by_police",
        found_place: Some("leeds station"),
        found_postcode: Some("LS1 4DY"),
        ..ReturnInput::default()
    }
}
