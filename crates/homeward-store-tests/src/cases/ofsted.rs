//! Ofsted notifications (issue 17, item 6): a children's home is prompted when a resident who went missing from it
//! is reported (the police are called) or gets a sexual exploitation concern; only the home sees and records them;
//! a prompt unrecorded a day later is alerted to the home, and the alert closes once it is recorded; the figures
//! count them.

use std::collections::BTreeMap;

use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::ofsted::{OfstedCause, OfstedFilter, OfstedPaging};
use homeward_core::domain::paging::Paging;
use homeward_core::domain::time::london;
use homeward_core::error::CoreError;
use homeward_core::services::{NewAssessment, NewEpisode, NewOfstedNotification, NewReturn, OfstedInput, ReturnInput};
use homeward_core::{Actor, Core};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::import::line;

async fn overdue(core: &Core, actor: &Actor) -> usize {
    let page = core.alerts(actor, &Paging::default()).await.expect("alerts");
    page.items.iter().filter(|a| a.kind == AlertKind::OfstedNotificationOverdue).count()
}

fn input(notified_at: &str, reference: &str) -> OfstedInput {
    OfstedInput { notified_at: Some(notified_at.to_owned()), reference: Some(reference.to_owned()) }
}

pub async fn a_childrens_home_is_prompted_to_notify_ofsted_and_alerted_when_it_has_not_a_day_later(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (officer, carer) = (world.actor("officer.a@test.example"), world.actor("carer@test.example"));
    let back = core.now().plus(Duration::hours(-3)).to_rfc3339();
    let returned = ReturnInput { returned_at: &back, outcome: "returned_self", ..ReturnInput::default() };
    core.record_return(&officer, world.episode, NewReturn::parse(&returned).expect("valid")).await.expect("back");
    let unrecorded = OfstedFilter { unrecorded_only: true };
    assert!(
        core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed").items.is_empty(),
        "the world's episode was from home, not a children's home"
    );

    // The child runs from the home and the home calls the police: the home owes Ofsted word of it.
    let went = core.now().plus(Duration::hours(-1)).to_rfc3339();
    let child = world.child.to_string();
    let report = NewEpisode::parse(&child, &went, "childrens_home", None, None, None, None, None, None);
    let episode = core.report_episode(&carer, report.expect("valid")).await.expect("reported");
    let owed = core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed");
    assert_eq!(owed.items.len(), 1);
    let called = &owed.items[0];
    assert_eq!(called.notification.cause, OfstedCause::PoliceCalled);
    assert_eq!((called.notification.home_agency_id, called.notification.episode_id), (world.carer.id, episode.id));
    assert_eq!(called.person.as_ref().map(|p| p.id), Some(world.child));

    // The police covering the home find signs of sexual exploitation: a second prompt; assessing again prompts
    // nothing more.
    let force_b = world.actor("officer.b@test.example");
    for _ in 0..2 {
        let assessment = NewAssessment::parse("high", "Older men seen with her", BTreeMap::new(), true, false, None);
        core.record_assessment(&force_b, episode.id, assessment.expect("valid")).await.expect("assessed");
    }
    let owed = core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed");
    assert_eq!(owed.items.len(), 2);
    let cse = owed.items.iter().find(|v| v.notification.cause == OfstedCause::SexualExploitation).expect("cse");
    let (called, cse) = (called.notification.id, cse.notification.id);

    // Only the home sees them: other roles are refused, another agency's staff would not find one.
    for other in ["officer.a@test.example", "worker.x@test.example", "practitioner@test.example"] {
        let refused = core.ofsted_notifications(&world.actor(other), unrecorded, &OfstedPaging::default()).await;
        assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{other}");
    }

    // Bad input is refused and writes nothing.
    let parse = |input: &OfstedInput| NewOfstedNotification::parse(input);
    assert!(matches!(parse(&OfstedInput::default()), Err(CoreError::Invalid(_))));
    assert!(matches!(parse(&input("yesterday", "")), Err(CoreError::Invalid(_))));
    assert!(matches!(parse(&input(&went, &"X".repeat(65))), Err(CoreError::Invalid(_))));
    let before = core.now().plus(Duration::hours(-2)).to_rfc3339();
    let future = core.now().plus(Duration::hours(2)).to_rfc3339();
    for when in [&before, &future] {
        let refused = core.record_ofsted_notification(&carer, called, parse(&input(when, "")).expect("parses")).await;
        assert!(matches!(refused, Err(CoreError::Invalid(_))), "{when}");
    }
    let owed = core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed");
    assert_eq!(owed.items.len(), 2, "nothing was recorded");

    // A day on, neither recorded: the home is alerted, once each, however often the scheduler ticks.
    world.clock.set(core.now().plus(Duration::hours(25)));
    world.tick().await;
    world.tick().await;
    assert_eq!(overdue(core, &carer).await, 2);

    // Recorded (late), the alert closes; it cannot be recorded twice.
    let now = core.now().plus(Duration::minutes(-1)).to_rfc3339();
    let recorded = core.record_ofsted_notification(&carer, called, parse(&input(&now, "OFS-123")).expect("parses"));
    let recorded = recorded.await.expect("recorded");
    assert_eq!(recorded.notification.reference.as_ref().map(ToString::to_string).as_deref(), Some("OFS-123"));
    let twice = core.record_ofsted_notification(&carer, called, parse(&input(&now, "")).expect("parses")).await;
    assert!(matches!(twice, Err(CoreError::Rule { code: "already_recorded", .. })));
    world.tick().await;
    assert_eq!(overdue(core, &carer).await, 1, "the recorded one's alert closed");
    let owed = core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed");
    assert_eq!(owed.items.iter().map(|v| v.notification.id).collect::<Vec<_>>(), [cse]);

    // The figures count them: two owed, one recorded, none in time, one unrecorded.
    let today = london(core.now()).date();
    let operator = Actor::operator("stats");
    let from = today.checked_sub(Duration::days(3)).expect("a date");
    let ofsted = core.key_figures(&operator, from, today, None).await.expect("figures").ofsted;
    assert_eq!((ofsted.prompted, ofsted.notified, ofsted.notified_within_24h, ofsted.unrecorded), (2, 1, 0, 1));
}

pub async fn an_imported_episode_still_open_prompts_the_home_and_a_past_one_does_not(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (op, carer) = (Actor::operator("test"), world.actor("carer@test.example"));
    let now = core.now();
    let went = now.plus(Duration::hours(-2)).to_rfc3339();
    let row =
        |number: u64, source: &'static str, person: &'static str, went: &str, returned: Option<&str>, cse: bool| {
            let mut cells = vec![
                ("source_ref", source),
                ("agency", "FA"),
                ("person_ref", person),
                ("given_name", "Synthetic"),
                ("family_name", "Resident"),
                ("date_of_birth", "2011-03-04"),
                ("sex", "F"),
                ("looked_after", "Y"),
                ("responsible_la", "E0000000X"),
                ("missing_from", "childrens_home"),
                ("went_missing_at", went),
                ("placement_provider", "CARER"),
                ("placement_host_la", "E0000000Y"),
                ("placement_postcode", "LS1 4DY"),
                ("placement_started_on", "2026-01-05"),
            ];
            cells.extend(returned.map(|at| ("returned_at", at)));
            cells.extend(returned.map(|_| ("return_outcome", "returned_self")));
            cells.extend(cse.then_some(("cse_concern", "Y")));
            line(number, &cells)
        };
    let file = || {
        [
            row(2, "LIVE", "R1", &went, None, true),
            row(3, "PAST", "R2", "2026-02-01T21:00:00Z", Some("2026-02-02T09:00:00Z"), true),
        ]
        .into_iter()
    };
    core.import_episodes(&op, file(), &mut |_| {}).await.expect("imported");
    // A force's feed passes on a child missing now from a children's home: the police were called, and the home
    // owes Ofsted word of it, as if reported here. The episode long over owes nothing now.
    let unrecorded = OfstedFilter { unrecorded_only: true };
    let owed = core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed");
    let mut causes: Vec<OfstedCause> = owed.items.iter().map(|v| v.notification.cause).collect();
    causes.sort_by_key(|c| c.as_str());
    assert_eq!(causes, [OfstedCause::SexualExploitation, OfstedCause::PoliceCalled], "the row's concern too");
    core.import_episodes(&op, file(), &mut |_| {}).await.expect("the same file again");
    let owed = core.ofsted_notifications(&carer, unrecorded, &OfstedPaging::default()).await.expect("listed");
    assert_eq!(owed.items.len(), 2, "prompted once for each");
}
