//! How long Homeward keeps each kind of record (UK GDPR article 5(1)(e): kept no longer than necessary), as local
//! policy with defaults that follow the law and the guidance councils and forces work to. A person's case records
//! fall due together, on the latest of the dates their kind gives, and never while an episode of theirs is open.
//! docs/RETENTION.md gives the defaults' sources.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// The care record of a child who was looked after is kept until their 75th birthday (Care Planning, Placement and
/// Case Review (England) Regulations 2010, reg. 50); a schedule may keep it longer, never shorter.
pub const LOOKED_AFTER_STATUTORY_AGE: u8 = 75;

/// The retention schedule in force: a deployment's local policy (the binary reads it from a TOML file; keys left
/// out keep their defaults, unknown keys are refused), checked with [`RetentionSchedule::checked`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionSchedule {
    /// Someone looked after as a child: kept until this birthday.
    pub looked_after_until_age: u8,
    /// Someone who went missing as a child: kept until this birthday.
    pub child_until_age: u8,
    /// Everyone: kept this many years after the last thing recorded about them (an episode's last change, a
    /// profile or a placement), whatever their age.
    pub years_after_last_record: u8,
    /// Signed-in sessions: removed this many days after they were last used.
    pub ended_sessions_days: u16,
    /// Notifications delivered or given up on: removed this many days after they were created.
    pub sent_notifications_days: u16,
}

impl Default for RetentionSchedule {
    fn default() -> Self {
        Self {
            looked_after_until_age: LOOKED_AFTER_STATUTORY_AGE,
            child_until_age: 25,
            years_after_last_record: 6,
            ended_sessions_days: 30,
            sent_notifications_days: 365,
        }
    }
}

/// A schedule that would keep records for less than the law requires, or keep nothing at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidSchedule(pub String);

impl RetentionSchedule {
    /// The schedule, if it keeps every kind of record at least as long as the law requires and for some time.
    pub fn checked(self) -> Result<Self, InvalidSchedule> {
        if self.looked_after_until_age < LOOKED_AFTER_STATUTORY_AGE {
            return Err(InvalidSchedule(format!(
                "looked_after_until_age must be at least {LOOKED_AFTER_STATUTORY_AGE}: a looked-after child's case \
                 record is kept until their 75th birthday (Care Planning, Placement and Case Review (England) \
                 Regulations 2010, regulation 50)"
            )));
        }
        if self.child_until_age < 18 {
            return Err(InvalidSchedule("child_until_age must be at least 18".into()));
        }
        if self.years_after_last_record == 0 || self.ended_sessions_days == 0 || self.sent_notifications_days == 0 {
            return Err(InvalidSchedule(
                "years_after_last_record, ended_sessions_days and sent_notifications_days must each be at least 1"
                    .into(),
            ));
        }
        Ok(self)
    }
}

/// Which rule of the schedule decided when a person's records fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonRule {
    LookedAfterChild,
    Child,
    LastRecord,
}

impl PersonRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LookedAfterChild => "looked_after_child",
            Self::Child => "child",
            Self::LastRecord => "after_last_record",
        }
    }
}

/// What the store knows about one person that decides how long their records are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonFacts {
    pub date_of_birth: Date,
    /// Looked after now or at any time a placement or SSDA903 return recorded.
    pub ever_looked_after: bool,
    /// The date the first of their episodes began, if they have any.
    pub first_missing_on: Option<Date>,
    /// The date of the last thing recorded about them.
    pub last_record_on: Date,
    /// An episode of theirs is still open: nothing is due while they are missing.
    pub open_episode: bool,
}

/// The day a person's records fall due and the rule that set it, or `None` while an episode is open.
pub fn person_due(facts: &PersonFacts, schedule: &RetentionSchedule) -> Option<(Date, PersonRule)> {
    if facts.open_episode {
        return None;
    }
    let mut due = (years_after(facts.last_record_on, schedule.years_after_last_record), PersonRule::LastRecord);
    let was_a_child =
        facts.first_missing_on.is_some_and(|on| on < years_after(facts.date_of_birth, 18)) || facts.ever_looked_after;
    if was_a_child {
        let birthday = years_after(facts.date_of_birth, schedule.child_until_age);
        if birthday > due.0 {
            due = (birthday, PersonRule::Child);
        }
    }
    if facts.ever_looked_after {
        let birthday = years_after(facts.date_of_birth, schedule.looked_after_until_age);
        if birthday > due.0 {
            due = (birthday, PersonRule::LookedAfterChild);
        }
    }
    Some(due)
}

/// Whether a person's records are due to be erased on `today`.
pub fn person_is_due(facts: &PersonFacts, schedule: &RetentionSchedule, today: Date) -> Option<PersonRule> {
    person_due(facts, schedule).and_then(|(on, rule)| (on <= today).then_some(rule))
}

/// The same month and day `years` later; 29 February becomes 28 February in a common year.
fn years_after(date: Date, years: u8) -> Date {
    let year = date.year() + i32::from(years);
    let day = date.day().min(date.month().length(year));
    Date::from_calendar_date(year, date.month(), day).unwrap_or(Date::MAX)
}

/// The date of birth an erased record keeps: a day of its birth year chosen from the episodes alone, so that every
/// episode counts as a child's or an adult's exactly as it did (the figures of the years they fall in do not move)
/// while the day of birth itself is no longer held. `went_missing_on` are the episodes' UK calendar dates.
///
/// The age rule compares the day of going missing, 18 years earlier, with the date of birth (as the stores' own
/// `child_at` does, 29 February included); the kept date is the first day after the latest such day that fell in
/// the birth year and counted as a child's, or 1 January when there is none.
pub fn kept_birth_date(born: Date, went_missing_on: &[Date]) -> Date {
    let year = born.year();
    let latest_child_day = went_missing_on
        .iter()
        .map(|on| (on.year() - 18, u8::from(on.month()), on.day()))
        .filter(|&(y, month, day)| y == year && (y, month, day) < (year, u8::from(born.month()), born.day()))
        .max();
    let first_of_year = Date::from_calendar_date(year, time::Month::January, 1).unwrap_or(born);
    let Some((_, month, day)) = latest_child_day else { return first_of_year };
    let month = time::Month::try_from(month).unwrap_or(time::Month::January);
    // The next day that exists: after a 29 February of a common year, 1 March.
    Date::from_calendar_date(year, month, day)
        .ok()
        .and_then(Date::next_day)
        .or_else(|| Date::from_calendar_date(year, month.next(), 1).ok())
        .filter(|kept| *kept <= born)
        .unwrap_or(born)
}

/// The day before which a helpline contact that never joined anyone's record loses what it held about the caller:
/// the same years as a person's last record (`years_after_last_record`), counted from the contact. Such a contact
/// has no person for the person rules to reach, and would otherwise keep a name and a child's account for ever.
pub fn unlinked_contacts_cut_off(today: Date, schedule: &RetentionSchedule) -> Date {
    let year = today.year() - i32::from(schedule.years_after_last_record);
    let day = today.day().min(today.month().length(year));
    Date::from_calendar_date(year, today.month(), day).unwrap_or(Date::MIN)
}

/// The moment before which sessions last used, or notifications created, are removed.
pub fn cut_off(today: Date, days: u16) -> Date {
    today.checked_sub(Duration::days(i64::from(days))).unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn an_unlinked_contact_is_kept_the_years_a_last_record_is() {
        let schedule = RetentionSchedule::default();
        assert_eq!(unlinked_contacts_cut_off(date!(2032 - 06 - 15), &schedule), date!(2026 - 06 - 15));
        assert_eq!(unlinked_contacts_cut_off(date!(2030 - 02 - 28), &schedule), date!(2024 - 02 - 28));
        assert_eq!(unlinked_contacts_cut_off(date!(2032 - 02 - 29), &schedule), date!(2026 - 02 - 28), "no 29th");
    }

    fn facts(dob: Date, first: Option<Date>, last: Date) -> PersonFacts {
        PersonFacts {
            date_of_birth: dob,
            ever_looked_after: false,
            first_missing_on: first,
            last_record_on: last,
            open_episode: false,
        }
    }

    #[test]
    fn an_adult_is_kept_six_years_after_the_last_record() {
        let adult = facts(date!(1970 - 05 - 01), Some(date!(2010 - 01 - 01)), date!(2010 - 02 - 01));
        let schedule = RetentionSchedule::default();
        assert_eq!(person_due(&adult, &schedule), Some((date!(2016 - 02 - 01), PersonRule::LastRecord)));
        assert_eq!(person_is_due(&adult, &schedule, date!(2016 - 01 - 31)), None);
        assert_eq!(person_is_due(&adult, &schedule, date!(2016 - 02 - 01)), Some(PersonRule::LastRecord));
    }

    #[test]
    fn a_child_is_kept_until_their_25th_birthday_or_six_years_whichever_is_later() {
        let schedule = RetentionSchedule::default();
        let young = facts(date!(2000 - 03 - 10), Some(date!(2012 - 06 - 01)), date!(2012 - 07 - 01));
        assert_eq!(person_due(&young, &schedule), Some((date!(2025 - 03 - 10), PersonRule::Child)));
        let at_seventeen = facts(date!(2000 - 03 - 10), Some(date!(2017 - 06 - 01)), date!(2020 - 07 - 01));
        assert_eq!(person_due(&at_seventeen, &schedule), Some((date!(2026 - 07 - 01), PersonRule::LastRecord)));
    }

    #[test]
    fn a_looked_after_child_is_kept_until_their_75th_birthday() {
        let mut child = facts(date!(2008 - 02 - 29), Some(date!(2020 - 01 - 01)), date!(2020 - 01 - 02));
        child.ever_looked_after = true;
        let schedule = RetentionSchedule::default();
        assert_eq!(person_due(&child, &schedule), Some((date!(2083 - 02 - 28), PersonRule::LookedAfterChild)));
    }

    #[test]
    fn nothing_is_due_while_an_episode_is_open() {
        let mut missing = facts(date!(1950 - 01 - 01), Some(date!(1990 - 01 - 01)), date!(1990 - 01 - 01));
        missing.open_episode = true;
        assert_eq!(person_is_due(&missing, &RetentionSchedule::default(), date!(2100 - 01 - 01)), None);
    }

    #[test]
    fn a_schedule_shorter_than_the_law_is_refused() {
        let short = RetentionSchedule { looked_after_until_age: 25, ..RetentionSchedule::default() };
        assert!(short.checked().expect_err("below the law").0.contains("75th birthday"));
        let none = RetentionSchedule { years_after_last_record: 0, ..RetentionSchedule::default() };
        assert!(none.checked().is_err());
        assert!(RetentionSchedule::default().checked().is_ok());
    }

    #[test]
    fn the_kept_birth_date_keeps_every_episode_a_child_s_or_an_adult_s() {
        let born = date!(2000 - 08 - 20);
        assert_eq!(kept_birth_date(born, &[]), date!(2000 - 01 - 01));
        // Missing at 17 in the year of their 18th birthday, and again after it.
        let episodes = [date!(2018 - 03 - 02), date!(2018 - 08 - 19), date!(2018 - 08 - 20), date!(2019 - 01 - 01)];
        let child = |dob: Date, on: Date| {
            (on.year() - 18, u8::from(on.month()), on.day()) < (dob.year(), u8::from(dob.month()), dob.day())
        };
        for missing in [&episodes[..], &episodes[..1], &episodes[3..]] {
            let kept = kept_birth_date(born, missing);
            for &on in missing {
                assert_eq!(child(kept, on), child(born, on), "{on} among {missing:?}");
            }
        }
        assert_eq!(kept_birth_date(born, &episodes), born, "bounded by the last child's episode, 18 years back");
        assert_eq!(kept_birth_date(born, &episodes[..1]), date!(2000 - 03 - 03));
        assert_eq!(kept_birth_date(born, &episodes[3..]), date!(2000 - 01 - 01));
    }

    #[test]
    fn cut_offs_count_back_whole_days() {
        assert_eq!(cut_off(date!(2026 - 03 - 01), 30), date!(2026 - 01 - 30));
    }
}
