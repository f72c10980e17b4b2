//! Links between records of one person (issue 14): proposed by the operator's run, never twice; reviewed by a
//! coordinator who sees both people; confirmed, rejected and undone exactly, every step audited.

use homeward_core::CoreError;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::audit::AuditAction;
use homeward_core::domain::ids::{LinkProposalId, PersonId};
use homeward_core::domain::link::{FoundLink, LinkDecision, LinkPaging, LinkProposal, LinkStatus, Probability};
use homeward_core::domain::paging::Paging;
use homeward_core::domain::text::FreeText;
use homeward_core::services::{NewEpisode, NewPerson};
use homeward_core::{Actor, Core};
use homeward_testkit::world::World;
use homeward_testkit::{Backend, TestDatabase};
use time::Duration;

fn found(a: PersonId, b: PersonId, probability: f64) -> FoundLink {
    let evidence = ["first_name=exact", "surname=exact", "dob=exact", "sex=agree", "postcode=missing"];
    FoundLink {
        a,
        b,
        probability: Probability::from_fraction(probability),
        evidence: evidence.map(str::to_owned).into(),
    }
}

fn reason(text: &str) -> LinkDecision {
    LinkDecision::parse(Some(text)).expect("a reason")
}

async fn queue(core: &Core, actor: &Actor, status: LinkStatus) -> Result<Vec<LinkProposal>, CoreError> {
    Ok(core.link_proposals(actor, status, &LinkPaging::default()).await?.items)
}

pub async fn person_links_are_proposed_once_reviewed_by_those_who_see_both_and_undone_exactly(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let operator = Actor::operator("link run");
    let supervisor = world.actor("supervisor.a@test.example");
    let since = core.now();
    // The same made-up child recorded twice by force A, looked after by council X.
    let new = || NewPerson::parse("Synthetic", "Twice", "2012-05-06", "F", true, Some("E0000000X"), None);
    let first = core.create_person(&supervisor, new().expect("valid")).await.expect("recorded").id;
    let second = core.create_person(&supervisor, new().expect("valid")).await.expect("recorded").id;

    let people = core.linkage_people(&operator).await.expect("the operator reads everyone");
    assert_eq!(people.len(), 3, "the world's child and the two records");
    assert!(people.iter().any(|p| p.id == first && p.given_name.as_str() == "Synthetic"));
    assert!(matches!(core.linkage_people(&supervisor).await, Err(CoreError::Forbidden(_))));

    // Found either way round, a pair is one proposal; a second run adds nothing.
    let run = [found(second, first, 0.97), found(world.child, first, 0.6), found(first, first, 1.0)];
    let proposed = core.propose_links(&operator, &run).await.expect("proposed");
    // The second record was proposed with the first when it was recorded (report-time matching), so the run adds
    // only the pair with the world's child.
    assert_eq!((proposed.found, proposed.added), (3, 1), "a person is never linked to themselves");
    assert_eq!(core.propose_links(&operator, &run).await.expect("again").added, 0);
    assert!(matches!(core.propose_links(&supervisor, &run).await, Err(CoreError::Forbidden(_))));

    // The supervisor sees the three people, so both proposals, a page at a time.
    let potential = queue(core, &supervisor, LinkStatus::Potential).await.expect("listed");
    assert_eq!(potential.len(), 2);
    let twice = potential.iter().find(|p| p.other(first) == Some(second)).expect("the pair").clone();
    let with_child = potential.iter().find(|p| p.other(first) == Some(world.child)).expect("the pair").id;
    assert!(twice.person_l.to_string() < twice.person_r.to_string(), "the smaller id on the left");
    assert!(twice.probability.ppm() >= 900_000, "{:?}", twice.probability);
    assert_eq!(twice.evidence.len(), 5);
    let one = core.link_proposals(&supervisor, LinkStatus::Potential, &LinkPaging { after: None, limit: 1 }).await;
    let one = one.expect("a page");
    let rest = LinkPaging { after: one.next, limit: 1 };
    let rest = core.link_proposals(&supervisor, LinkStatus::Potential, &rest).await.expect("the rest");
    assert_eq!((one.items.len(), rest.items.len(), rest.next), (1, 1, None));
    assert_ne!(one.items[0].id, rest.items[0].id);

    // Council Y hosts the child but sees neither record of the pair: it is not found, and not listed either.
    let host = world.actor("coordinator.y@test.example");
    assert!(queue(core, &host, LinkStatus::Potential).await.expect("listed").is_empty());
    for id in [twice.id, with_child] {
        assert!(matches!(core.confirm_link(&host, id, reason("same child")).await, Err(CoreError::NotFound)));
    }
    // A social worker of council X sees both but does not review links; an analyst sees no records.
    let worker = world.actor("worker.x@test.example");
    assert!(matches!(core.confirm_link(&worker, twice.id, reason("same")).await, Err(CoreError::Forbidden(_))));
    assert!(matches!(queue(core, &worker, LinkStatus::Potential).await, Err(CoreError::Forbidden(_))));
    let analyst = queue(core, &world.actor("analyst@test.example"), LinkStatus::Potential).await;
    assert!(matches!(analyst, Err(CoreError::Forbidden(_))), "an analyst sees figures only");
    let unknown = core.confirm_link(&supervisor, LinkProposalId::random(), reason("same")).await;
    assert!(matches!(unknown, Err(CoreError::NotFound)));
    assert!(matches!(LinkDecision::parse(None), Err(CoreError::Invalid(f)) if f.get("reason").is_some()));
    assert!(matches!(LinkDecision::parse(Some("  ")), Err(CoreError::Invalid(f)) if f.get("reason").is_some()));

    // Confirmed: each record lists the other, and both keep their own episodes and fields.
    let confirmed = core.confirm_link(&supervisor, twice.id, reason("same school and carer")).await.expect("confirmed");
    assert_eq!(confirmed.status, LinkStatus::Confirmed);
    assert_eq!(confirmed.decided_by, supervisor.user_id());
    assert_eq!(confirmed.reason.as_ref().map(FreeText::as_str), Some("same school and carer"));
    assert_eq!(core.person(&supervisor, first).await.expect("read").linked_people, vec![second]);
    assert_eq!(core.person(&supervisor, second).await.expect("read").linked_people, vec![first]);
    let again = core.reject_link(&supervisor, twice.id, reason("changed my mind")).await;
    assert!(matches!(again, Err(CoreError::Rule { code: "link_already_decided", .. })));
    assert_eq!(core.propose_links(&operator, &run).await.expect("a third run").added, 0);
    let kept = queue(core, &supervisor, LinkStatus::Confirmed).await.expect("listed");
    assert_eq!(kept, vec![confirmed.clone()], "a run never reopens a decision");

    let rejected = core.reject_link(&supervisor, with_child, reason("different dates")).await.expect("rejected");
    assert_eq!(rejected.status, LinkStatus::Rejected);

    // Undone: the proposal is exactly as it was proposed, and the records no longer name each other.
    let undone = core.undo_link(&supervisor, twice.id).await.expect("undone");
    assert_eq!(undone, twice);
    assert!(core.person(&supervisor, first).await.expect("read").linked_people.is_empty());
    let nothing = core.undo_link(&supervisor, twice.id).await;
    assert!(matches!(nothing, Err(CoreError::Rule { code: "link_already_decided", .. })));
    assert_eq!(core.undo_link(&supervisor, with_child).await.expect("undone").status, LinkStatus::Potential);

    let mut tx = db.store.begin().await.expect("tx");
    for (action, id, times) in [
        (AuditAction::LinkConfirmed, twice.id, 1),
        (AuditAction::LinkRejected, with_child, 1),
        (AuditAction::LinkUndone, twice.id, 1),
        (AuditAction::LinkUndone, with_child, 1),
    ] {
        assert_eq!(tx.count_audit_events(action, &id.to_string(), since).await.expect("counted"), times, "{action}");
    }
}

pub async fn linked_records_are_one_child_to_the_strategy_meeting_rule_and_the_key_figures(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let supervisor = world.actor("supervisor.a@test.example");
    let council = world.actor("worker.x@test.example");
    let new = || NewPerson::parse("Synthetic", "Twice", "2012-05-06", "F", false, Some("E0000000X"), None);
    let first = core.create_person(&officer, new().expect("valid")).await.expect("recorded").id;
    let second = core.create_person(&officer, new().expect("valid")).await.expect("recorded").id;
    let report = |person: PersonId, hours_ago: i64| {
        let went = core.now().plus(Duration::hours(-hours_ago)).to_rfc3339();
        NewEpisode::parse(&person.to_string(), &went, "home", None, None, None, None, None, None).expect("valid")
    };
    let back =
        |hours_ago: i64| super::new_return(&core.now().plus(Duration::hours(-hours_ago)).to_rfc3339(), "returned_self");
    // One absence on each record, then the records are confirmed as one child.
    let episode = core.report_episode(&officer, report(first, 300)).await.expect("reported");
    core.record_return(&officer, episode.id, back(250).expect("valid")).await.expect("returned");
    let episode = core.report_episode(&officer, report(second, 200)).await.expect("reported");
    core.record_return(&officer, episode.id, back(100).expect("valid")).await.expect("returned");
    let operator = Actor::operator("link run");
    core.propose_links(&operator, &[found(first, second, 0.95)]).await.expect("proposed");
    let proposal = queue(core, &supervisor, LinkStatus::Potential).await.expect("listed")[0].id;
    let meetings = || async {
        let alerts = core.alerts(&council, &Paging::default()).await.expect("alerts").items;
        alerts.into_iter().filter(|a| a.kind == AlertKind::StrategyMeeting).count()
    };
    assert_eq!(meetings().await, 0);
    let today = homeward_core::domain::time::london(core.now()).date();
    let figures =
        || async { core.key_figures(&council, today - Duration::days(30), today, None).await.expect("figures") };
    let before = figures().await;
    core.confirm_link(&supervisor, proposal, reason("same child, two reports")).await.expect("confirmed");
    // The key figures count the two records as one child, missing twice.
    let after = figures().await;
    assert_eq!((after.incidents, after.individuals), (before.incidents, before.individuals - 1));
    assert_eq!(after.repeat_children, before.repeat_children + 1);

    // The third absence in 30 days, two of them on the other record: a strategy meeting.
    core.report_episode(&officer, report(first, 1)).await.expect("reported");
    assert_eq!(meetings().await, 1, "the linked record's absence counts");
}

pub async fn a_proposal_decided_by_two_reviewers_at_once_is_decided_once(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let supervisor = world.actor("supervisor.a@test.example");
    let new = || NewPerson::parse("Synthetic", "Twice", "2012-05-06", "F", true, Some("E0000000X"), None);
    let first = core.create_person(&supervisor, new().expect("valid")).await.expect("recorded").id;
    let second = core.create_person(&supervisor, new().expect("valid")).await.expect("recorded").id;
    core.propose_links(&Actor::operator("link run"), &[found(first, second, 0.97)]).await.expect("proposed");
    let proposal = queue(core, &supervisor, LinkStatus::Potential).await.expect("listed").remove(0);
    let decided = |status: LinkStatus| LinkProposal { status, ..proposal.clone() };

    // Both reviewers read it potential; on PostgreSQL their transactions run side by side (SQLite's one writer
    // makes them take turns, which the store's conditional write must not need).
    let mut confirming = db.store.begin().await.expect("begin");
    if db.backend() == Backend::Postgres {
        let mut rejecting = db.store.begin().await.expect("begin");
        assert!(
            rejecting.update_link_proposal(&decided(LinkStatus::Rejected), LinkStatus::Potential).await.expect("ran")
        );
        rejecting.commit().await.expect("committed");
        let late = confirming.update_link_proposal(&decided(LinkStatus::Confirmed), LinkStatus::Potential).await;
        assert!(!late.expect("ran"), "the second decision finds it decided and changes nothing");
    } else {
        assert!(
            confirming.update_link_proposal(&decided(LinkStatus::Rejected), LinkStatus::Potential).await.expect("ran")
        );
        confirming.commit().await.expect("committed");
        let mut late = db.store.begin().await.expect("begin");
        assert!(!late.update_link_proposal(&decided(LinkStatus::Confirmed), LinkStatus::Potential).await.expect("ran"));
    }
    let rejected = queue(core, &supervisor, LinkStatus::Rejected).await.expect("listed");
    assert_eq!(rejected.len(), 1, "one decision stands");
    assert!(queue(core, &supervisor, LinkStatus::Confirmed).await.expect("listed").is_empty());
}

pub async fn links_are_followed_from_record_to_record_and_an_undone_link_parts_them(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let supervisor = world.actor("supervisor.a@test.example");
    let council = world.actor("worker.x@test.example");
    // Three records too unlike to be matched when recorded, each missing once; a reviewer links A-B and B-C.
    let mut records = Vec::new();
    for (at, (given, family, born)) in
        [("Alpha", "Onesy", "2010-01-01"), ("Bravo", "Twosy", "2011-02-02"), ("Carla", "Threesy", "2013-03-03")]
            .into_iter()
            .enumerate()
    {
        let new = NewPerson::parse(given, family, born, "F", false, Some("E0000000X"), None).expect("valid");
        let person = core.create_person(&officer, new).await.expect("recorded").id;
        let went = core.now().plus(Duration::hours(-100 - 10 * i64::try_from(at).expect("small"))).to_rfc3339();
        let episode = NewEpisode::parse(&person.to_string(), &went, "home", None, None, None, None, None, None);
        let episode = core.report_episode(&officer, episode.expect("valid")).await.expect("reported");
        let back = super::new_return(&core.now().plus(Duration::hours(-50)).to_rfc3339(), "returned_self");
        core.record_return(&officer, episode.id, back.expect("valid")).await.expect("returned");
        records.push(person);
    }
    let (a, b, c) = (records[0], records[1], records[2]);
    assert!(queue(core, &supervisor, LinkStatus::Potential).await.expect("listed").is_empty());
    let today = homeward_core::domain::time::london(core.now()).date();
    let individuals = || async {
        let figures = core.key_figures(&council, today - Duration::days(30), today, None).await.expect("figures");
        figures.individuals
    };
    let before = individuals().await;
    core.propose_links(&Actor::operator("link run"), &[found(a, b, 0.9), found(b, c, 0.9)]).await.expect("proposed");
    let mut decided = Vec::new();
    for proposal in queue(core, &supervisor, LinkStatus::Potential).await.expect("listed") {
        core.confirm_link(&supervisor, proposal.id, reason("the same child")).await.expect("confirmed");
        decided.push(proposal);
    }
    // A and C were never linked to each other, yet both are the same child through B.
    let officer = &officer;
    let linked = |person| async move { core.person(officer, person).await.expect("read").linked_people };
    let mut expected = vec![b, c];
    expected.sort_by_key(ToString::to_string);
    assert_eq!(linked(a).await, expected);
    assert_eq!(individuals().await, before - 2, "three records, one child");
    // The council keeps a profile on C: A's record shows it at report time, naming the record it is kept on.
    let fields = std::collections::BTreeMap::from([("places_frequented".to_owned(), "Skate park".to_owned())]);
    let profile = homeward_core::services::NewProfile::parse("philomena", &fields).expect("valid");
    core.save_profile(&council, c, profile).await.expect("saved");
    let shown = core.person(officer, a).await.expect("read").profile.expect("the linked record's profile");
    assert_eq!(shown.person_id, c);

    // Undoing A-B parts A from B and C, who stay one.
    let a_b = decided.iter().find(|p| p.other(a) == Some(b)).expect("the A-B proposal").id;
    core.undo_link(&supervisor, a_b).await.expect("undone");
    assert!(linked(a).await.is_empty());
    assert!(core.person(officer, a).await.expect("read").profile.is_none(), "no longer linked, no longer shown");
    assert_eq!(linked(c).await, [b]);
    assert_eq!(individuals().await, before - 1, "A on its own, B and C one child");
}
