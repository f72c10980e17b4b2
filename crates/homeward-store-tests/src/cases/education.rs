//! Children missing education (issue 17, item 2): the child's council records a spell; bad input and others'
//! attempts write nothing; it shows on the child's record, among the exploitation prompts of the risk assessment,
//! and in the key figures; it is ended once.

use homeward_core::domain::education::MissingEducationReason;
use homeward_core::error::CoreError;
use homeward_core::rules::indicators::IndicatorKind;
use homeward_core::services::education::NewMissingEducation;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

pub async fn a_council_records_a_child_missing_education_and_it_prompts_and_counts(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let today = core.now().date();
    let (worker, officer) = (world.actor("worker.x@test.example"), world.actor("officer.a@test.example"));
    let since = (today - Duration::days(40)).to_string();

    // Bad input names its fields; a date to come, another agency, a carer: nothing written.
    let fields = |r: Result<NewMissingEducation, CoreError>| match r {
        Err(CoreError::Invalid(f)) => f.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>(),
        other => panic!("expected field errors, got {other:?}"),
    };
    assert_eq!(
        fields(NewMissingEducation::parse("truant", "soon", Some("later"))),
        ["ended_on", "reason", "started_on"]
    );
    assert_eq!(fields(NewMissingEducation::parse("off_roll", &since, Some("2000-01-01"))), ["ended_on"]);
    let future =
        NewMissingEducation::parse("off_roll", &(today + Duration::days(3)).to_string(), None).expect("parses");
    assert!(matches!(core.record_missing_education(&worker, world.child, future).await, Err(CoreError::Invalid(_))));
    let new = NewMissingEducation::parse("persistent_absence", &since, None).expect("valid");
    assert!(matches!(
        core.record_missing_education(&officer, world.child, new.clone()).await,
        Err(CoreError::Forbidden(_))
    ));
    let carer = world.actor("carer@test.example");
    assert!(matches!(
        core.record_missing_education(&carer, world.child, new.clone()).await,
        Err(CoreError::Forbidden(_))
    ));
    let stranger = world.actor("coordinator.z@test.example");
    assert!(matches!(
        core.record_missing_education(&stranger, world.child, new.clone()).await,
        Err(CoreError::NotFound)
    ));
    assert!(core.missing_education_of(&worker, world.child).await.expect("read").spells.is_empty());

    let spell = core.record_missing_education(&worker, world.child, new).await.expect("recorded");
    assert_eq!(spell.reason, MissingEducationReason::PersistentAbsence);
    // On the child's record for whoever sees the child; another council finds nobody.
    let seen = core.missing_education_of(&officer, world.child).await.expect("the police see the child");
    assert_eq!((seen.spells.len(), seen.may_record), (1, false));
    assert!(core.missing_education_of(&worker, world.child).await.expect("read").may_record);
    assert!(matches!(core.missing_education_of(&stranger, world.child).await, Err(CoreError::NotFound)));
    // A prompt when the risk is assessed, and a key figure.
    let episode = core.episode(&officer, world.episode).await.expect("the episode");
    let prompt = episode.indicators.iter().find(|i| i.kind == IndicatorKind::MissingEducation).expect("a prompt");
    assert!(prompt.reason.starts_with("Persistently absent from school since"), "{}", prompt.reason);
    let figures = core.key_figures(&officer, today - Duration::days(2), today, None).await.expect("figures");
    assert_eq!(figures.children_missing_education, 1);
    // Ended once, not before it began.
    assert!(matches!(core.end_missing_education(&worker, spell.id, "2000-01-01").await, Err(CoreError::Invalid(_))));
    let ended = core.end_missing_education(&worker, spell.id, &today.to_string()).await.expect("ended");
    assert_eq!(ended.ended_on, Some(today));
    let again = core.end_missing_education(&worker, spell.id, &today.to_string()).await;
    assert!(matches!(again, Err(CoreError::Rule { code: "already_ended", .. })), "{again:?}");
}
