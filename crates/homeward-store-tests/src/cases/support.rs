//! Post-missing support (issue 17, item 4): the practitioner who held a completed interview (or the child's
//! council) makes a support plan; bad input writes nothing; others who see the interview read the plan (carers
//! without the sessions' notes), other agencies find nothing; sessions, reviews and the outcome are recorded; an
//! overdue review is alerted to the owning agency by the scheduler and closes itself once reviewed.

use homeward_core::authz::Sensitivity;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::paging::Paging;
use homeward_core::domain::support::SupportPaging;
use homeward_core::error::CoreError;
use homeward_core::services::NewUser;
use homeward_core::services::support::{NewSession, NewSupportPlan, SessionInput, SupportClosing, SupportPlanInput};
use homeward_core::{Actor, Core};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{PASSWORD, World};
use time::Duration;

fn fields(result: Result<NewSupportPlan, CoreError>) -> Vec<String> {
    match result {
        Err(CoreError::Invalid(fields)) => fields.iter().map(|(k, _)| k.to_owned()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn overdue(core: &Core, actor: &Actor) -> usize {
    let page = core.alerts(actor, &Paging::default()).await.expect("alerts");
    page.items.iter().filter(|a| a.kind == AlertKind::SupportReviewOverdue).count()
}

fn in_days(core: &Core, days: i64) -> String {
    (core.now().date() + Duration::days(days)).to_string()
}

pub async fn a_support_plan_after_an_interview_records_its_sessions_and_alerts_an_overdue_review(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let practitioner = world.actor("practitioner@test.example");
    let interview = world.add_completed_interview(world.user("practitioner@test.example").id).await;
    let input = SupportPlanInput {
        owner_id: String::new(),
        sessions_planned: "4".into(),
        safety_plan: "Call Childline on 0800 1111; carers collect from school".into(),
        review_on: in_days(core, 14),
    };

    // Bad input: each field named, nothing written.
    let bad = SupportPlanInput {
        owner_id: "nobody".into(),
        sessions_planned: "0".into(),
        safety_plan: "  ".into(),
        review_on: "next week".into(),
    };
    assert_eq!(fields(NewSupportPlan::parse(&bad)), ["owner_id", "review_on", "safety_plan", "sessions_planned"]);
    let past = SupportPlanInput { review_on: "2000-01-01".into(), ..input.clone() };
    let refused = core.plan_support(&practitioner, interview, NewSupportPlan::parse(&past).expect("parses")).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))), "{refused:?}");
    let elsewhere = SupportPlanInput { owner_id: world.user("worker.x@test.example").id.to_string(), ..input.clone() };
    let refused = core.plan_support(&practitioner, interview, NewSupportPlan::parse(&elsewhere).expect("parses")).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))), "an owner from another agency: {refused:?}");
    // Who may not: carers (forbidden), another force (not found), and nobody before the interview is completed.
    let new = NewSupportPlan::parse(&input).expect("valid");
    let carer = world.actor("carer@test.example");
    assert!(matches!(core.plan_support(&carer, interview, new.clone()).await, Err(CoreError::Forbidden(_))));
    let stranger = world.actor("officer.b@test.example");
    assert!(matches!(
        core.plan_support(&stranger, interview, new.clone()).await,
        Err(CoreError::Forbidden(_) | CoreError::NotFound)
    ));
    assert!(core.support_plans(&practitioner, &SupportPaging::default()).await.expect("listed").page.items.is_empty());

    let made = core.plan_support(&practitioner, interview, new.clone()).await.expect("made");
    assert_eq!(made.plan.owner_id, world.user("practitioner@test.example").id);
    assert!(made.may_update);
    // The child's council may plan support too; the council's plan is its own.
    let council = world.actor("worker.x@test.example");
    core.plan_support(&council, interview, new.clone()).await.expect("the council plans too");
    assert_eq!(core.support_plans(&practitioner, &SupportPaging::default()).await.expect("listed").page.items.len(), 1);
    assert_eq!(core.support_plans(&council, &SupportPaging::default()).await.expect("listed").page.items.len(), 1);

    // Sessions: bad input refused, then one attended with a note.
    let session = |held_on: &str, attended: &str| SessionInput {
        held_on: held_on.into(),
        attended: attended.into(),
        note: Some("Talked about who they were with".into()),
    };
    assert!(matches!(NewSession::parse(&session("someday", "perhaps")), Err(CoreError::Invalid(_))));
    let future = NewSession::parse(&session(&in_days(core, 3), "yes")).expect("parses");
    assert!(matches!(
        core.record_support_session(&practitioner, made.plan.id, future).await,
        Err(CoreError::Invalid(_))
    ));
    let held = NewSession::parse(&session(&in_days(core, 0), "yes")).expect("valid");
    let with_session = core.record_support_session(&practitioner, made.plan.id, held.clone()).await.expect("recorded");
    assert_eq!((with_session.plan.sessions.len(), with_session.plan.attended()), (1, 1));
    // Two sessions recorded at the same moment (two browser tabs, a retried request) are both kept, numbered in
    // turn: on PostgreSQL both once read one session and collided on number 2.
    let (first, second) = tokio::join!(
        core.record_support_session(&practitioner, made.plan.id, held.clone()),
        core.record_support_session(&practitioner, made.plan.id, held),
    );
    first.expect("the first of two at once");
    second.expect("the second of two at once");
    let numbers: Vec<i64> = core
        .support_plan(&practitioner, made.plan.id)
        .await
        .expect("read")
        .plan
        .sessions
        .iter()
        .map(|s| s.number)
        .collect();
    assert_eq!(numbers, [1, 2, 3]);

    // A colleague at the same provider, who did not hold the interview, has no plans in their list and finds
    // this one as missing.
    let colleague =
        NewUser::parse("colleague@test.example", "Test User", "RHI", "rhi_practitioner", PASSWORD).expect("valid");
    let colleague = core.add_user(&Actor::operator("test"), colleague).await.expect("added");
    let colleague = Actor::user(colleague.id, world.interviews.id, world.interviews.kind, colleague.role);
    assert!(core.support_plans(&colleague, &SupportPaging::default()).await.expect("listed").page.items.is_empty());
    assert!(matches!(core.support_plan(&colleague, made.plan.id).await, Err(CoreError::NotFound)));

    // Readers: the carer sees the plan without the notes; another force's officer finds nothing.
    let read = core.support_plan(&carer, made.plan.id).await.expect("the carer sees the child's interview");
    assert_eq!(read.withheld, [Sensitivity::ChildsAccount]);
    assert_eq!(read.plan.sessions[0].note, None);
    assert!(!read.may_update);
    assert!(matches!(core.support_plan(&stranger, made.plan.id).await, Err(CoreError::NotFound)));
    assert!(matches!(core.support_plans_for_person(&stranger, world.child).await, Err(CoreError::NotFound)));
    let on_record = core.support_plans_for_person(&carer, world.child).await.expect("on the child's record");
    assert_eq!(on_record.len(), 2);

    // Time passes the review date: the scheduler alerts the owning agency, once; a review closes the alert.
    assert_eq!(overdue(core, &practitioner).await, 0);
    world.clock.set(core.now().plus(Duration::days(16)));
    world.tick().await;
    world.tick().await;
    assert_eq!(overdue(core, &practitioner).await, 1);
    assert_eq!(overdue(core, &council).await, 1, "the council's own plan is overdue too");
    let refused = core.review_support_plan(&practitioner, made.plan.id, "2000-01-01").await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))));
    core.review_support_plan(&practitioner, made.plan.id, &in_days(core, 7)).await.expect("reviewed");
    world.tick().await;
    assert_eq!(overdue(core, &practitioner).await, 0, "reviewed: the alert closed itself");

    // Closed with its outcome: nothing more is recorded on it.
    assert!(matches!(SupportClosing::parse("vanished", None), Err(CoreError::Invalid(_))));
    let closing = SupportClosing::parse("aims_met", Some("Back at school full time")).expect("valid");
    let closed = core.close_support_plan(&practitioner, made.plan.id, closing.clone()).await.expect("closed");
    assert!(!closed.may_update && closed.plan.closed_at.is_some());
    let again = core.close_support_plan(&practitioner, made.plan.id, closing).await;
    assert!(matches!(again, Err(CoreError::Rule { code: "support_closed", .. })), "{again:?}");
}
