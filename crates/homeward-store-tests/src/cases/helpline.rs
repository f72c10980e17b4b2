//! Helpline and self-referral contacts (issue 17, item 3): a provider keeps a contact it does not share to itself
//! (every other agency finds nothing); one shared with consent reaches the council named, which is alerted and links
//! it to the child, and then it shows on the child's record to those who see the child and read the child's
//! account (the carers find none); another provider and another force find nothing; bad input writes nothing; the inbox pages; the
//! provider's figures count its own.

use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::helpline::{ContactChannel, HelplinePaging};
use homeward_core::domain::ids::HelplineContactId;
use homeward_core::domain::paging::Paging;
use homeward_core::domain::user::Role;
use homeward_core::error::CoreError;
use homeward_core::rules::helpline::SharingKind;
use homeward_core::services::helpline::{HelplineInput, NewHelplineContact};
use homeward_core::services::{NewAgency, NewUser};
use homeward_core::{Actor, Core};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{PASSWORD, World};
use time::Duration;

fn input(core: &Core, sharing: &str, share_with: Option<&str>) -> HelplineInput {
    HelplineInput {
        channel: "phone".into(),
        contacted_at: core.now().plus(Duration::hours(-2)).to_rfc3339(),
        contact_by: "self".into(),
        asked: "Synthetic: asked where to stay tonight".into(),
        name: Some("Synthetic Caller".into()),
        date_of_birth: Some("2011-05-04".into()),
        home_la: Some("E0000000X".into()),
        sharing: sharing.into(),
        share_with: share_with.map(str::to_owned),
        ..HelplineInput::default()
    }
}

fn parsed(input: &HelplineInput) -> NewHelplineContact {
    NewHelplineContact::parse(input).expect("valid")
}

async fn listed(core: &Core, actor: &Actor) -> Vec<HelplineContactId> {
    let page = core.helpline_contacts(actor, &HelplinePaging { after: None, limit: 200 }).await.expect("listed");
    page.items.iter().map(|v| v.contact.id).collect()
}

fn not_found<T: std::fmt::Debug>(result: &Result<T, CoreError>) {
    assert!(matches!(result, Err(CoreError::NotFound)), "{result:?}");
}

pub async fn a_helpline_contact_stays_with_its_provider_unless_shared_and_joins_the_record_once_linked(
    db: TestDatabase,
) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let practitioner = world.actor("practitioner@test.example");
    let (worker, officer, carer) = (
        world.actor("worker.x@test.example"),
        world.actor("officer.a@test.example"),
        world.actor("carer@test.example"),
    );
    let (stranger_council, stranger_force) =
        (world.actor("coordinator.z@test.example"), world.actor("officer.b@test.example"));
    let op = Actor::operator("test");
    let other = core
        .add_agency(&op, NewAgency::parse("RHI2", "Another helpline", "rhi_provider", None).expect("valid"))
        .await
        .expect("added");
    let user = NewUser::parse("helpline2@test.example", "Test User", "RHI2", "rhi_practitioner", PASSWORD);
    let user = core.add_user(&op, user.expect("valid")).await.expect("added");
    let other_provider = Actor::user(user.id, other.id, AgencyKind::RhiProvider, Role::RhiPractitioner);

    // Bad input names its fields and writes nothing: a ground without its reason, a council for a kept contact, a
    // council that is not one, a time to come, a person the provider does not see.
    let fields = |r: Result<NewHelplineContact, CoreError>| match r {
        Err(CoreError::Invalid(f)) => f.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>(),
        other => panic!("expected field errors, got {other:?}"),
    };
    let mut bad = input(core, "safeguarding_ground", Some("E0000000X"));
    bad.ground = Some("child_at_risk_of_significant_harm".into());
    bad.channel = "pigeon".into();
    assert_eq!(fields(NewHelplineContact::parse(&bad)), ["channel", "ground_reason"]);
    assert_eq!(fields(NewHelplineContact::parse(&input(core, "not_shared", Some("E0000000X")))), ["share_with"]);
    let refused = core.log_helpline_contact(&practitioner, parsed(&input(core, "consent", Some("FA")))).await;
    assert!(matches!(refused, Err(CoreError::Invalid(ref f)) if f.get("share_with").is_some()), "{refused:?}");
    let mut future = input(core, "consent", Some("E0000000X"));
    future.contacted_at = core.now().plus(Duration::hours(2)).to_rfc3339();
    let refused = core.log_helpline_contact(&practitioner, parsed(&future)).await;
    assert!(matches!(refused, Err(CoreError::Invalid(ref f)) if f.get("contacted_at").is_some()), "{refused:?}");
    let mut unseen = input(core, "consent", Some("E0000000X"));
    unseen.person_id = Some(world.child.to_string());
    not_found(&core.log_helpline_contact(&practitioner, parsed(&unseen)).await);
    // Only an interview provider logs contacts.
    let by_council = core.log_helpline_contact(&worker, parsed(&input(core, "not_shared", None))).await;
    assert!(matches!(by_council, Err(CoreError::Forbidden(_))), "{by_council:?}");
    assert!(listed(core, &practitioner).await.is_empty());
    assert!(core.alerts(&worker, &Paging::default()).await.expect("alerts").items.is_empty());

    // Not shared: the provider's own; every other agency finds nothing, and no council hears of it.
    let kept = core.log_helpline_contact(&practitioner, parsed(&input(core, "not_shared", None))).await.expect("kept");
    assert_eq!((kept.contact.shared_with, kept.withheld.len()), (None, 0));
    for outsider in [&worker, &officer, &carer, &other_provider, &stranger_council] {
        not_found(&core.helpline_contact(outsider, kept.contact.id).await);
    }
    assert!(listed(core, &worker).await.is_empty());

    // Shared with consent: council X reads it in its inbox and is alerted; others find nothing.
    let shared = core
        .log_helpline_contact(&practitioner, parsed(&input(core, "consent", Some("E0000000X"))))
        .await
        .expect("shared");
    let id = shared.contact.id;
    assert_eq!(listed(core, &worker).await, [id]);
    assert_eq!(listed(core, &practitioner).await.len(), 2);
    let alerts = core.alerts(&worker, &Paging::default()).await.expect("alerts");
    assert!(alerts.items.iter().any(|a| a.kind == AlertKind::HelplineContactShared && a.occasion == id.to_string()));
    let read = core.helpline_contact(&worker, id).await.expect("the council reads it");
    assert!(read.may_link && read.contact.asked.is_some());
    for outsider in [&officer, &carer, &other_provider, &stranger_council, &stranger_force] {
        not_found(&core.helpline_contact(outsider, id).await);
    }

    // The council links it to the child, once; a senior manager reads but does not link; another council cannot.
    let manager = world.actor("manager.x@test.example");
    assert!(!core.helpline_contact(&manager, id).await.expect("read").may_link);
    let refused = core.link_helpline_contact(&manager, id, world.child).await;
    assert!(matches!(refused, Err(CoreError::Forbidden(_))), "{refused:?}");
    not_found(&core.link_helpline_contact(&stranger_council, id, world.child).await);
    let linked = core.link_helpline_contact(&worker, id, world.child).await.expect("linked");
    assert_eq!(linked.contact.person_id, Some(world.child));
    let again = core.link_helpline_contact(&worker, id, world.child).await;
    assert!(matches!(again, Err(CoreError::Rule { code: "already_linked", .. })), "{again:?}");
    // A wrong link is undone by the council, once, and the contact linked again; nobody else undoes it.
    assert!(core.helpline_contact(&worker, id).await.expect("read").may_unlink);
    let by_police = core.unlink_helpline_contact(&officer, id).await;
    assert!(matches!(by_police, Err(CoreError::Forbidden(_) | CoreError::NotFound)), "{by_police:?}");
    let undone = core.unlink_helpline_contact(&worker, id).await.expect("unlinked");
    assert_eq!((undone.contact.person_id, undone.may_link, undone.may_unlink), (None, true, false));
    let twice = core.unlink_helpline_contact(&worker, id).await;
    assert!(matches!(twice, Err(CoreError::Rule { code: "not_linked", .. })), "{twice:?}");
    core.link_helpline_contact(&worker, id, world.child).await.expect("linked again");

    // On the child's record: the police read it whole; the carers not at all (a contact may be about the home, and
    // why it was shared tells what the child said), nor another force.
    let on_record = |actor: Actor| {
        let core = core.clone();
        async move { core.helpline_contacts_for_person(&actor, world.child, &HelplinePaging::default()).await }
    };
    let police = on_record(officer.clone()).await.expect("the police see the child");
    assert_eq!(police.items.len(), 1);
    assert!(police.items[0].contact.asked.is_some());
    assert!(matches!(on_record(carer.clone()).await, Err(CoreError::Forbidden(_))), "care staff read no contacts");
    not_found(&core.helpline_contact(&carer, id).await);
    not_found(&on_record(stranger_force.clone()).await);
    not_found(&core.helpline_contact(&other_provider, id).await);

    // The inbox pages newest first and is never cut short.
    for hours in [3, 4] {
        let mut more = input(core, "consent", Some("E0000000X"));
        more.contacted_at = core.now().plus(Duration::hours(-hours)).to_rfc3339();
        more.channel = "webchat".into();
        core.log_helpline_contact(&practitioner, parsed(&more)).await.expect("logged");
    }
    let first = core.helpline_contacts(&worker, &HelplinePaging { after: None, limit: 2 }).await.expect("page");
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.items[0].contact.id, id);
    let rest = core.helpline_contacts(&worker, &HelplinePaging { after: first.next, limit: 2 }).await.expect("page");
    assert_eq!((rest.items.len(), rest.next), (1, None));

    // The provider's figures count its own, kept contacts too; a council has none.
    let today = core.now().date();
    let figures = core.helpline_figures(&practitioner, today - Duration::days(1), today, None).await.expect("figures");
    assert_eq!(figures.contacts, 4);
    assert!(figures.by_sharing.contains(&(SharingKind::NotShared, 1)));
    assert!(figures.by_sharing.contains(&(SharingKind::Consent, 3)));
    assert!(figures.by_channel.contains(&(ContactChannel::Webchat, 2)));
    let other_figures = core.helpline_figures(&other_provider, today, today, None).await.expect("figures");
    assert_eq!(other_figures.contacts, 0);
    assert!(matches!(core.helpline_figures(&worker, today, today, None).await, Err(CoreError::Forbidden(_))));
    // An operator names the provider; a provider may name only itself; a council is no provider.
    let code = |text: &str| homeward_core::domain::agency::AgencyCode::parse(text).expect("a code");
    let named = core.helpline_figures(&op, today - Duration::days(1), today, Some(&code("RHI"))).await;
    assert_eq!(named.expect("figures").contacts, 4);
    let theirs = core.helpline_figures(&practitioner, today, today, Some(&code("RHI2"))).await;
    assert!(matches!(theirs, Err(CoreError::Forbidden(_))), "{theirs:?}");
    let council = core.helpline_figures(&op, today, today, Some(&code("E0000000X"))).await;
    assert!(matches!(council, Err(CoreError::Invalid(_))), "{council:?}");

    // The practitioner who interviews the child may name them at once, but only to a council that holds them:
    // otherwise the contact would sit on a record the council cannot open, and it could never link it again.
    world.assign_interview(world.user("practitioner@test.example").id).await;
    let mut elsewhere = input(core, "consent", Some("E0000000Z"));
    elsewhere.person_id = Some(world.child.to_string());
    let refused = core.log_helpline_contact(&practitioner, parsed(&elsewhere)).await;
    assert!(matches!(refused, Err(CoreError::Invalid(ref f)) if f.get("person_id").is_some()), "{refused:?}");
    let mut at_home = input(core, "consent", Some("E0000000X"));
    at_home.person_id = Some(world.child.to_string());
    let joined = core.log_helpline_contact(&practitioner, parsed(&at_home)).await.expect("logged and linked");
    assert_eq!(joined.contact.person_id, Some(world.child));

    // Erasing the child's records (issue 16) blanks what the linked contact asked and who it said it was; its
    // codes stay for the provider's figures, and the kept contact is untouched.
    let mut tx = core.store().begin().await.expect("tx");
    tx.erase_person(world.child, today - Duration::days(5000), core.now()).await.expect("erased");
    let erased = tx.helpline_contact(id).await.expect("read").expect("still there");
    assert_eq!((erased.asked, erased.name, erased.date_of_birth, erased.home_la_id), (None, None, None, None));
    assert_eq!(erased.sharing.kind(), SharingKind::Consent);
    assert!(tx.helpline_contact(kept.contact.id).await.expect("read").is_some_and(|c| c.asked.is_some()));
    tx.commit().await.expect("commit");
}
