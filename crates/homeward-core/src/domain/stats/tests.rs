//! Every boundary of the key figures: the hours, the London midnights, the 18th birthday.

use time::macros::date;
use time::{Date, Duration};

use super::*;
use crate::domain::ids::PersonId;

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("a valid test timestamp")
}

fn period(from: Date, to: Date) -> Period {
    Period::new(from, to).expect("a valid period")
}

/// A ten-year-old's unassessed episode, still missing.
fn row(person: PersonId, went_missing_at: &str) -> StatsRow {
    StatsRow {
        person_id: person,
        date_of_birth: date!(2016 - 01 - 01),
        looked_after: false,
        went_missing_at: at(went_missing_at),
        returned_at: None,
        return_outcome: None,
        joint_grade: None,
        cse_concern: false,
        cce_concern: false,
        interview: None,
        ofsted: crate::domain::stats::OfstedCounts::default(),
        legacy_absent_awaiting_review: false,
    }
}

fn returned(mut row: StatsRow, after: Duration) -> StatsRow {
    row.returned_at = Some(row.went_missing_at.plus(after));
    row.return_outcome = Some(ReturnOutcome::ReturnedSelf);
    row
}

fn interview(
    status: InterviewStatus,
    offered_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
) -> InterviewTimes {
    InterviewTimes { status, offered_at, completed_at }
}

const JULY: &str = "2026-07-10T12:00:00Z";

fn july() -> Period {
    period(date!(2026 - 07 - 01), date!(2026 - 07 - 31))
}

#[test]
fn durations_split_exactly_at_24_hours_48_hours_and_7_days() {
    let micro = Duration::microseconds(1);
    let person = PersonId::random();
    let lengths = [
        Duration::hours(24) - micro,
        Duration::hours(24),
        Duration::hours(48) - micro,
        Duration::hours(48),
        Duration::days(7) - micro,
        Duration::days(7),
        Duration::days(30),
    ];
    let mut rows: Vec<StatsRow> = lengths.iter().map(|length| returned(row(person, JULY), *length)).collect();
    rows.push(row(person, JULY));
    let figures = key_figures(july(), &rows);
    assert_eq!(
        figures.duration,
        DurationFigures { under_24h: 1, from_24h_to_48h: 2, from_48h_to_7d: 2, over_7d: 2, still_missing: 1 }
    );
    assert_eq!(figures.outcome.returned_self, 7, "outcomes count returned episodes only");
}

#[test]
fn interviews_count_within_72_hours_up_to_and_including_the_72nd_hour() {
    let back = Duration::hours(5);
    let child = |offered: Duration, completed: Option<Duration>| {
        let mut r = returned(row(PersonId::random(), JULY), back);
        let returned_at = r.returned_at.expect("returned");
        r.interview = Some(match completed {
            Some(done) => {
                interview(InterviewStatus::Completed, Some(returned_at.plus(offered)), Some(returned_at.plus(done)))
            }
            None => interview(InterviewStatus::Offered, Some(returned_at.plus(offered)), None),
        });
        r
    };
    let hours72 = Duration::hours(72);
    let micro = Duration::microseconds(1);
    let rows = vec![
        child(hours72, Some(hours72)),
        child(hours72 + micro, Some(hours72 + micro)),
        child(Duration::hours(1), Some(hours72 + micro)),
        child(Duration::hours(80), None),
    ];
    let rhi = key_figures(july(), &rows).rhi;
    assert_eq!(
        rhi,
        RhiFigures {
            due: 4,
            offered: 4,
            offered_within_72h: 2,
            completed: 3,
            completed_within_72h: 1,
            declined: 0,
            not_possible: 0
        }
    );
    assert_eq!(rhi.offer_rate(), Some(1.0));
    assert_eq!(rhi.offered_within_72h_rate(), Some(0.5));
    assert_eq!(RhiFigures::default().offer_rate(), None, "no rate without anything due");
}

#[test]
fn interviews_are_due_for_returned_children_only_and_keep_their_own_status() {
    let returned_child = returned(row(PersonId::random(), JULY), Duration::hours(3));
    let mut declined = returned_child.clone();
    declined.interview = Some(interview(InterviewStatus::Declined, Some(at("2026-07-10T16:00:00Z")), None));
    let mut not_possible = returned_child.clone();
    not_possible.interview = Some(interview(InterviewStatus::NotPossible, None, None));
    let mut assigned = returned_child.clone();
    assigned.interview = Some(interview(InterviewStatus::Assigned, None, None));
    let mut found_dead = returned_child.clone();
    found_dead.return_outcome = Some(ReturnOutcome::FoundDead);
    let mut adult = returned_child.clone();
    adult.date_of_birth = date!(1990 - 01 - 01);
    adult.interview = Some(interview(InterviewStatus::Completed, Some(at(JULY)), Some(at(JULY))));
    let still_missing = row(PersonId::random(), JULY);
    let rows = [returned_child, declined, not_possible, assigned, found_dead, adult, still_missing];
    let figures = key_figures(july(), &rows);
    assert_eq!(
        figures.rhi,
        RhiFigures {
            due: 5,
            offered: 1,
            offered_within_72h: 1,
            completed: 0,
            completed_within_72h: 0,
            declined: 1,
            not_possible: 1
        },
        "due counts every returned child incident, even one found dead; adults and the missing are not due"
    );
    assert_eq!(figures.outcome.found_dead, 1);
    assert_eq!(figures.outcome.returned_self, 5);
}

#[test]
fn the_period_starts_and_ends_at_london_midnight_in_summer_time() {
    let summer = period(date!(2026 - 07 - 01), date!(2026 - 07 - 01));
    assert_eq!(summer.instants(), (at("2026-06-30T23:00:00Z"), at("2026-07-01T23:00:00Z")));
    let person = PersonId::random();
    let rows = [
        row(person, "2026-06-30T22:59:59.999999Z"),
        row(person, "2026-06-30T23:00:00Z"),
        row(person, "2026-07-01T22:59:59.999999Z"),
        row(person, "2026-07-01T23:00:00Z"),
    ];
    assert_eq!(key_figures(summer, &rows).incidents, 2);
}

#[test]
fn the_period_starts_and_ends_at_london_midnight_in_winter() {
    let winter = period(date!(2026 - 12 - 01), date!(2026 - 12 - 01));
    assert_eq!(winter.instants(), (at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z")));
    let person = PersonId::random();
    let rows = [
        row(person, "2026-11-30T23:59:59.999999Z"),
        row(person, "2026-12-01T00:00:00Z"),
        row(person, "2026-12-01T23:59:59.999999Z"),
        row(person, "2026-12-02T00:00:00Z"),
    ];
    assert_eq!(key_figures(winter, &rows).incidents, 2);
    // The days the clocks change are 23 and 25 hours long.
    let spring = period(date!(2026 - 03 - 29), date!(2026 - 03 - 29)).instants();
    assert_eq!(spring.1.since(spring.0), Duration::hours(23));
    let autumn = period(date!(2026 - 10 - 25), date!(2026 - 10 - 25)).instants();
    assert_eq!(autumn, (at("2026-10-24T23:00:00Z"), at("2026-10-26T00:00:00Z")));
}

#[test]
fn a_child_is_under_18_on_the_london_date_they_went_missing() {
    let person = PersonId::random();
    let turning = |went| StatsRow { date_of_birth: date!(2008 - 07 - 01), ..row(person, went) };
    // 23:30 UTC on 30 June is 00:30 on 1 July in London: the 18th birthday, so an adult.
    let adult = key_figures(july(), &[turning("2026-06-30T23:30:00Z")]);
    assert_eq!((adult.child_incidents, adult.adult_incidents), (0, 1));
    let june = period(date!(2026 - 06 - 01), date!(2026 - 06 - 30));
    let child = key_figures(june, &[turning("2026-06-30T22:30:00Z")]);
    assert_eq!((child.child_incidents, child.adult_incidents), (1, 0));
}

#[test]
fn people_are_counted_once_and_repeat_children_twice_or_more() {
    let (twice, once, carer_leaver, looked_after) =
        (PersonId::random(), PersonId::random(), PersonId::random(), PersonId::random());
    let in_care = |went| StatsRow { looked_after: true, ..row(looked_after, went) };
    // Turns 18 on 15 July: a child before, an adult after.
    let turning =
        |went| StatsRow { date_of_birth: date!(2008 - 07 - 15), looked_after: true, ..row(carer_leaver, went) };
    let rows = [
        row(twice, "2026-07-02T10:00:00Z"),
        row(twice, "2026-07-20T10:00:00Z"),
        row(once, "2026-07-03T10:00:00Z"),
        in_care("2026-07-04T10:00:00Z"),
        in_care("2026-07-05T10:00:00Z"),
        in_care("2026-07-06T10:00:00Z"),
        turning("2026-07-10T10:00:00Z"),
        turning("2026-07-20T10:00:00Z"),
        row(once, "2026-08-01T10:00:00Z"),
    ];
    let f = key_figures(july(), &rows);
    assert_eq!((f.incidents, f.individuals), (8, 4));
    assert_eq!((f.child_incidents, f.child_individuals), (7, 4));
    assert_eq!((f.adult_incidents, f.adult_individuals), (1, 1), "someone who turns 18 counts on both sides");
    assert_eq!((f.looked_after_incidents, f.looked_after_individuals), (4, 2), "looked-after children only");
    assert_eq!(f.repeat_children, 2, "twice and the looked-after child; the carer leaver was a child once");
}

#[test]
fn risk_and_exploitation_count_each_incident_by_its_current_picture() {
    let grade = |g: Option<RiskGrade>, cse: bool, cce: bool| StatsRow {
        joint_grade: g,
        cse_concern: cse,
        cce_concern: cce,
        ..row(PersonId::random(), JULY)
    };
    let rows = [
        grade(None, false, false),
        grade(Some(RiskGrade::NoApparentRisk), false, false),
        grade(Some(RiskGrade::Low), false, true),
        grade(Some(RiskGrade::Medium), true, true),
        grade(Some(RiskGrade::High), true, false),
        grade(Some(RiskGrade::High), false, false),
    ];
    let f = key_figures(july(), &rows);
    assert_eq!(f.risk, RiskFigures { no_apparent_risk: 1, low: 1, medium: 1, high: 2, unassessed: 1 });
    assert_eq!(f.exploitation, ExploitationFigures { cse_concern: 2, cce_concern: 2 });
}

#[test]
fn months_follow_london_dates_and_every_month_of_the_period_appears() {
    let spring = period(date!(2026 - 06 - 15), date!(2026 - 09 - 10));
    let person = PersonId::random();
    let rows = [
        row(person, "2026-06-14T23:30:00Z"), // 15 June in London
        row(person, "2026-07-31T23:30:00Z"), // 1 August in London
        row(person, "2026-08-20T10:00:00Z"),
        row(person, "2026-09-10T23:30:00Z"), // 11 September: outside
    ];
    let (total, months) = figures_by_month(spring, &rows);
    assert_eq!(total, key_figures(spring, &rows), "the same figures either way");
    let counts: Vec<(Date, u64, u64)> =
        months.iter().map(|m| (m.month, m.figures.incidents, m.figures.individuals)).collect();
    assert_eq!(
        counts,
        [
            (date!(2026 - 06 - 01), 1, 1),
            (date!(2026 - 07 - 01), 0, 0),
            (date!(2026 - 08 - 01), 2, 1),
            (date!(2026 - 09 - 01), 0, 0)
        ]
    );
    let across_years = period(date!(2025 - 11 - 01), date!(2026 - 02 - 28)).months();
    assert_eq!(across_years.len(), 4);
    assert_eq!(across_years[2], date!(2026 - 01 - 01));
}

#[test]
fn periods_run_forwards_for_at_most_ten_years() {
    let refused = |from, to| Period::new(from, to).expect_err("refused").get("to").map(str::to_owned);
    assert!(refused(date!(2026 - 03 - 02), date!(2026 - 03 - 01)).is_some_and(|m| m.contains("after the start")));
    assert!(Period::new(date!(2016 - 04 - 01), date!(2026 - 03 - 31)).is_ok(), "exactly ten years");
    assert!(refused(date!(2016 - 04 - 01), date!(2026 - 04 - 01)).is_some_and(|m| m.contains("10 years")));
    assert!(Period::new(date!(2016 - 02 - 29), date!(2026 - 02 - 28)).is_ok());
    assert!(Period::new(date!(2016 - 02 - 29), date!(2026 - 03 - 01)).is_err());
    assert!(Period::new(date!(2026 - 03 - 01), date!(2026 - 03 - 01)).is_ok(), "one day");
    assert!(Period::new(Date::MAX, Date::MAX).is_err());
}

#[test]
fn the_last_twelve_complete_months_end_before_this_month() {
    let last = Period::last_complete_months(date!(2026 - 11 - 22), 12);
    assert_eq!((last.from(), last.to()), (date!(2025 - 11 - 01), date!(2026 - 10 - 31)));
    let january = Period::last_complete_months(date!(2026 - 01 - 01), 12);
    assert_eq!((january.from(), january.to()), (date!(2025 - 01 - 01), date!(2025 - 12 - 31)));
    assert_eq!(january.months().len(), 12);
}

/// The flat keys are the JSON's keys joined by dots, in the same order: CSV and JSON cannot disagree.
#[test]
fn the_flat_figures_are_exactly_the_json_keys() {
    fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    let key = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                    flatten(&key, inner, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }
    let json = serde_json::to_value(KeyFigures::default()).expect("serialises");
    let mut from_json = Vec::new();
    flatten("", &json, &mut from_json);
    let mut flat: Vec<String> = KeyFigures::default().entries().iter().map(|f| f.key.to_owned()).collect();
    from_json.sort();
    flat.sort();
    assert_eq!(flat, from_json);
    let top: Vec<&str> = json.as_object().expect("an object").keys().map(String::as_str).collect();
    let mut contract = vec![
        "incidents",
        "individuals",
        "child_incidents",
        "child_individuals",
        "adult_incidents",
        "adult_individuals",
        "looked_after_incidents",
        "looked_after_individuals",
        "repeat_children",
        "risk",
        "duration",
        "outcome",
        "rhi",
        "exploitation",
        // Issue 17: children's homes' notifications to Ofsted, children missing education and legacy "absent"
        // episodes awaiting review, after CONTRACT.md's keys (answers may carry more fields).
        "ofsted",
        "children_missing_education",
        "legacy_absent_awaiting_review",
    ];
    contract.sort_unstable();
    assert_eq!(top, contract, "CONTRACT.md's keys and issue 17's, no more and no fewer");
}

#[test]
fn legacy_absent_incidents_awaiting_review_are_counted_in_their_period() {
    let person = PersonId::random();
    let awaiting = |went| StatsRow { legacy_absent_awaiting_review: true, ..row(person, went) };
    let period = Period::new(date!(2026 - 01 - 01), date!(2026 - 01 - 31)).expect("a valid period");
    let rows =
        [awaiting("2026-01-05T10:00:00Z"), awaiting("2026-02-05T10:00:00Z"), row(person, "2026-01-06T10:00:00Z")];
    let figures = key_figures(period, &rows);
    assert_eq!((figures.incidents, figures.legacy_absent_awaiting_review), (2, 1));
    assert!(figures.entries().iter().any(|f| f.key == "legacy_absent_awaiting_review" && f.value == 1));
}
