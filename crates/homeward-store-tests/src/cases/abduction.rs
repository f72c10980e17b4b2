//! Child abduction warning notices (issue 17, item 5): a force records a notice on an associate about a child it
//! sees; bad dates, an unknown adult and other roles are refused with nothing written; while the notice is in force
//! the child's next episode, and a finding naming the adult in another child's interview, alert the force and the
//! child's council, once each; an expired notice alerts nobody.

use homeward_core::domain::abduction::{NoticeFilter, NoticePaging};
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::paging::Paging;
use homeward_core::domain::time::london;
use homeward_core::error::CoreError;
use homeward_core::services::{NewAbductionNotice, NewEpisode, NoticeInput};
use homeward_core::{Actor, Core};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::intel::{interviewed, returned};

async fn named(core: &Core, actor: &Actor) -> usize {
    let page = core.alerts(actor, &Paging::default()).await.expect("alerts");
    page.items.iter().filter(|a| a.kind == AlertKind::AbductionNoticeNamed).count()
}

pub async fn an_abduction_notice_in_force_alerts_the_force_and_council_when_its_child_or_adult_is_named_again(
    db: TestDatabase,
) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (officer, worker) = (world.actor("officer.a@test.example"), world.actor("worker.x@test.example"));
    let manager = world.actor("manager.x@test.example");
    returned(core, &officer, world.episode, None).await;
    let dan = serde_json::json!({"people": [{"name": "Dan Smith", "phone": "07700 900123", "approx_age": 24}]});
    interviewed(core, &worker, world.episode, dan.clone()).await;
    let network = core.network(&manager, world.child, 1, Some("Strategy meeting for a child at risk")).await;
    let adult = network.expect("network").associates[0].id;
    let today = london(core.now()).date();
    let input = |served: time::Date, expires: time::Date| NoticeInput {
        associate_id: adult.to_string(),
        child_id: world.child.to_string(),
        served_on: served.to_string(),
        expires_on: expires.to_string(),
        police_reference: Some("CAWN/1".into()),
        notes: None,
    };

    // Refused: bad text, dates the wrong way round or in the future, an adult nobody linked, a council's worker.
    assert!(matches!(NewAbductionNotice::parse(&NoticeInput::default()), Err(CoreError::Invalid(_))));
    let parse = |i: &NoticeInput| NewAbductionNotice::parse(i).expect("parses");
    let backwards = core.record_abduction_notice(&officer, parse(&input(today, today - Duration::days(1)))).await;
    assert!(matches!(backwards, Err(CoreError::Invalid(_))));
    let ahead = input(today + Duration::days(2), today + Duration::days(30));
    assert!(matches!(core.record_abduction_notice(&officer, parse(&ahead)).await, Err(CoreError::Invalid(_))));
    let stranger = NoticeInput {
        associate_id: homeward_core::domain::ids::AssociateId::random().to_string(),
        ..input(today, today + Duration::days(700))
    };
    assert!(matches!(core.record_abduction_notice(&officer, parse(&stranger)).await, Err(CoreError::Invalid(_))));
    let good = parse(&input(today, today + Duration::days(700)));
    assert!(matches!(core.record_abduction_notice(&worker, good.clone()).await, Err(CoreError::Forbidden(_))));
    let all = NoticeFilter::default();
    assert!(core.abduction_notices(&officer, all, &NoticePaging::default()).await.expect("listed").items.is_empty());

    let served = core.record_abduction_notice(&officer, good).await.expect("recorded");
    assert!(served.in_force);
    let by_child = NoticeFilter { child: Some(world.child), associate: None };
    let listed = core.abduction_notices(&officer, by_child, &NoticePaging::default()).await.expect("listed");
    assert_eq!(listed.items.len(), 1);
    assert!(matches!(
        core.abduction_notices(&worker, all, &NoticePaging::default()).await,
        Err(CoreError::Forbidden(_))
    ));
    let other_force = world.actor("officer.b@test.example");
    let theirs = core.abduction_notices(&other_force, all, &NoticePaging::default()).await.expect("listed");
    assert!(theirs.items.is_empty(), "a force lists the notices it served");

    // The child goes missing again: force A and council X are told, once each.
    world.clock.set(core.now().plus(Duration::hours(1)));
    let went = core.now().plus(Duration::minutes(-5)).to_rfc3339();
    let child = world.child.to_string();
    let report = NewEpisode::parse(&child, &went, "home", None, None, None, None, None, None).expect("valid");
    let again = core.report_episode(&officer, report).await.expect("reported");
    assert_eq!((named(core, &officer).await, named(core, &worker).await), (1, 1));

    // Another child's interview names the adult: told again, about the notice's own child, whose record those told
    // can open, never about the other child, whose episode the force or council may not see.
    world.clock.set(core.now().plus(Duration::hours(1)));
    returned(core, &officer, again.id, None).await;
    let other = world.add_missing_child(time::macros::date!(2012 - 02 - 02)).await;
    returned(core, &officer, other, None).await;
    interviewed(core, &worker, other, dan).await;
    assert_eq!((named(core, &officer).await, named(core, &worker).await), (2, 2));
    for actor in [&officer, &worker] {
        let page = core.alerts(actor, &Paging::default()).await.expect("alerts");
        let about: Vec<_> =
            page.items.iter().filter(|a| a.kind == AlertKind::AbductionNoticeNamed).map(|a| a.episode_id).collect();
        assert_eq!(about, [Some(again.id), Some(again.id)], "both about the notice's child's latest episode");
    }

    // Expired, it alerts nobody.
    world.clock.set(core.now().plus(Duration::days(800)));
    let went = core.now().plus(Duration::minutes(-5)).to_rfc3339();
    let report = NewEpisode::parse(&child, &went, "home", None, None, None, None, None, None).expect("valid");
    core.report_episode(&officer, report).await.expect("reported");
    assert_eq!(named(core, &officer).await, 2);
}
