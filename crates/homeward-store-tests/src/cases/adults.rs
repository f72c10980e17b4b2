//! Vulnerable adults: the return conversation belongs to the agency that offered it, which assigns it or holds it,
//! with no deadline; and a Herbert profile is kept by whoever recorded the adult and read by the police at report.

use homeward_core::domain::ids::PersonId;
use homeward_core::domain::paging::Paging;
use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
use homeward_core::services::{NewOutcome, NewPerson, NewProfile, OutcomeInput};
use homeward_core::{Action, Actor, CoreError, Scope};
use homeward_testkit::world::World;
use homeward_testkit::{TestDatabase, example};
use time::Duration;

use super::{Access, access};

/// An adult recorded by the actor's agency.
async fn adult(world: &World, actor: &Actor) -> PersonId {
    let new = NewPerson::parse("Grown", "Up", "1950-02-03", "F", false, None, None).expect("valid");
    world.core.create_person(actor, new).await.expect("recorded").id
}

fn completed(core: &homeward_core::Core) -> NewOutcome {
    NewOutcome::parse(&OutcomeInput {
        status: "completed".into(),
        completed_at: Some(core.now().to_rfc3339()),
        findings: Some(serde_json::json!({"push_factors": ["mental_health"]})),
        ..OutcomeInput::default()
    })
    .expect("valid")
}

pub async fn an_adults_return_conversation_is_assigned_and_completed_by_the_agency_that_offered_it(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let practitioner = world.actor("practitioner@test.example");
    let practitioner_id = world.user("practitioner@test.example").id;

    // Offered by the police: they name the practitioner, who then sees it and records what came of it.
    let officer = world.actor("officer.a@test.example");
    let theirs = core.offer_return_conversation(&officer, world.add_returned_adult(&officer).await).await.expect("ok");
    let detail = core.return_interview(&officer, theirs.id).await.expect("seen");
    assert!(detail.actions.contains(Action::AssignInterview) && detail.actions.contains(Action::RecordOutcome));
    let offered: Vec<_> = core.practitioners_for(&officer, theirs.id).await.expect("listed");
    assert!(
        offered.iter().any(|u| u.id == practitioner_id),
        "the police may name an interview provider's practitioner"
    );
    core.assign_interview(&officer, theirs.id, practitioner_id).await.expect("the police assign their conversation");
    let held = core.record_interview_outcome(&practitioner, theirs.id, completed(core)).await.expect("recorded");
    assert_eq!(held.interview.status, InterviewStatus::Completed);
    // Another force, and a council that was not asked, have no part in it.
    let officer_b = world.actor("officer.b@test.example");
    assert_eq!(access(core.return_interview(&officer_b, theirs.id).await), Access::NotFound);

    // The police may hold it themselves.
    let own = core.offer_return_conversation(&officer, world.add_returned_adult(&officer).await).await.expect("ok");
    core.record_interview_outcome(&officer, own.id, completed(core)).await.expect("the police record its outcome");

    // Offered by a council: the council assigns it; the force that sees the episode may not.
    let council = world.actor("worker.x@test.example");
    let councils =
        core.offer_return_conversation(&council, world.add_returned_adult(&council).await).await.expect("ok");
    assert_eq!(councils.offered_by_agency_id, Some(world.council_x.id));
    assert!(core.return_interview(&officer, councils.id).await.is_ok(), "the force sees the episode in its area");
    let refused = core.assign_interview(&officer, councils.id, practitioner_id).await;
    assert_eq!(access(refused), Access::Forbidden);
    let refused = core.record_interview_outcome(&officer, councils.id, completed(core)).await;
    assert_eq!(access(refused), Access::Forbidden);
    core.assign_interview(&council, councils.id, practitioner_id).await.expect("the council assigns its own");
    core.record_interview_outcome(&practitioner, councils.id, completed(core)).await.expect("recorded");

    // No deadline: an unheld conversation is never overdue, however long it waits.
    let waiting = core.offer_return_conversation(&council, world.add_returned_adult(&council).await).await.expect("ok");
    world.clock.set(core.now().plus(Duration::days(30)));
    let overdue = InterviewFilter { overdue: true, ..InterviewFilter::default() };
    let listed = core.return_interviews(&council, overdue, &Paging::default()).await.expect("listed").items;
    assert!(listed.iter().all(|i| i.id != waiting.id), "a conversation is never late");
    assert!(core.return_interview(&council, waiting.id).await.is_ok());
}

pub async fn an_adults_herbert_profile_is_kept_by_whoever_recorded_them_and_read_by_the_police(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let herbert = || {
        let fields = std::collections::BTreeMap::from([("routine".to_owned(), "Walks to the bakery at 9".to_owned())]);
        NewProfile::parse("herbert", &fields).expect("valid")
    };
    let (officer, carer, council) = (
        world.actor("officer.a@test.example"),
        world.actor("carer@test.example"),
        world.actor("worker.x@test.example"),
    );

    // Recorded by the police: the police keep it; the care provider and council, who did not record them, see none.
    let by_police = adult(&world, &officer).await;
    assert!(core.person(&officer, by_police).await.expect("read").actions.contains(Action::KeepProfile));
    core.save_profile(&officer, by_police, herbert()).await.expect("the police keep the profile of their adult");
    assert_eq!(access(core.save_profile(&carer, by_police, herbert()).await), Access::NotFound);
    assert_eq!(access(core.save_profile(&council, by_police, herbert()).await), Access::NotFound);

    // Recorded by a council: the council keeps it.
    let by_council = adult(&world, &council).await;
    core.save_profile(&council, by_council, herbert()).await.expect("the council keeps its adult's profile");

    // Recorded by a care home: the home keeps it; the police read it once the adult is reported missing in their area.
    let by_home = adult(&world, &carer).await;
    core.save_profile(&carer, by_home, herbert()).await.expect("the care home keeps it");
    assert_eq!(access(core.person(&officer, by_home).await), Access::NotFound, "not before a report");
    let mut tx = core.store().begin().await.expect("tx");
    let person = tx.person(by_home, Scope::All).await.expect("read").expect("recorded");
    let episode = example::episode(&person, world.force_a.id, core.now().plus(Duration::hours(-2))).build();
    tx.insert_episode(&episode).await.expect("episode");
    tx.commit().await.expect("commit");
    let read = core.episode(&officer, episode.id).await.expect("the force of the episode reads it");
    assert_eq!(read.profile.map(|p| p.kind.as_str()), Some("herbert"));
    assert_eq!(core.person(&officer, by_home).await.expect("read").profile.map(|p| p.version), Some(1));
    assert_eq!(access(core.save_profile(&officer, by_home, herbert()).await), Access::Forbidden, "read, not kept");
    let officer_b = world.actor("officer.b@test.example");
    assert_eq!(access(core.person(&officer_b, by_home).await), Access::NotFound);

    // A child's Philomena profile stays with their carer and council, whoever recorded them.
    let child = NewPerson::parse("Young", "Person", "2013-04-05", "M", false, None, None).expect("valid");
    let child = core.create_person(&officer, child).await.expect("recorded").id;
    assert!(!core.person(&officer, child).await.expect("read").actions.contains(Action::KeepProfile));
    let refused = core.save_profile(&officer, child, herbert()).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{refused:?}");
}
