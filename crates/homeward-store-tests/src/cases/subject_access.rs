//! Subject access (issue 16, item 7): an operator gathers everything held about the world's child from every
//! agency: each profile version, the contexts holding them, alerts about their episode, link proposals naming them,
//! support plans, spells missing education and helpline contacts linked to them;
//! nobody else may, and an unknown person is not found.

use std::collections::BTreeMap;

use homeward_core::domain::ids::PersonId;
use homeward_core::domain::link::{FoundLink, Probability};
use homeward_core::services::education::NewMissingEducation;
use homeward_core::services::helpline::{HelplineInput, NewHelplineContact};
use homeward_core::services::intel::{ContextInput, NewContext};
use homeward_core::services::support::{NewSupportPlan, SupportPlanInput};
use homeward_core::services::{NewPerson, NewProfile};
use homeward_core::{Actor, CoreError};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

pub async fn an_operator_gathers_everything_held_about_a_person_from_every_agency(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let operator = Actor::operator("subject-access");
    for description in ["Tall, short dark hair", "Tall, hair now dyed red"] {
        let fields = BTreeMap::from([("physical_description".to_owned(), description.to_owned())]);
        let profile = NewProfile::parse("philomena", &fields).expect("valid");
        core.save_profile(&world.actor("carer@test.example"), world.child, profile).await.expect("saved");
    }
    let manager = world.actor("manager.x@test.example");
    let input = ContextInput {
        kind: "peer_group".into(),
        title: "Friends at the arcade".into(),
        plan: "Joint visits".into(),
        review_on: (core.now().date() + Duration::days(28)).to_string(),
        children: vec![world.child.to_string()],
        ..ContextInput::default()
    };
    core.open_context(&manager, NewContext::parse(&input).expect("valid")).await.expect("opened");
    let supervisor = world.actor("supervisor.a@test.example");
    let twin = NewPerson::parse("Synthetic", "Twice", "2012-05-06", "F", true, Some("E0000000X"), None);
    let other = core.create_person(&supervisor, twin.expect("valid")).await.expect("recorded").id;
    let evidence = vec!["dob=exact".to_owned()];
    let found = FoundLink { a: world.child, b: other, probability: Probability::from_fraction(0.8), evidence };
    core.propose_links(&Actor::operator("link run"), &[found]).await.expect("proposed");
    // Issue 17's records: a support plan after a completed interview, and a spell missing education.
    let practitioner = world.user("practitioner@test.example").id;
    let interview = world.add_completed_interview(practitioner).await;
    let plan = SupportPlanInput {
        owner_id: String::new(),
        sessions_planned: "2".into(),
        safety_plan: "Text the worker if anyone offers a lift".into(),
        review_on: (core.now().date() + Duration::days(14)).to_string(),
    };
    let plan = NewSupportPlan::parse(&plan).expect("valid");
    core.plan_support(&world.actor("practitioner@test.example"), interview, plan).await.expect("made");
    let since = (core.now().date() - Duration::days(20)).to_string();
    let spell = NewMissingEducation::parse("off_roll", &since, None).expect("valid");
    core.record_missing_education(&world.actor("worker.x@test.example"), world.child, spell).await.expect("recorded");
    // A helpline contact shared with the council by consent, which the council links to the child.
    let call = HelplineInput {
        channel: "phone".into(),
        contacted_at: core.now().plus(Duration::hours(-2)).to_rfc3339(),
        contact_by: "self".into(),
        asked: "Synthetic: asked where to stay tonight".into(),
        sharing: "consent".into(),
        share_with: Some("E0000000X".into()),
        ..HelplineInput::default()
    };
    let call = NewHelplineContact::parse(&call).expect("valid");
    let logged = core.log_helpline_contact(&world.actor("practitioner@test.example"), call).await.expect("logged");
    let worker = world.actor("worker.x@test.example");
    core.link_helpline_contact(&worker, logged.contact.id, world.child).await.expect("linked");
    world.clock.set(core.now().plus(Duration::hours(30)));
    world.tick().await;

    let gathered = core.subject_access(&operator, world.child).await.expect("gathered");
    assert_eq!(gathered.person.id, world.child);
    let versions: Vec<i64> = gathered.profiles.iter().map(|p| p.version).collect();
    assert_eq!(versions, [1, 2], "every version, oldest first");
    assert_eq!(gathered.episodes.len(), 1);
    assert_eq!(gathered.episodes[0].episode.id, world.episode);
    assert_eq!(gathered.contexts.len(), 1, "the council's context, though no police force sees it");
    assert_eq!(gathered.contexts[0].children, [world.child]);
    assert!(!gathered.alerts.is_empty(), "the alerts about the missing episode, of every agency");
    assert!(gathered.alerts.iter().all(|a| a.episode_id == Some(world.episode)));
    assert_eq!(gathered.link_proposals.len(), 1);
    let named = &gathered.link_proposals[0];
    assert!(named.person_l == world.child || named.person_r == world.child);
    assert!(gathered.audit_events.iter().any(|e| e.action == "profile.saved"), "the audit events naming them");
    assert_eq!(gathered.counts()["profiles"], 2);
    assert_eq!((gathered.support_plans.len(), gathered.missing_education.len()), (1, 1));
    assert_eq!(gathered.helpline_contacts.len(), 1, "the contact linked to the child");
    assert_eq!(gathered.counts()["support_plans"], 1);
    let plan = gathered.support_plans[0].id.to_string();
    assert!(gathered.audit_events.iter().any(|e| e.target_id.as_deref() == Some(plan.as_str())));

    // Case staff may not; an unknown person is not found.
    let refused = core.subject_access(&manager, world.child).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{refused:?}");
    let unknown = core.subject_access(&operator, PersonId::random()).await;
    assert!(matches!(unknown, Err(CoreError::NotFound)), "{unknown:?}");
}
