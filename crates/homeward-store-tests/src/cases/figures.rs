//! The key figures on a store: episodes with known times around every boundary, counted to the unit for each
//! scope that can ask.

use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::episode::{Episode, ReturnOutcome};
use homeward_core::domain::ids::{ReturnInterviewId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::return_interview::{InterviewStatus, ReturnInterview};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::domain::stats::{
    DurationFigures, ExploitationFigures, KeyFigures, OutcomeFigures, RhiFigures, RiskFigures,
};
use homeward_core::{Actor, CoreError};
use time::macros::date;
use time::{Date, Duration};

use homeward_testkit::world::{World, at};
use homeward_testkit::{TestDatabase, example};

/// A person of no agency's: no council, no placement, recorded by nobody.
pub(super) fn person(date_of_birth: Date, looked_after: bool) -> Person {
    let person = example::person(at("2026-01-01T00:00:00Z")).named("Counted", "Person").born(date_of_birth);
    let person = person.sex(Sex::Unknown);
    if looked_after { person.looked_after() } else { person }.build()
}

/// The episode's interview, `offered` and `completed` hours (and microseconds) after the return.
fn interview(
    episode: &Episode,
    status: InterviewStatus,
    offered: Option<Duration>,
    completed: Option<Duration>,
    practitioner: Option<UserId>,
) -> ReturnInterview {
    let returned_at = episode.returned_at.expect("a returned episode");
    let mut interview = ReturnInterview::after_return(episode.id, true, returned_at, returned_at);
    interview.status = status;
    interview.offered_at = offered.map(|d| returned_at.plus(d));
    interview.completed_at = completed.map(|d| returned_at.plus(d));
    interview.practitioner_id = practitioner;
    interview
}

const HOURS_72: Duration = Duration::hours(72);
const MICRO: Duration = Duration::microseconds(1);

pub async fn key_figures_count_every_episode_in_scope_to_the_unit(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let (force_a, force_b, council_x, council_z) =
        (world.force_a.id, world.force_b.id, world.council_x.id, world.council_z.id);
    let practitioner = world.user("practitioner@test.example").id;
    let june = (date!(2026 - 06 - 01), date!(2026 - 06 - 30));
    use ReturnOutcome::{FoundByOther, FoundByPolice, FoundDead, ReturnedSelf};

    // The world's looked-after child A went missing at 07:00 UTC on 1 June and is still missing, unassessed.
    let child_a = world.core.store().begin().await.expect("tx").person(world.child, homeward_core::Scope::All).await;
    let child_a = child_a.expect("read").expect("the world's child");
    let child_b = person(date!(2010 - 01 - 01), false);
    // C turns 18 on 20 June: a looked-after child before London midnight, an adult after.
    let person_c = person(date!(2008 - 06 - 20), true);
    let adult_d = person(date!(1980 - 01 - 01), false);
    let child_e = person(date!(2012 - 01 - 01), false);
    let child_f = person(date!(2011 - 05 - 05), false);

    use RiskGrade::{High, Low, Medium, NoApparentRisk};
    let in_x = |person: &Person, went: &str| example::episode(person, force_a, at(went)).in_area(council_x);
    let a_back = in_x(&child_a, "2026-05-31T23:00:00Z").returned(Duration::hours(24), FoundByPolice);
    let a_back = a_back.graded(High).cse_concern().build();
    let a_may = in_x(&child_a, "2026-05-31T22:59:59.999999Z").build();
    let b_first = in_x(&child_b, "2026-06-10T12:00:00Z").returned(Duration::hours(24) - MICRO, ReturnedSelf);
    let b_first = b_first.graded(Medium).cce_concern().build();
    let b_again = in_x(&child_b, "2026-06-12T12:00:00Z").returned(Duration::hours(2), ReturnedSelf).build();
    let c_adult = in_x(&person_c, "2026-06-19T23:30:00Z").returned(Duration::days(7), FoundByOther).graded(Low);
    let c_adult = c_adult.build();
    let c_child = in_x(&person_c, "2026-06-19T22:30:00Z").returned(Duration::hours(48), ReturnedSelf);
    let c_child = c_child.graded(NoApparentRisk).build();
    let d_last_minute = in_x(&adult_d, "2026-06-30T22:59:59.999999Z").build();
    let d_july = in_x(&adult_d, "2026-06-30T23:00:00Z").build();
    let e_elsewhere = example::episode(&child_e, force_b, at("2026-06-15T10:00:00Z")).in_area(council_z);
    let e_elsewhere = e_elsewhere.returned(Duration::hours(1), FoundDead).graded(High).cse_concern().build();
    let f_back = in_x(&child_f, "2026-06-25T08:00:00Z").returned(Duration::hours(30), ReturnedSelf).build();

    let a_interview =
        interview(&a_back, InterviewStatus::Completed, Some(HOURS_72), Some(HOURS_72), Some(practitioner));
    let b_interview = interview(&b_first, InterviewStatus::Offered, Some(HOURS_72 + MICRO), None, None);
    // B's second episode is covered by the first's interview, and keeps its own status and times.
    let mut b_covered = interview(
        &b_again,
        InterviewStatus::Completed,
        Some(Duration::hours(10)),
        Some(HOURS_72 + MICRO),
        Some(practitioner),
    );
    b_covered.covered_by = Some(b_interview.id);
    let c_declined = interview(&c_child, InterviewStatus::Declined, Some(Duration::hours(10)), None, None);
    let f_not_possible = interview(&f_back, InterviewStatus::NotPossible, None, None, None);
    // An adult's return conversation is not a statutory interview and counts nowhere.
    let mut c_conversation = interview(&c_adult, InterviewStatus::Completed, Some(MICRO), Some(MICRO), None);
    c_conversation.statutory = false;
    c_conversation.id = ReturnInterviewId::random();

    let mut tx = world.core.store().begin().await.expect("tx");
    for p in [&child_b, &person_c, &adult_d, &child_e, &child_f] {
        tx.insert_person(p).await.expect("person");
    }
    for episode in
        [&a_back, &a_may, &b_first, &b_again, &c_adult, &c_child, &d_last_minute, &d_july, &e_elsewhere, &f_back]
    {
        tx.insert_episode(episode).await.expect("episode");
    }
    for i in [&a_interview, &b_interview, &b_covered, &c_declined, &f_not_possible, &c_conversation] {
        tx.insert_return_interview(i).await.expect("interview");
    }
    tx.commit().await.expect("commit");

    let national = KeyFigures {
        incidents: 9,
        individuals: 6,
        child_incidents: 7,
        child_individuals: 5,
        adult_incidents: 2,
        adult_individuals: 2,
        looked_after_incidents: 3,
        looked_after_individuals: 2,
        children_missing_education: 0,
        repeat_children: 2,
        risk: RiskFigures { no_apparent_risk: 1, low: 1, medium: 1, high: 2, unassessed: 4 },
        duration: DurationFigures { under_24h: 3, from_24h_to_48h: 2, from_48h_to_7d: 1, over_7d: 1, still_missing: 2 },
        outcome: OutcomeFigures { returned_self: 4, found_by_police: 1, found_by_other: 1, found_dead: 1 },
        rhi: RhiFigures {
            due: 6,
            offered: 4,
            offered_within_72h: 3,
            completed: 2,
            completed_within_72h: 1,
            declined: 1,
            not_possible: 1,
        },
        exploitation: ExploitationFigures { cse_concern: 2, cce_concern: 1 },
        ofsted: homeward_core::domain::stats::OfstedFigures::default(),
        legacy_absent_awaiting_review: 0,
    };
    let op = Actor::operator("stats");
    let figures = |actor: Actor, agency: Option<&'static str>, (from, to): (Date, Date)| async move {
        let code = agency.map(|code| AgencyCode::parse(code).expect("valid"));
        core.key_figures(&actor, from, to, code.as_ref()).await
    };
    assert_eq!(figures(op.clone(), None, june).await.expect("counted"), national);

    // Council X (its analyst, or an operator naming it) sees all but the child found in council Z's area.
    let mut council_x_figures = national;
    council_x_figures.incidents -= 1;
    council_x_figures.individuals -= 1;
    council_x_figures.child_incidents -= 1;
    council_x_figures.child_individuals -= 1;
    council_x_figures.risk.high -= 1;
    council_x_figures.duration.under_24h -= 1;
    council_x_figures.outcome.found_dead -= 1;
    council_x_figures.rhi.due -= 1;
    council_x_figures.exploitation.cse_concern -= 1;
    // Nor the adults who went missing in its area: a council sees adults only where it has been asked to act
    // (C after turning 18, found by another a week later; D, still missing).
    council_x_figures.incidents -= 2;
    council_x_figures.individuals -= 1;
    council_x_figures.adult_incidents -= 2;
    council_x_figures.adult_individuals -= 2;
    council_x_figures.risk.low -= 1;
    council_x_figures.risk.unassessed -= 1;
    council_x_figures.duration.over_7d -= 1;
    council_x_figures.duration.still_missing -= 1;
    council_x_figures.outcome.found_by_other -= 1;
    let analyst = world.actor("analyst@test.example");
    assert_eq!(figures(analyst.clone(), None, june).await.expect("counted"), council_x_figures);
    assert_eq!(figures(analyst.clone(), Some("E0000000X"), june).await.expect("counted"), council_x_figures);
    assert_eq!(figures(op.clone(), Some("E0000000X"), june).await.expect("counted"), council_x_figures);
    assert_eq!(figures(world.actor("manager.x@test.example"), None, june).await.expect("counted"), council_x_figures);

    // Council Z's coordinator sees only the child found dead in its area: due an interview though none exists.
    let z_figures = figures(world.actor("coordinator.z@test.example"), None, june).await.expect("counted");
    assert_eq!((z_figures.incidents, z_figures.outcome.found_dead, z_figures.rhi.due), (1, 1, 1));
    assert_eq!(z_figures.rhi.offered, 0);

    // The practitioner sees the episodes they hold interviews for; the provider, through an operator, the same.
    let held = figures(world.actor("practitioner@test.example"), None, june).await.expect("counted");
    assert_eq!((held.incidents, held.individuals, held.rhi.completed, held.rhi.completed_within_72h), (2, 2, 2, 1));
    assert_eq!(figures(op.clone(), Some("RHI"), june).await.expect("counted"), held);

    // Each end of the period is a London midnight: 23:00 UTC in summer.
    let may = figures(op.clone(), None, (date!(2026 - 05 - 31), date!(2026 - 05 - 31))).await.expect("counted");
    assert_eq!((may.incidents, may.duration.still_missing), (1, 1), "a microsecond before midnight on 31 May");
    let july = figures(op.clone(), None, (date!(2026 - 07 - 01), date!(2026 - 07 - 31))).await.expect("counted");
    assert_eq!((july.incidents, july.adult_incidents), (1, 1), "London midnight itself starts 1 July");
    let (total, months) =
        core.figures_by_month(&op, date!(2026 - 05 - 01), date!(2026 - 07 - 31), None).await.expect("counted");
    assert_eq!(total.incidents, 11);
    let by_month: Vec<u64> = months.iter().map(|m| m.figures.incidents).collect();
    assert_eq!(by_month, [1, 9, 1]);
    assert_eq!(months[1].figures, national, "a month's figures are the period's when it is the whole period");

    // Refusals: admins, another agency, an unknown agency, a backwards or overlong period.
    assert!(matches!(figures(world.actor("admin@test.example"), None, june).await, Err(CoreError::Forbidden(_))));
    assert!(matches!(figures(analyst.clone(), Some("FA"), june).await, Err(CoreError::Forbidden(_))));
    let unknown = figures(op.clone(), Some("NOWHERE"), june).await;
    assert!(matches!(unknown, Err(CoreError::Invalid(f)) if f.get("agency").is_some()));
    let backwards = figures(op.clone(), None, (june.1, june.0)).await;
    assert!(matches!(backwards, Err(CoreError::Invalid(f)) if f.get("to").is_some()));
    let decade = figures(op.clone(), None, (date!(2016 - 06 - 01), date!(2026 - 06 - 01))).await;
    assert!(matches!(decade, Err(CoreError::Invalid(f)) if f.get("to").is_some()));

    // Each request is audited with its period and agency, and nothing personal.
    let events = world.core.store().audit_events_after(0, 10_000).await.expect("events");
    let reads: Vec<_> = events.iter().filter(|e| e.action == "figures.read").collect();
    assert_eq!(reads.len(), 11, "one event per answered request; refusals read nothing");
    let last = reads.last().expect("read");
    assert_eq!(last.details, r#"{"agency":null,"from":"2026-05-01","to":"2026-07-31"}"#);
    assert!(reads.iter().any(|e| e.details.contains(r#""agency":"E0000000X""#)));
    assert!(!reads.iter().any(|e| e.details.contains("Counted") || e.details.contains(&child_a.id.to_string())));
}
