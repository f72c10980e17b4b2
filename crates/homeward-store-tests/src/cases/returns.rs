//! Returns: where the person was found, the police safe and well check, and the return interview it creates.

use homeward_core::domain::paging::Paging;
use homeward_core::domain::return_interview::ReturnInterview;
use homeward_core::services::{NewEpisode, NewPerson};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::{Access, access, new_return};

/// Records the person as force A's officer, reports them missing from home `hours_ago`, and records their return
/// now; gives the return interview that created, if any.
async fn back_home(world: &World, person: NewPerson, hours_ago: i64) -> Option<ReturnInterview> {
    let (core, officer) = (&world.core, world.actor("officer.a@test.example"));
    let person = core.create_person(&officer, person).await.expect("recorded");
    let went = core.now().plus(Duration::hours(-hours_ago)).to_rfc3339();
    let report =
        NewEpisode::parse(&person.id.to_string(), &went, "home", None, None, None, None, None, None).expect("valid");
    let episode = core.report_episode(&officer, report).await.expect("reported");
    let back = new_return(&core.now().to_rfc3339(), "returned_self").expect("valid");
    core.record_return(&officer, episode.id, back).await.expect("recorded").1
}

pub async fn a_childs_return_creates_an_interview_due_in_72_hours_for_someone_independent(db: TestDatabase) {
    use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let returned_at = core.now().plus(Duration::hours(-1));
    let back = new_return(&returned_at.to_rfc3339(), "found_by_police").expect("valid");
    let (episode, interview) = core.record_return(&officer, world.episode, back.clone()).await.expect("recorded");
    assert_eq!(episode.status, homeward_core::domain::episode::EpisodeStatus::Returned);
    let interview = interview.expect("a child's return creates the interview");
    assert_eq!(interview.due_at, returned_at.plus(Duration::hours(72)), "due exactly 72 hours after the return");
    assert_eq!(interview.status, InterviewStatus::Due);
    assert!(matches!(core.record_return(&officer, world.episode, back.clone()).await, Err(CoreError::Rule { .. })));

    // The child's own social worker is not independent; the provider's practitioner is.
    let council = world.actor("worker.x@test.example");
    let own_worker = world.user("worker.x@test.example").id;
    let refused = core.assign_interview(&council, interview.id, own_worker).await;
    assert!(matches!(refused, Err(CoreError::Rule { code: "not_independent", .. })), "{refused:?}");
    let officer_id = world.user("officer.a@test.example").id;
    assert!(matches!(
        core.assign_interview(&council, interview.id, officer_id).await,
        Err(CoreError::Rule { code: "not_independent", .. })
    ));
    let practitioner_id = world.user("practitioner@test.example").id;
    let practitioner = world.actor("practitioner@test.example");
    assert!(
        core.return_interviews(&practitioner, InterviewFilter::default(), &Paging::default())
            .await
            .expect("listed")
            .items
            .is_empty()
    );
    let assigned = core.assign_interview(&council, interview.id, practitioner_id).await.expect("assigned");
    assert_eq!((assigned.status, assigned.practitioner_id), (InterviewStatus::Assigned, Some(practitioner_id)));
    let theirs = core
        .return_interviews(&practitioner, InterviewFilter::default(), &Paging::default())
        .await
        .expect("listed")
        .items;
    assert_eq!(theirs.iter().map(|i| i.id).collect::<Vec<_>>(), [interview.id]);
    let theirs = core.episode(&practitioner, world.episode).await;
    assert_eq!(access(theirs), Access::Granted, "the practitioner sees the episode");
    let other = world.add_missing_child(time::macros::date!(2013 - 01 - 01)).await;
    assert!(matches!(core.episode(&practitioner, other).await, Err(CoreError::NotFound)), "and nothing else");

    // 96 hours after the return, not offered: overdue.
    let overdue = InterviewFilter { overdue: true, ..InterviewFilter::default() };
    assert!(core.return_interviews(&council, overdue, &Paging::default()).await.expect("listed").items.is_empty());
    world.clock.set(core.now().plus(Duration::hours(95)));
    assert_eq!(core.return_interviews(&council, overdue, &Paging::default()).await.expect("listed").items.len(), 1);

    // An adult's return creates no statutory interview.
    let adult = NewPerson::parse("Grown", "Up", "1970-01-01", "M", false, None, None).expect("valid");
    assert!(back_home(&world, adult, 5).await.is_none());
    assert!(new_return("yesterday", "vanished").is_err());
    let early = new_return("2000-01-01T00:00:00Z", "returned_self").expect("parses");
    let other_back = core.record_return(&officer, other, early).await;
    assert!(matches!(other_back, Err(CoreError::Invalid(_))), "not before they went missing");
    assert!(matches!(
        core.verify_audit(|_| {}).await.expect("ran"),
        homeward_core::services::AuditReport::Intact { .. }
    ));
}

pub async fn a_return_records_where_found_and_the_police_close_with_a_safe_and_well_check(db: TestDatabase) {
    use homeward_core::rules::risk::AgencyRules;
    use homeward_core::services::{NewReturn, NewSafeAndWell, ReturnInput};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    // Council X covers DH and DL1: a child found in Leeds was found out of area.
    let areas = AgencyRules { postcode_areas: Some(vec!["DH".into(), "DL1".into()]), ..AgencyRules::default() };
    core.set_agency_rules(&Actor::operator("test"), &world.council_x.code, areas).await.expect("set");
    let input = ReturnInput {
        returned_at: &core.now().plus(Duration::hours(-2)).to_rfc3339(),
        outcome: "found_by_police",
        found_place: Some("Railway station"),
        found_postcode: Some("ls1 4dy"),
        found_by: Some("British Transport Police"),
        found_out_of_area: None,
    };
    assert!(matches!(
        NewReturn::parse(&ReturnInput { found_postcode: Some("not a postcode"), ..input.clone() }),
        Err(CoreError::Invalid(fields)) if fields.get("found_postcode").is_some()
    ));
    let (episode, _) =
        core.record_return(&officer, world.episode, NewReturn::parse(&input).expect("valid")).await.expect("ok");
    assert_eq!(episode.found.postcode.as_ref().map(homeward_core::domain::text::Postcode::as_str), Some("LS1 4DY"));
    assert_eq!(episode.found.out_of_area, Some(true), "outside DH and DL1");
    let in_area = world.add_missing_child(time::macros::date!(2011 - 05 - 05)).await;
    let now = core.now().to_rfc3339();
    let home = NewReturn::parse(&ReturnInput { returned_at: &now, found_postcode: Some("DL1 1AA"), ..input.clone() })
        .expect("valid");
    let (home, _) = core.record_return(&officer, in_area, home).await.expect("recorded");
    assert_eq!(home.found.out_of_area, Some(false));

    // Only the police record the safe and well check; once; not before the return; it closes the police side.
    let check = |at: homeward_core::domain::time::Timestamp| {
        NewSafeAndWell::parse(&at.to_rfc3339(), Some(true), Some("Says he slept at a friend's"), None)
    };
    let council = world.actor("worker.x@test.example");
    let now = core.now();
    assert!(matches!(
        core.record_safe_and_well(&council, world.episode, check(now).expect("valid")).await,
        Err(CoreError::Forbidden(_))
    ));
    assert!(matches!(
        core.record_safe_and_well(&officer, world.episode, check(now.plus(Duration::hours(-3))).expect("valid")).await,
        Err(CoreError::Invalid(_))
    ));
    assert!(NewSafeAndWell::parse("soon", None, None, None).is_err());
    let missing = world.add_missing_child(time::macros::date!(2012 - 05 - 05)).await;
    assert!(matches!(
        core.record_safe_and_well(&officer, missing, check(now).expect("valid")).await,
        Err(CoreError::Rule { code: "not_returned", .. })
    ));
    let officer_b = world.actor("officer.b@test.example");
    assert!(matches!(
        core.record_safe_and_well(&officer_b, in_area, check(now).expect("valid")).await,
        Err(CoreError::NotFound)
    ));
    core.record_safe_and_well(&officer, world.episode, check(now).expect("valid")).await.expect("recorded");
    assert!(matches!(
        core.record_safe_and_well(&officer, world.episode, check(now).expect("valid")).await,
        Err(CoreError::Rule { code: "already_recorded", .. })
    ));
    let record = core.episode(&officer, world.episode).await.expect("read");
    assert_eq!(record.episode.police_closed_at, Some(now));
    assert!(record.safe_and_well.as_ref().is_some_and(|c| c.face_to_face));
}

pub async fn one_interview_may_cover_a_childs_closely_spaced_episodes(db: TestDatabase) {
    use homeward_core::domain::return_interview::InterviewStatus;
    use homeward_core::services::{NewOutcome, OutcomeInput};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let council = world.actor("worker.x@test.example");
    let first_back = new_return(&core.now().plus(Duration::hours(-4)).to_rfc3339(), "returned_self").expect("valid");
    let (_, first) = core.record_return(&officer, world.episode, first_back).await.expect("recorded");
    let first = first.expect("created");
    let again = NewEpisode::parse(
        &world.child.to_string(),
        &core.now().plus(Duration::hours(-3)).to_rfc3339(),
        "foster_care",
        None,
        None,
        None,
        None,
        None,
        None,
    )
    .expect("valid");
    let second_episode = core.report_episode(&officer, again).await.expect("reported");
    let back = new_return(&core.now().plus(Duration::hours(-1)).to_rfc3339(), "returned_self").expect("valid");
    let (_, second) = core.record_return(&officer, second_episode.id, back).await.expect("recorded");
    let second = second.expect("created");
    let outcome = |covers: Vec<String>| {
        NewOutcome::parse(&OutcomeInput {
            status: "completed".into(),
            completed_at: Some(core.now().to_rfc3339()),
            findings: Some(serde_json::json!({"push_factors": ["conflict_at_home"]})),
            also_covers: covers,
            ..OutcomeInput::default()
        })
        .expect("valid")
    };
    // Another child's interview cannot be covered.
    let stranger = NewPerson::parse("Other", "Child", "2012-01-01", "F", false, None, None).expect("valid");
    let theirs = back_home(&world, stranger, 3).await.expect("created");
    assert!(matches!(
        core.record_interview_outcome(&council, second.id, outcome(vec![theirs.id.to_string()])).await,
        Err(CoreError::Invalid(_))
    ));
    core.record_interview_outcome(&council, second.id, outcome(vec![first.id.to_string()])).await.expect("recorded");
    let first_now = core.episode(&council, world.episode).await.expect("read").return_interviews.remove(0);
    assert_eq!(first_now.status, InterviewStatus::Completed, "each episode keeps its own record and figures");
    assert_eq!(first_now.covered_by, Some(second.id));
    assert!(first_now.record.is_none(), "the findings are held once, on the covering interview");

    // An adult's return: no statutory interview; a return conversation may be offered, once.
    let adult = core
        .create_person(&officer, NewPerson::parse("Grown", "Up", "1960-01-01", "M", false, None, None).expect("valid"))
        .await
        .expect("recorded");
    let went = core.now().plus(Duration::hours(-3)).to_rfc3339();
    let report =
        NewEpisode::parse(&adult.id.to_string(), &went, "hospital", None, None, None, None, None, None).expect("valid");
    let adult_episode = core.report_episode(&officer, report).await.expect("reported");
    assert!(matches!(
        core.offer_return_conversation(&officer, adult_episode.id).await,
        Err(CoreError::Rule { code: "not_returned", .. })
    ));
    let back = new_return(&core.now().to_rfc3339(), "found_by_police").expect("valid");
    let (_, none) = core.record_return(&officer, adult_episode.id, back).await.expect("recorded");
    assert!(none.is_none());
    let conversation = core.offer_return_conversation(&officer, adult_episode.id).await.expect("offered");
    assert!(!conversation.statutory);
    assert!(matches!(
        core.offer_return_conversation(&officer, adult_episode.id).await,
        Err(CoreError::Rule { code: "already_offered", .. })
    ));
}
