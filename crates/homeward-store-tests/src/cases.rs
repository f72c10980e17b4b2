//! The contract: what every store must do, as the core uses it. Each case takes a fresh database.

use homeward_core::domain::episode::{EpisodeOrder, EpisodeQuery, EpisodeStatus};
use homeward_core::domain::ids::EpisodeId;
use homeward_core::domain::person::Person;
use homeward_core::domain::user::Email;
use homeward_core::services::{AuditReport, NewAgency, NewUser};
use homeward_core::{Actor, CoreError};
use time::Duration;

use crate::backends::{TestDatabase, tamper};

mod figures;
mod permissions;
mod rules;
use crate::world::{self, PASSWORD, World};
pub use figures::key_figures_count_every_episode_in_scope_to_the_unit;
pub use permissions::{
    a_covered_interview_takes_its_outcome_on_the_one_covering_it,
    assignment_is_the_councils_job_and_a_practitioner_may_not_reassign,
    each_record_offers_exactly_the_actions_its_services_accept,
};
pub use rules::{
    a_review_counts_as_due_and_alerts_at_the_same_moment, everyone_who_may_hold_an_interview_is_offered_with_why_not,
    overdue_interviews_are_listed_counted_and_alerted_by_the_one_rule,
    the_young_child_rule_is_explained_with_the_forces_own_age,
};

pub async fn agencies_have_unique_codes_and_councils_name_their_force(db: TestDatabase) {
    let (core, _) = world::core(db.store.clone());
    let op = Actor::operator("test");
    core.add_agency(&op, NewAgency::parse("NYP", "A Police", "police", None).expect("valid")).await.expect("added");
    let duplicate = core.add_agency(&op, NewAgency::parse("nyp", "Again", "police", None).expect("valid")).await;
    assert!(matches!(duplicate, Err(CoreError::Invalid(f)) if f.get("code").is_some()), "duplicate code refused");
    let council = NewAgency::parse("E10000023", "A Council", "local_authority", Some("NYP")).expect("valid");
    let council = core.add_agency(&op, council).await.expect("council added");
    assert!(council.police_force_id.is_some());
    let unknown_force = NewAgency::parse("E10000024", "B Council", "local_authority", Some("NOPE")).expect("valid");
    assert!(matches!(core.add_agency(&op, unknown_force).await, Err(CoreError::Invalid(_))));
    let not_a_force = NewAgency::parse("E10000025", "C Council", "local_authority", Some("E10000023")).expect("valid");
    assert!(matches!(core.add_agency(&op, not_a_force).await, Err(CoreError::Invalid(_))));
    let officer = Actor::user(
        homeward_core::domain::ids::UserId::random(),
        council.id,
        homeward_core::domain::agency::AgencyKind::Police,
        homeward_core::domain::user::Role::PoliceOfficer,
    );
    let by_user = core.add_agency(&officer, NewAgency::parse("ZZ", "Z", "police", None).expect("valid")).await;
    assert!(matches!(by_user, Err(CoreError::Forbidden(_))), "only operators register agencies");
}

pub async fn users_have_unique_emails_and_fitting_roles(db: TestDatabase) {
    let (core, _) = world::core(db.store.clone());
    let op = Actor::operator("test");
    core.add_agency(&op, NewAgency::parse("NYP", "A Police", "police", None).expect("valid")).await.expect("added");
    let new = |email: &str, role: &str| NewUser::parse(email, "Someone", "NYP", role, PASSWORD).expect("valid");
    let user = core.add_user(&op, new("a@x.example", "police_officer")).await.expect("added");
    assert!(user.password_hash.as_stored().starts_with("$argon2id$"));
    assert!(user.password_hash.verify(PASSWORD));
    let again = core.add_user(&op, new("A@X.example", "police_supervisor")).await;
    assert!(matches!(again, Err(CoreError::Invalid(f)) if f.get("email").is_some()), "duplicate email refused");
    let misfit = core.add_user(&op, new("b@x.example", "social_worker")).await;
    assert!(
        matches!(misfit, Err(CoreError::Invalid(f)) if f.get("role").is_some()),
        "police cannot hold a council role"
    );
    let nowhere = NewUser::parse("c@x.example", "Someone", "NOPE", "analyst", PASSWORD).expect("valid");
    assert!(matches!(core.add_user(&op, nowhere).await, Err(CoreError::Invalid(f)) if f.get("agency").is_some()));
}

pub async fn tokens_authenticate_until_they_expire(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let email = Email::parse("officer.a@test.example").expect("valid");
    let op = Actor::operator("test");
    let (secret, token) = world.core.create_token(&op, &email, Some(1)).await.expect("issued");
    assert_eq!(token.hash, secret.hash(), "only the hash is kept");
    let actor = world.core.authenticate_token(secret.expose()).await.expect("authenticates");
    assert_eq!(actor.user_id(), Some(world.user("officer.a@test.example").id));
    assert!(matches!(world.core.authenticate_token("hw_not-a-real-token").await, Err(CoreError::Unauthenticated)));
    let mut altered = secret.expose().to_owned();
    altered.replace_range(5..6, if &altered[5..6] == "A" { "B" } else { "A" });
    assert!(matches!(world.core.authenticate_token(&altered).await, Err(CoreError::Unauthenticated)));
    world.clock.set(world.core.now().plus(Duration::days(1)));
    assert!(matches!(world.core.authenticate_token(secret.expose()).await, Err(CoreError::Unauthenticated)));
    let (forever, _) = world.core.create_token(&op, &email, None).await.expect("issued");
    world.clock.set(world.core.now().plus(Duration::days(4000)));
    assert!(world.core.authenticate_token(forever.expose()).await.is_ok());
}

pub async fn each_agency_sees_only_its_own_cases(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let sees = |email: &'static str| {
        let world = &world;
        async move { world.core.episode(&world.actor(email), world.episode).await.is_ok() }
    };
    assert!(sees("officer.a@test.example").await, "the investigating force");
    assert!(!sees("officer.b@test.example").await, "another force");
    assert!(sees("worker.x@test.example").await, "the responsible council");
    assert!(sees("coordinator.y@test.example").await, "the host council of an out-of-area placement");
    assert!(!sees("coordinator.z@test.example").await, "an unrelated council");
    assert!(sees("carer@test.example").await, "the placement's care provider");
    assert!(!sees("practitioner@test.example").await, "a practitioner with nothing assigned");
    assert!(!sees("analyst@test.example").await, "analysts never see named records");
    assert!(!sees("admin@test.example").await, "admins see users, not cases");
    assert!(matches!(
        world.core.episode(&world.actor("officer.a@test.example"), EpisodeId::random()).await,
        Err(CoreError::NotFound)
    ));

    world.assign_interview(world.user("practitioner@test.example").id).await;
    assert!(sees("practitioner@test.example").await, "the practitioner assigned the interview");

    let person = |email: &'static str| {
        let world = &world;
        async move { world.core.person(&world.actor(email), world.child).await.is_ok() }
    };
    assert!(person("officer.a@test.example").await);
    assert!(!person("officer.b@test.example").await);
    assert!(person("coordinator.y@test.example").await);
    assert!(!person("coordinator.z@test.example").await);
    assert!(!person("analyst@test.example").await);

    let list = |email: &'static str| {
        let world = &world;
        async move { world.core.list_episodes(&world.actor(email), EpisodeQuery::default()).await }
    };
    assert_eq!(list("officer.a@test.example").await.expect("listed").items.len(), 1);
    assert_eq!(list("officer.b@test.example").await.expect("listed").items.len(), 0);
    assert!(matches!(list("analyst@test.example").await, Err(CoreError::Forbidden(_))));
}

pub async fn lists_page_in_order_with_filters(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let base = world.core.now();
    let child: Person = world.core.person(&Actor::operator("test"), world.child).await.expect("the child").person;
    let mut tx = world.core.store().begin().await.expect("tx");
    for n in 0..5_i64 {
        let mut e = world::episode_of(&child, world.force_a.id, None, base.plus(Duration::days(-10 + n)));
        if n == 0 {
            e.status = EpisodeStatus::Returned;
            e.returned_at = Some(e.went_missing_at.plus(Duration::hours(3)));
        }
        tx.insert_episode(&e).await.expect("episode");
    }
    tx.commit().await.expect("commit");
    let officer = world.actor("officer.a@test.example");
    let mut query = EpisodeQuery { limit: 2, ..EpisodeQuery::default() };
    let mut seen = Vec::new();
    loop {
        let page = world.core.list_episodes(&officer, query.clone()).await.expect("page");
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|i| i.episode.went_missing_at));
        match page.next {
            Some(cursor) => query.after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6, "the world's episode and five more, each once");
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "newest first");

    let oldest = EpisodeQuery { order: EpisodeOrder::OldestFirst, limit: 3, ..EpisodeQuery::default() };
    let page = world.core.list_episodes(&officer, oldest).await.expect("page");
    assert!(page.items.windows(2).all(|w| w[0].episode.went_missing_at <= w[1].episode.went_missing_at));

    let returned = EpisodeQuery { status: Some(EpisodeStatus::Returned), ..EpisodeQuery::default() };
    assert_eq!(world.core.list_episodes(&officer, returned).await.expect("page").items.len(), 1);
    let by_agency = EpisodeQuery { agency_id: Some(world.council_x.id), ..EpisodeQuery::default() };
    assert_eq!(world.core.list_episodes(&officer, by_agency).await.expect("page").items.len(), 1);
}

pub async fn every_change_and_read_is_audited_and_tampering_is_found(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let officer = world.actor("officer.a@test.example").with_request_id("req-1");
    world.core.episode(&officer, world.episode).await.expect("read");
    let head = db.store.audit_head().await.expect("head").expect("events were written");
    let events = db.store.audit_events_after(0, 1_000).await.expect("events");
    assert_eq!(events.len() as i64, head.0);
    let read = events.last().expect("the read was audited");
    assert_eq!(read.action, "episode.read");
    assert_eq!(read.target_id.as_deref(), Some(world.episode.to_string().as_str()));
    assert_eq!(read.request_id.as_deref(), Some("req-1"));
    assert_eq!(read.actor_role, "police_officer");
    assert!(events.iter().any(|e| e.action == "agency.created"));
    assert!(events.iter().any(|e| e.action == "user.created"));
    assert!(
        events.iter().all(|e| !e.details.contains("Synthetic") && !e.details.contains("@test.example")),
        "no personal data in audit details"
    );
    assert_eq!(world.core.verify_audit(|_| {}).await.expect("verified"), AuditReport::Intact { events: head.0 });

    // A refused read is not audited as a read, and changes nothing.
    let before = db.store.audit_head().await.expect("head");
    assert!(world.core.episode(&world.actor("officer.b@test.example"), world.episode).await.is_err());
    assert_eq!(db.store.audit_head().await.expect("head"), before);

    tamper(&db, "UPDATE audit_events SET actor_role = 'analyst' WHERE seq = 3").await;
    match world.core.verify_audit(|_| {}).await.expect("verified") {
        AuditReport::Broken(broken) => assert!(broken.to_string().contains("event 3"), "{broken}"),
        AuditReport::Intact { .. } => panic!("an altered event must be found"),
    }
}

pub async fn deleting_audit_events_is_found(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let total = db.store.audit_head().await.expect("head").expect("events").0;
    tamper(&db, &format!("DELETE FROM audit_events WHERE seq = {total}")).await;
    assert!(matches!(world.core.verify_audit(|_| {}).await.expect("ran"), AuditReport::Broken(_)), "the last removed");
    tamper(&db, "DELETE FROM audit_events WHERE seq = 2").await;
    match world.core.verify_audit(|_| {}).await.expect("ran") {
        AuditReport::Broken(broken) => assert!(broken.to_string().contains("event 2 is missing"), "{broken}"),
        AuditReport::Intact { .. } => panic!("a removed event must be found"),
    }
}

pub async fn reopening_a_database_keeps_its_records(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let again = crate::backends::reopen(&db.url).await;
    let (core, _) = world::core(again.store.clone());
    assert!(!core.is_empty().await.expect("answers"));
    assert!(core.episode(&Actor::operator("test"), world.episode).await.is_ok());
}

pub async fn sign_in_starts_a_session_that_expires_and_failures_slow_down(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let email = "coordinator.y@test.example";
    let (signed_in, delay) = core.sign_in(email, PASSWORD, None, None).await.expect("signs in");
    assert_eq!(delay, Duration::ZERO);
    assert_eq!(signed_in.current.user.email.as_str(), email);
    let current = core.current_user(&signed_in.secret).await.expect("the session is live");
    assert_eq!(current.session_id, signed_in.session.id);

    // A second sign-in in the same browser replaces the session rather than adding one.
    let (again, _) = core.sign_in(email, PASSWORD, None, Some(&signed_in.secret)).await.expect("signs in");
    assert!(matches!(core.current_user(&signed_in.secret).await, Err(CoreError::Unauthenticated)));
    assert!(core.current_user(&again.secret).await.is_ok());

    // Unknown email and wrong password fail alike, and failures for one email slow its next attempts.
    let unknown = core.sign_in("nobody@test.example", PASSWORD, None, None).await.expect_err("fails");
    let wrong = core.sign_in(email, "not the password at all", None, None).await.expect_err("fails");
    assert_eq!(unknown.error.to_string(), wrong.error.to_string());
    for _ in 0..2 {
        core.sign_in(email, "not the password at all", None, None).await.expect_err("fails");
    }
    let slowed = core.sign_in(email, "not the password at all", None, None).await.expect_err("fails");
    assert!(slowed.delay >= Duration::seconds(1), "the fourth failure in the window is held back");
    let (_, delay) = core.sign_in(email, PASSWORD, None, None).await.expect("the right password still works");
    assert!(delay > Duration::ZERO, "even a success is held while failures are recent");
    let events = db.store.audit_events_after(0, 10_000).await.expect("events");
    let failures: Vec<_> = events.iter().filter(|e| e.action == "session.sign_in_failed").collect();
    assert_eq!(failures.len(), 5);
    assert!(failures.iter().all(|e| !e.target_id.as_deref().unwrap_or_default().contains('@')), "no email in the log");

    // Idle for the policy's time ends the session; so does signing out.
    world.clock.set(core.now().plus(Duration::minutes(31)));
    assert!(matches!(core.current_user(&again.secret).await, Err(CoreError::Unauthenticated)));
    let (fresh, _) = core.sign_in(email, PASSWORD, None, None).await.expect("signs in");
    let current = core.current_user(&fresh.secret).await.expect("live");
    core.sign_out(&current).await.expect("signs out");
    assert!(matches!(core.current_user(&fresh.secret).await, Err(CoreError::Unauthenticated)));
    assert!(events.iter().any(|e| e.action == "session.signed_in"));
}

pub async fn case_counts_are_scoped(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let counts = |email: &'static str| {
        let world = &world;
        async move { world.core.case_counts(&world.actor(email)).await.expect("counts") }
    };
    assert_eq!(counts("officer.a@test.example").await.missing_now, 1);
    assert_eq!(counts("officer.b@test.example").await.missing_now, 0);
    assert_eq!(counts("coordinator.y@test.example").await.missing_now, 1);
    assert_eq!(counts("analyst@test.example").await, homeward_core::domain::episode::CaseCounts::default());
    world.assign_interview(world.user("practitioner@test.example").id).await;
    let practitioner = counts("practitioner@test.example").await;
    assert_eq!((practitioner.missing_now, practitioner.interviews_open, practitioner.interviews_overdue), (1, 1, 0));
    world.clock.set(world.core.now().plus(Duration::hours(73)));
    assert_eq!(counts("worker.x@test.example").await.interviews_overdue, 1);
    assert!(world.core.agencies().await.expect("agencies").len() >= 7);
}

fn assessment(grade: &str, cse: bool, override_reason: Option<&str>) -> homeward_core::services::NewAssessment {
    homeward_core::services::NewAssessment::parse(
        grade,
        "Graded on what the carer and school said this evening.",
        std::collections::BTreeMap::new(),
        cse,
        false,
        override_reason,
    )
    .expect("a valid assessment")
}

pub async fn the_joint_grade_follows_both_views_and_the_floors(db: TestDatabase) {
    use homeward_core::domain::risk::RiskGrade::{High, Low, Medium};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let later = || world.clock.set(core.now().plus(Duration::minutes(10)));
    let twelve = world.add_missing_child(time::macros::date!(2014 - 01 - 01)).await;
    let officer = world.actor("officer.a@test.example");

    // A 12-year-old graded low by police: the police view stays low, the joint grade is at least medium.
    let recorded = core.record_assessment(&officer, twelve, assessment("low", false, None)).await.expect("recorded");
    assert_eq!((recorded.risk.police, recorded.risk.joint), (Some(Low), Some(Medium)));
    assert!(recorded.raised_by.is_some());
    let due = recorded.risk.review_due_at.expect("a review time");
    assert_eq!(due, core.now().plus(Duration::hours(4)), "reviewed on the medium interval");

    later();
    // The council grades high: the higher view stands and the disagreement is visible.
    let council = world.actor("worker.x@test.example");
    let recorded = core.record_assessment(&council, twelve, assessment("high", false, None)).await.expect("recorded");
    assert_eq!(recorded.risk.children_services, Some(High));
    assert_eq!(recorded.risk.joint, Some(High));
    assert!(recorded.risk.disagreement);
    let stored = core.episode(&council, twelve).await.expect("read back");
    assert_eq!(stored.episode.risk, recorded.risk, "the episode keeps the picture");
    assert_eq!(stored.assessments.len(), 2, "every assessment is kept");

    later();
    // A sexual exploitation concern: a 15-year-old cannot end up graded low.
    let episode = world.episode;
    let recorded = core.record_assessment(&officer, episode, assessment("low", true, None)).await.expect("recorded");
    assert_eq!(recorded.risk.joint, Some(High));
    later();
    let refused = core.record_assessment(&officer, episode, assessment("low", true, Some("seen safe"))).await;
    assert!(matches!(refused, Err(CoreError::Rule { code: "override_not_permitted", .. })), "{refused:?}");
    later();
    let supervisor = world.actor("supervisor.a@test.example");
    let lowered = core
        .record_assessment(&supervisor, episode, assessment("medium", true, Some("Located with family; seen safe.")))
        .await
        .expect("a supervisor may lower it with a reason");
    assert_eq!(lowered.risk.joint, Some(Medium));
    later();
    let again = core.record_assessment(&officer, episode, assessment("low", true, None)).await.expect("recorded");
    assert_eq!(again.risk.joint, Some(High), "a later view without a reason brings the rule back");

    // Who may assess: other forces and analysts cannot see it; care staff see it but do not grade.
    for email in ["officer.b@test.example", "analyst@test.example"] {
        let result = core.record_assessment(&world.actor(email), episode, assessment("high", false, None)).await;
        assert!(matches!(result, Err(CoreError::NotFound)), "{email}");
    }
    let carer =
        core.record_assessment(&world.actor("carer@test.example"), episode, assessment("high", false, None)).await;
    assert!(matches!(carer, Err(CoreError::Forbidden(_))));
    assert!(
        homeward_core::services::NewAssessment::parse(
            "absent",
            "x",
            std::collections::BTreeMap::new(),
            false,
            false,
            None
        )
        .is_err()
    );
    assert_eq!(
        core.verify_audit(|_| {}).await.expect("verified"),
        homeward_core::services::AuditReport::Intact {
            events: db.store.audit_head().await.expect("head").expect("events").0
        }
    );
}

pub async fn alerts_reach_the_right_agency_and_are_acknowledged_with_a_note(db: TestDatabase) {
    use homeward_core::domain::alert::AlertKind;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let kinds =
        |alerts: Vec<homeward_core::domain::alert::Alert>| alerts.into_iter().map(|a| a.kind).collect::<Vec<_>>();
    let council = world.actor("worker.x@test.example");
    let host = world.actor("coordinator.y@test.example");
    let officer = world.actor("officer.a@test.example");
    assert!(kinds(core.alerts(&council).await.expect("alerts")).is_empty());

    // The council grades its child high: both its councils are told; the police see the disagreement.
    core.record_assessment(&officer, world.episode, assessment("medium", false, None)).await.expect("recorded");
    world.clock.set(core.now().plus(Duration::minutes(5)));
    core.record_assessment(&council, world.episode, assessment("high", false, None)).await.expect("recorded");
    let council_alerts = kinds(core.alerts(&council).await.expect("alerts"));
    assert!(council_alerts.contains(&AlertKind::ChildHighRisk), "{council_alerts:?}");
    assert!(council_alerts.contains(&AlertKind::RiskDisagreement));
    assert!(kinds(core.alerts(&host).await.expect("alerts")).contains(&AlertKind::ChildHighRisk), "the host council");
    let police_alerts = kinds(core.alerts(&officer).await.expect("alerts"));
    assert!(police_alerts.contains(&AlertKind::RiskDisagreement) && !police_alerts.contains(&AlertKind::ChildHighRisk));
    assert!(kinds(core.alerts(&world.actor("coordinator.z@test.example")).await.expect("alerts")).is_empty());
    assert!(matches!(core.alerts(&world.actor("analyst@test.example")).await, Err(CoreError::Forbidden(_))));

    // Time brings the rest for the police: the overdue review, then 48 and 72 hours missing, each raised once.
    world.clock.set(core.now().plus(Duration::hours(73)));
    let police_alerts = kinds(core.alerts(&officer).await.expect("alerts"));
    for kind in [AlertKind::ReviewOverdue, AlertKind::PoliceNationalComputerDue, AlertKind::MissingPersonsUnitDue] {
        assert_eq!(police_alerts.iter().filter(|k| **k == kind).count(), 1, "{kind}");
    }
    assert_eq!(kinds(core.alerts(&officer).await.expect("alerts")), police_alerts, "looking again raises nothing new");

    // Acknowledged with a note, by the agency it is for, once.
    let alert = core.alerts(&council).await.expect("alerts").into_iter().next().expect("an alert");
    assert!(matches!(core.acknowledge_alert(&council, alert.id, "  ").await, Err(CoreError::Invalid(_))));
    assert!(matches!(core.acknowledge_alert(&officer, alert.id, "Not ours").await, Err(CoreError::NotFound)));
    let done = core.acknowledge_alert(&council, alert.id, "Senior manager told by phone.").await.expect("acknowledged");
    assert!(done.acknowledged_at.is_some());
    assert!(!core.alerts(&council).await.expect("alerts").iter().any(|a| a.id == alert.id));
    assert!(matches!(core.acknowledge_alert(&council, alert.id, "Again").await, Err(CoreError::Rule { .. })));
}

pub async fn reporting_a_child_shares_the_episode_and_raises_the_right_alerts(db: TestDatabase) {
    use homeward_core::domain::alert::AlertKind;
    use homeward_core::services::{NewEpisode, NewPerson};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let council = world.actor("worker.x@test.example");
    let new_person =
        || NewPerson::parse("Synthetic", "Reported", "2014-02-03", "F", true, Some("E0000000X"), None).expect("valid");
    let person = core.create_person(&officer, new_person()).await.expect("recorded");
    assert_eq!(person.recorded_by_agency_id, Some(world.force_a.id));
    assert!(core.person(&officer, person.id).await.is_ok(), "the recording force sees the person at once");
    assert!(core.person(&world.actor("officer.b@test.example"), person.id).await.is_err());
    let report = |hours_ago: i64, category: Option<&'static str>| {
        let went = core.now().plus(Duration::hours(-hours_ago)).to_rfc3339();
        NewEpisode::parse(
            &person.id.to_string(),
            &went,
            "foster_care",
            None,
            Some("Bus station"),
            None,
            None,
            None,
            category,
        )
    };
    let first = core.report_episode(&officer, report(300, Some("missing")).expect("valid")).await.expect("reported");
    assert_eq!(first.status, homeward_core::domain::episode::EpisodeStatus::Missing);
    assert_eq!(first.police_force_id, Some(world.force_a.id));
    assert!(core.episode(&council, first.id).await.is_ok(), "the responsible council sees it");
    let kinds =
        |alerts: Vec<homeward_core::domain::alert::Alert>| alerts.into_iter().map(|a| a.kind).collect::<Vec<_>>();
    let alerts = kinds(core.alerts(&council).await.expect("alerts"));
    assert_eq!(alerts.iter().filter(|k| **k == AlertKind::IroToBeTold).count(), 1);
    assert!(!alerts.contains(&AlertKind::StrategyMeeting));
    core.report_episode(&officer, report(200, None).expect("valid")).await.expect("reported");
    core.report_episode(&officer, report(1, Some("away")).expect("valid")).await.expect("reported");
    let alerts = kinds(core.alerts(&council).await.expect("alerts"));
    assert_eq!(alerts.iter().filter(|k| **k == AlertKind::StrategyMeeting).count(), 1, "three in 30 days");

    // Bad reports change nothing.
    let head = db.store.audit_head().await.expect("head");
    let adult = core
        .create_person(&officer, NewPerson::parse("Grown", "Up", "1980-01-01", "M", false, None, None).expect("valid"))
        .await
        .expect("recorded");
    let head_after_adult = db.store.audit_head().await.expect("head");
    assert_ne!(head, head_after_adult);
    let with_category = NewEpisode::parse(
        &adult.id.to_string(),
        "2026-05-01T10:00:00Z",
        "home",
        None,
        None,
        None,
        None,
        None,
        Some("away"),
    );
    let refused = core.report_episode(&officer, with_category.expect("parses")).await;
    assert!(matches!(refused, Err(CoreError::Invalid(f)) if f.get("la_category").is_some()));
    let future =
        NewEpisode::parse(&adult.id.to_string(), "2030-01-01T00:00:00Z", "home", None, None, None, None, None, None);
    assert!(matches!(core.report_episode(&officer, future.expect("parses")).await, Err(CoreError::Invalid(_))));
    let unseen =
        NewEpisode::parse(&adult.id.to_string(), "2026-05-01T10:00:00Z", "home", None, None, None, None, None, None);
    let other_force = core.report_episode(&world.actor("officer.b@test.example"), unseen.expect("parses")).await;
    assert!(matches!(other_force, Err(CoreError::Invalid(f)) if f.get("person_id").is_some()));
    assert!(matches!(
        core.create_person(&world.actor("analyst@test.example"), new_person()).await,
        Err(CoreError::Forbidden(_))
    ));
    assert!(
        NewEpisode::parse(
            "nope",
            "yesterday",
            "moon",
            Some("2026-01-01T00:00:00Z"),
            None,
            None,
            None,
            None,
            Some("gone")
        )
        .is_err()
    );
    assert_eq!(db.store.audit_head().await.expect("head"), head_after_adult, "refused reports wrote nothing");
}

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

pub async fn the_council_category_changes_with_its_history_kept(db: TestDatabase) {
    use homeward_core::domain::episode::LaCategory;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let council = world.actor("worker.x@test.example");
    let changed = core.change_la_category(&council, world.episode, LaCategory::Away).await.expect("changed");
    assert_eq!(changed.la_category, Some(LaCategory::Away));
    world.clock.set(core.now().plus(Duration::hours(2)));
    let host = world.actor("coordinator.y@test.example");
    core.change_la_category(&host, world.episode, LaCategory::Missing).await.expect("the host council may too");
    let record = core.episode(&council, world.episode).await.expect("read");
    let history: Vec<LaCategory> = record.categories.iter().map(|c| c.category).collect();
    assert_eq!(history, [LaCategory::Away, LaCategory::Missing]);
    assert_eq!(record.episode.la_category, Some(LaCategory::Missing));

    let officer =
        core.change_la_category(&world.actor("officer.a@test.example"), world.episode, LaCategory::Away).await;
    assert!(matches!(officer, Err(CoreError::Forbidden(_))), "the police do not set the council's category");
    let other =
        core.change_la_category(&world.actor("coordinator.z@test.example"), world.episode, LaCategory::Away).await;
    assert!(matches!(other, Err(CoreError::NotFound)));
    let not_looked_after = world.add_missing_child(time::macros::date!(2012 - 01 - 01)).await;
    let refused = core.change_la_category(&council, not_looked_after, LaCategory::Away).await;
    assert!(matches!(refused, Err(CoreError::Invalid(_))));
}

pub async fn photographs_are_checked_kept_and_shown_only_within_scope(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let carer = world.actor("carer@test.example");
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR synthetic test image".to_vec();
    let taken = time::macros::date!(2026 - 05 - 01);
    core.save_photo(&carer, world.child, png.clone(), taken).await.expect("a PNG is kept");
    let officer = world.actor("officer.a@test.example");
    let photo = core.photo(&officer, world.child).await.expect("the police see it once an episode exists");
    assert_eq!((photo.bytes, photo.taken_on), (png.clone(), taken));
    assert!(core.person(&officer, world.child).await.expect("read").has_photo);
    assert!(matches!(core.photo(&world.actor("officer.b@test.example"), world.child).await, Err(CoreError::NotFound)));
    assert!(matches!(core.photo(&world.actor("analyst@test.example"), world.child).await, Err(CoreError::NotFound)));
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

pub async fn a_forces_own_rules_set_review_times_and_the_young_child_age(db: TestDatabase) {
    use homeward_core::domain::risk::RiskGrade::Low;
    use homeward_core::rules::risk::AgencyRules;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let local = AgencyRules { review_low_minutes: Some(60), young_child_max_age: Some(11), ..AgencyRules::default() };
    let code = homeward_core::domain::agency::AgencyCode::parse("FA").expect("valid");
    let set = core.set_agency_rules(&Actor::operator("test"), &code, local.clone()).await.expect("set");
    assert_eq!(set, local);
    let officer = world.actor("officer.a@test.example");
    assert!(matches!(core.set_agency_rules(&officer, &code, local).await, Err(CoreError::Forbidden(_))));
    let silly = AgencyRules { review_high_minutes: Some(1), ..AgencyRules::default() };
    assert!(core.set_agency_rules(&Actor::operator("test"), &code, silly).await.is_err());

    let twelve = world.add_missing_child(time::macros::date!(2014 - 01 - 01)).await;
    let recorded = core.record_assessment(&officer, twelve, assessment("low", false, None)).await.expect("recorded");
    assert_eq!(recorded.risk.joint, Some(Low), "this force's floor stops at 11");
    assert_eq!(recorded.risk.review_due_at, Some(core.now().plus(Duration::hours(1))), "its own review time");
}

/// A return with only its time and outcome.
fn new_return(returned_at: &str, outcome: &str) -> Result<homeward_core::services::NewReturn, CoreError> {
    use homeward_core::services::{NewReturn, ReturnInput};
    NewReturn::parse(&ReturnInput { returned_at, outcome, ..ReturnInput::default() })
}

pub async fn a_childs_return_creates_an_interview_due_in_72_hours_for_someone_independent(db: TestDatabase) {
    use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
    use homeward_core::services::{NewEpisode, NewPerson};
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
    assert!(core.return_interviews(&practitioner, InterviewFilter::default()).await.expect("listed").is_empty());
    let assigned = core.assign_interview(&council, interview.id, practitioner_id).await.expect("assigned");
    assert_eq!((assigned.status, assigned.practitioner_id), (InterviewStatus::Assigned, Some(practitioner_id)));
    let theirs = core.return_interviews(&practitioner, InterviewFilter::default()).await.expect("listed");
    assert_eq!(theirs.iter().map(|i| i.id).collect::<Vec<_>>(), [interview.id]);
    assert!(core.episode(&practitioner, world.episode).await.is_ok(), "the practitioner sees the episode");
    let other = world.add_missing_child(time::macros::date!(2013 - 01 - 01)).await;
    assert!(matches!(core.episode(&practitioner, other).await, Err(CoreError::NotFound)), "and nothing else");

    // 96 hours after the return, not offered: overdue.
    let overdue = InterviewFilter { overdue: true, ..InterviewFilter::default() };
    assert!(core.return_interviews(&council, overdue).await.expect("listed").is_empty());
    world.clock.set(core.now().plus(Duration::hours(95)));
    assert_eq!(core.return_interviews(&council, overdue).await.expect("listed").len(), 1);

    // An adult's return creates no statutory interview.
    let adult = core
        .create_person(&officer, NewPerson::parse("Grown", "Up", "1970-01-01", "M", false, None, None).expect("valid"))
        .await
        .expect("recorded");
    let went = core.now().plus(Duration::hours(-5)).to_rfc3339();
    let report =
        NewEpisode::parse(&adult.id.to_string(), &went, "home", None, None, None, None, None, None).expect("valid");
    let adult_episode = core.report_episode(&officer, report).await.expect("reported");
    let back = new_return(&core.now().to_rfc3339(), "returned_self").expect("valid");
    let (_, none) = core.record_return(&officer, adult_episode.id, back).await.expect("recorded");
    assert!(none.is_none());
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

pub async fn an_interview_outcome_keeps_findings_and_its_recommendations_reach_their_owners(db: TestDatabase) {
    use homeward_core::domain::alert::AlertKind;
    use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
    use homeward_core::services::{NewOutcome, NewResponse, OutcomeInput, RecommendationInput, ResponseInput};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let council = world.actor("worker.x@test.example");
    let practitioner = world.actor("practitioner@test.example");
    let returned_at = core.now().plus(Duration::hours(-1));
    let back = new_return(&returned_at.to_rfc3339(), "returned_self").expect("valid");
    let (_, interview) = core.record_return(&officer, world.episode, back).await.expect("recorded");
    let interview = interview.expect("created");
    core.assign_interview(&council, interview.id, world.user("practitioner@test.example").id).await.expect("assigned");

    // What each outcome needs, named field by field.
    let parse = |json: serde_json::Value| {
        let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        NewOutcome::parse(&OutcomeInput {
            status: text("status").unwrap_or_default(),
            offered_at: text("offered_at"),
            completed_at: text("completed_at"),
            declined_by: text("declined_by"),
            decline_reason: text("decline_reason"),
            carers_information: text("carers_information"),
            attempts: json.get("attempts").cloned(),
            findings: json.get("findings").cloned(),
            recommendations: json
                .get("recommendations")
                .map(|r| serde_json::from_value::<Vec<RecommendationInput>>(r.clone()).expect("shape"))
                .unwrap_or_default(),
            also_covers: Vec::new(),
        })
    };
    let fields = |result: Result<NewOutcome, CoreError>| match result {
        Err(CoreError::Invalid(fields)) => fields.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>(),
        other => panic!("expected field errors, got {other:?}"),
    };
    assert_eq!(fields(parse(serde_json::json!({"status": "due"}))), ["status"]);
    assert_eq!(fields(parse(serde_json::json!({"status": "declined"}))), ["decline_reason", "declined_by"]);
    assert_eq!(fields(parse(serde_json::json!({"status": "not_possible"}))), ["attempts"]);
    assert_eq!(fields(parse(serde_json::json!({"status": "completed"}))), ["completed_at", "findings"]);
    assert_eq!(
        fields(parse(serde_json::json!({"status": "completed", "completed_at": "2026-06-01T11:30:00Z",
            "findings": {"push_factors": ["boredom"]}}))),
        ["findings"]
    );
    assert_eq!(
        fields(parse(serde_json::json!({"status": "offered", "offered_at": "2026-06-01T11:30:00Z",
            "recommendations": [{"owner_agency": "?", "action": "", "due_on": "soon"}]}))),
        ["recommendations[0].action", "recommendations[0].due_on", "recommendations[0].owner_agency"]
    );

    // Completed, with findings and two recommendations: one for the police, one for the council.
    let completed = parse(serde_json::json!({
        "status": "completed",
        "offered_at": core.now().plus(Duration::minutes(-40)).to_rfc3339(),
        "completed_at": core.now().plus(Duration::minutes(-10)).to_rfc3339(),
        "findings": {
            "push_factors": ["placement"], "pull_factors": ["relationships", "exploitation"],
            "harm": ["substance_misuse"], "cce_indicators": ["found_out_of_area", "train_tickets"],
            "places": [{"description": "Flat above the takeaway", "postcode": "LS1 4DY"}],
            "people": [{"nickname": "Tiny", "phone": "07700 900123"}],
            "childs_words": "They said I owed them", "safety_information": "Childline 0800 1111"
        },
        "recommendations": [
            {"owner_agency": "FA", "action": "Disrupt the address named", "due_on": "2026-06-08"},
            {"owner_agency": "E0000000X", "action": "Refer to the exploitation panel", "due_on": "2026-06-03"}
        ]
    }))
    .expect("valid");
    assert!(matches!(
        core.record_interview_outcome(&officer, interview.id, completed.clone()).await,
        Err(CoreError::Forbidden(_))
    ));
    let detail = core.record_interview_outcome(&practitioner, interview.id, completed.clone()).await.expect("recorded");
    assert_eq!(detail.interview.status, InterviewStatus::Completed);
    assert_eq!(detail.recommendations.len(), 2);
    assert!(matches!(
        core.record_interview_outcome(&practitioner, interview.id, completed).await,
        Err(CoreError::Rule { code: "interview_closed", .. })
    ));

    // The police see their recommendation and answer it; the council's is theirs alone.
    let police_list = core.recommendations(&officer, false).await.expect("listed");
    assert_eq!(police_list.len(), 1);
    let police_rec = police_list[0].recommendation.id;
    assert_eq!(police_list[0].owner.as_str(), "FA");
    let council_rec = core.recommendations(&council, false).await.expect("listed")[0].recommendation.id;
    let declined = |reason: Option<&str>| {
        NewResponse::parse(&ResponseInput {
            response: Some("declined".into()),
            reason: reason.map(str::to_owned),
            ..ResponseInput::default()
        })
    };
    assert!(matches!(declined(None), Err(CoreError::Invalid(_))), "a declined recommendation needs a reason");
    let accepted = NewResponse::parse(&ResponseInput {
        response: Some("Address visited and warning notice served".into()),
        responded_at: Some(core.now().to_rfc3339()),
        ..ResponseInput::default()
    })
    .expect("valid");
    assert!(matches!(
        core.answer_recommendation(&council, police_rec, accepted.clone()).await,
        Err(CoreError::NotFound)
    ));
    let answered = core.answer_recommendation(&officer, police_rec, accepted.clone()).await.expect("answered");
    let response = answered.recommendation.response.expect("recorded");
    assert_eq!(response.decision, homeward_core::domain::return_interview::Decision::Accepted);
    assert!(matches!(
        core.answer_recommendation(&officer, police_rec, accepted).await,
        Err(CoreError::Rule { code: "already_answered", .. })
    ));
    assert!(core.recommendations(&officer, false).await.expect("listed").is_empty());
    assert_eq!(core.recommendations(&officer, true).await.expect("listed").len(), 1);

    // Care staff see the codes, not the child's words; the council sees it all.
    let carer = world.actor("carer@test.example");
    let carers_view = core.episode(&carer, world.episode).await.expect("read");
    let record = carers_view.return_interviews[0].record.clone().expect("record");
    let findings = record.findings.expect("codes");
    assert!(findings.childs_words.is_none() && findings.places.is_empty() && findings.people.is_empty());
    assert_eq!(findings.cce_indicators.len(), 2);
    let councils_view = core.episode(&council, world.episode).await.expect("read");
    let full = councils_view.return_interviews[0].record.clone().and_then(|r| r.findings).expect("findings");
    assert_eq!(full.childs_words.map(String::from).as_deref(), Some("They said I owed them"));
    assert_eq!(councils_view.recommendations.len(), 2);

    // Time passes: the council's recommendation is overdue the day after its due date, and alerts.
    world.clock.set(core.now().plus(Duration::days(3)));
    let alerts = core.alerts(&council).await.expect("listed");
    assert!(alerts.iter().any(|a| a.kind == AlertKind::RecommendationOverdue && a.occasion == council_rec.to_string()));
    assert!(!core.alerts(&officer).await.expect("listed").iter().any(|a| a.kind == AlertKind::RecommendationOverdue));

    // Another child's interview, not offered 96 hours after the return: overdue, and the council is alerted.
    let other = world.add_missing_child(time::macros::date!(2011 - 02 - 02)).await;
    let back = new_return(&core.now().to_rfc3339(), "returned_self").expect("valid");
    let (_, late) = core.record_return(&officer, other, back).await.expect("recorded");
    let late = late.expect("created");
    world.clock.set(core.now().plus(Duration::hours(96)));
    let overdue = InterviewFilter { overdue: true, ..InterviewFilter::default() };
    let listed = core.return_interviews(&council, overdue).await.expect("listed");
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [late.id]);
    let alerts = core.alerts(&council).await.expect("listed");
    assert!(alerts.iter().any(|a| a.kind == AlertKind::ReturnInterviewOverdue && a.occasion == late.id.to_string()));
    let count = alerts.len();
    assert_eq!(core.alerts(&council).await.expect("listed").len(), count, "raised once");

    // Not possible, with the attempts made; the interview closes.
    let attempts = parse(serde_json::json!({"status": "not_possible", "attempts": [
        {"at": core.now().plus(Duration::hours(-30)).to_rfc3339(), "method": "phone"},
        {"at": core.now().plus(Duration::hours(-20)).to_rfc3339(), "method": "visit", "note": "Nobody home"}
    ]}))
    .expect("valid");
    let closed = core.record_interview_outcome(&council, late.id, attempts).await.expect("recorded");
    assert_eq!(closed.interview.status, InterviewStatus::NotPossible);
    assert!(core.return_interviews(&council, overdue).await.expect("listed").is_empty());

    // An adult may be offered a return conversation; a child's interview exists already.
    assert!(matches!(
        core.offer_return_conversation(&officer, world.episode).await,
        Err(CoreError::Rule { code: "child", .. })
    ));
    assert!(matches!(
        core.verify_audit(|_| {}).await.expect("ran"),
        homeward_core::services::AuditReport::Intact { .. }
    ));
}

pub async fn one_interview_may_cover_a_childs_closely_spaced_episodes(db: TestDatabase) {
    use homeward_core::domain::return_interview::InterviewStatus;
    use homeward_core::services::{NewEpisode, NewOutcome, NewPerson, OutcomeInput};
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
    let stranger = core
        .create_person(
            &officer,
            NewPerson::parse("Other", "Child", "2012-01-01", "F", false, None, None).expect("valid"),
        )
        .await
        .expect("recorded");
    let went = core.now().plus(Duration::hours(-3)).to_rfc3339();
    let report =
        NewEpisode::parse(&stranger.id.to_string(), &went, "home", None, None, None, None, None, None).expect("valid");
    let theirs = core.report_episode(&officer, report).await.expect("reported");
    let back = new_return(&core.now().to_rfc3339(), "returned_self").expect("valid");
    let (_, theirs) = core.record_return(&officer, theirs.id, back).await.expect("recorded");
    let theirs = theirs.expect("created");
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

pub async fn episodes_import_idempotently_and_a_bad_row_writes_nothing(db: TestDatabase) {
    use homeward_core::domain::return_interview::InterviewStatus;
    use homeward_core::services::{ImportError, ImportedEpisode};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    let rows = |extra: &[(&str, &str)]| {
        let base: Vec<Vec<(&str, String)>> = (0..6_000)
            .map(|i| {
                vec![
                    ("source_ref", format!("EP{i}")),
                    ("agency", "E0000000X".to_owned()),
                    ("person_ref", format!("C{}", i % 2_800)),
                    ("given_name", "Synthetic".to_owned()),
                    ("family_name", format!("Child{}", i % 2_800)),
                    ("date_of_birth", "2012-03-04".to_owned()),
                    ("sex", "F".to_owned()),
                    ("looked_after", "Y".to_owned()),
                    ("responsible_la", "E0000000X".to_owned()),
                    ("missing_from", "foster_care".to_owned()),
                    ("went_missing_at", "2026-05-01T21:00:00+01:00".to_owned()),
                    ("risk_grade", if i % 3 == 0 { "absent" } else { "medium" }.to_owned()),
                    ("returned_at", "2026-05-02T09:00:00+01:00".to_owned()),
                    ("return_outcome", "returned_self".to_owned()),
                    ("rhi_offered_at", "2026-05-03T09:00:00+01:00".to_owned()),
                    ("rhi_outcome", "completed".to_owned()),
                    ("rhi_completed_at", "2026-05-04T09:00:00+01:00".to_owned()),
                ]
            })
            .collect();
        let extra: Vec<(String, String)> = extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        base.into_iter()
            .enumerate()
            .map(move |(i, cells)| {
                let get = |column: &str| {
                    extra
                        .iter()
                        .find(|(k, _)| k == column && i == 5_200)
                        .map(|(_, v)| v.clone())
                        .or_else(|| cells.iter().find(|(k, _)| *k == column).map(|(_, v)| v.clone()))
                };
                let owned: Vec<(String, Option<String>)> =
                    homeward_core::services::EPISODE_COLUMNS.iter().map(|(c, _)| ((*c).to_owned(), get(c))).collect();
                ImportedEpisode::parse(|c| owned.iter().find(|(k, _)| k == c).and_then(|(_, v)| v.as_deref()))
                    .map(|row| (i as u64 + 2, row))
                    .map_err(|e| ImportError::Row { line: i as u64 + 2, column: Some(e.column), message: e.message })
            })
            .collect::<Vec<_>>()
    };
    let first = core.import_episodes(&op, rows(&[]).into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!((first.created, first.people_created, first.flagged_absent), (6_000, 2_800, 2_000));
    let again = core.import_episodes(&op, rows(&[]).into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!((again.created, again.updated, again.unchanged, again.people_created), (0, 0, 6_000, 0));
    let changed =
        core.import_episodes(&op, rows(&[("risk_grade", "high")]).into_iter(), &mut |_| {}).await.expect("ok");
    assert_eq!((changed.updated, changed.unchanged), (1, 5_999));

    // The council sees its imported children's episodes, with their interviews as the file says.
    let council = world.actor("worker.x@test.example");
    let listed =
        core.list_episodes(&council, homeward_core::domain::episode::EpisodeQuery::default()).await.expect("ok");
    let imported = listed.items.iter().find(|l| l.family_name.as_str() != "Child").expect("an imported episode");
    let record = core.episode(&council, imported.episode.id).await.expect("read");
    assert_eq!(record.return_interviews.first().map(|i| i.status), Some(InterviewStatus::Completed));

    // A bad row in the second batch: nothing from the file is written, the first batch included.
    let head = core.store().audit_head().await.expect("head");
    let bad = rows(&[("agency", "NOSUCH"), ("source_ref", "NEW")]);
    let refused = core.import_episodes(&op, bad.into_iter(), &mut |_| {}).await;
    assert!(matches!(refused, Err(ImportError::Row { line: 5202, column: Some("agency"), .. })), "{refused:?}");
    assert_eq!(core.store().audit_head().await.expect("head"), head);
    let again = core.import_episodes(&op, rows(&[]).into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!(again.created, 0);
}

pub async fn a_councils_ssda903_return_is_built_from_its_children_and_their_episodes(db: TestDatabase) {
    use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
    use homeward_core::services::{EPISODE_COLUMNS, ImportedEpisode};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    let la = world.council_x.code.clone();
    let cell = |cells: &[(&str, &str)], c: &str| cells.iter().find(|(k, _)| *k == c).map(|(_, v)| (*v).to_owned());
    let header = [("CHILD", "C7"), ("SEX", "F"), ("DOB", "04/03/2012"), ("ETHNIC", "WBRI"), ("UPN", "U1")];
    let child = Ssda903Child::parse(|c| header.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)).expect("valid");
    let care = [("CHILD", "C7"), ("DECOM", "01/01/2025"), ("RNE", "S"), ("LS", "C2"), ("PLACE", "U1")];
    let period = Ssda903Episode::parse(|c| care.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)).expect("valid");
    core.import_ssda903(&op, &la, vec![(2, child.clone())], vec![(2, period)]).await.expect("imported");
    core.import_ssda903(&op, &la, vec![(2, child)], vec![]).await.expect("replaced");
    let episode = |source: &str, went: &str, back: Option<&str>, category: &str| {
        let mut cells = vec![
            ("source_ref", source),
            ("agency", la.as_str()),
            ("person_ref", "C7"),
            ("given_name", "Synthetic"),
            ("family_name", "Seven"),
            ("date_of_birth", "2012-03-04"),
            ("sex", "F"),
            ("looked_after", "Y"),
            ("missing_from", "foster_care"),
            ("la_category", category),
            ("went_missing_at", went),
        ];
        if let Some(back) = back {
            cells.extend([("returned_at", back), ("return_outcome", "returned_self")]);
        }
        let owned: Vec<(&str, Option<String>)> = EPISODE_COLUMNS.iter().map(|(c, _)| (*c, cell(&cells, c))).collect();
        ImportedEpisode::parse(|c| owned.iter().find(|(k, _)| *k == c).and_then(|(_, v)| v.as_deref())).expect("valid")
    };
    let rows = vec![
        // Before the year and over by its start: left out.
        (2, episode("A", "2025-03-20T12:00:00Z", Some("2025-03-31T22:30:00Z"), "missing")),
        // Over the year's start, ended after it (23:30 UTC on 31 March is 1 April in London): kept, with its end.
        (3, episode("B", "2025-03-30T12:00:00Z", Some("2025-03-31T23:30:00Z"), "away")),
        // Over the year's end: kept, with a blank end.
        (4, episode("C", "2026-03-30T12:00:00Z", Some("2026-04-02T12:00:00Z"), "missing")),
        // After the year: left out.
        (5, episode("D", "2026-04-01T12:00:00Z", None, "missing")),
    ];
    core.import_episodes(&op, rows.into_iter().map(Ok), &mut |_| {}).await.expect("imported");
    let data = core.export_ssda903(&op, &la, 2026).await.expect("exported");
    let missing: Vec<(String, String, String, String)> = data
        .missing
        .iter()
        .map(|m| (m.child.clone(), m.missing.clone(), m.mis_start.clone(), m.mis_end.clone()))
        .collect();
    assert_eq!(
        missing,
        [
            ("C7".into(), "A".into(), "30/03/2025".into(), "01/04/2025".into()),
            ("C7".into(), "M".into(), "30/03/2026".into(), String::new()),
        ]
    );
    assert_eq!(data.header.len(), 1);
    assert!(data.episodes.is_empty(), "the second import replaced the first");
    assert!(data.missing.iter().all(|m| m.dob == "04/03/2012"));
}

pub async fn a_first_import_into_empty_tables_rebuilds_their_indexes_and_keys(db: TestDatabase) {
    use homeward_core::services::{EPISODE_COLUMNS, ImportError, ImportedEpisode, NewAgency};
    let (core, _) = crate::world::core(db.store.clone());
    let op = Actor::operator("test");
    core.add_agency(&op, NewAgency::parse("E0000000X", "Council X", "local_authority", None).expect("valid"))
        .await
        .expect("added");
    let rows = |agency: &str| {
        (0..50)
            .map(|i| {
                let source = format!("EP{i}");
                let person = format!("C{}", i % 20);
                let cells = [
                    ("source_ref", source.as_str()),
                    ("agency", agency),
                    ("person_ref", person.as_str()),
                    ("given_name", "Synthetic"),
                    ("family_name", "Child"),
                    ("date_of_birth", "2012-03-04"),
                    ("sex", "M"),
                    ("looked_after", "N"),
                    ("missing_from", "home"),
                    ("went_missing_at", "2026-05-01T21:00:00Z"),
                    ("returned_at", "2026-05-02T09:00:00Z"),
                    ("return_outcome", "found_by_police"),
                ];
                let owned: Vec<(&str, Option<String>)> = EPISODE_COLUMNS
                    .iter()
                    .map(|(c, _)| (*c, cells.iter().find(|(k, _)| k == c).map(|(_, v)| (*v).to_owned())))
                    .collect();
                ImportedEpisode::parse(|c| owned.iter().find(|(k, _)| *k == c).and_then(|(_, v)| v.as_deref()))
                    .map(|row| (i + 2, row))
                    .map_err(|e| ImportError::Row { line: i + 2, column: Some(e.column), message: e.message })
            })
            .collect::<Vec<_>>()
    };
    let first = core.import_episodes(&op, rows("E0000000X").into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!((first.created, first.people_created), (50, 20));
    let again = core.import_episodes(&op, rows("E0000000X").into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!(again.unchanged, 50, "the indexes and keys came back and the look-ups find every row");
    let counts = core.case_counts(&op).await.expect("counts");
    assert_eq!(counts.interviews_open, 50, "each child's return has its interview");
}
