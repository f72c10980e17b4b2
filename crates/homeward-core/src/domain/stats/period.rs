//! The period figures cover: whole Europe/London calendar days, both ends included.

use time::{Date, Month, Time};

use crate::domain::time::{Timestamp, from_london, london};
use crate::error::FieldErrors;

/// From one London date to another, both included; never backwards and never longer than ten years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: Date,
    to: Date,
}

/// The same day `years` later; 29 February becomes 1 March in a year without one. `None` past the calendar's end.
fn years_after(date: Date, years: i32) -> Option<Date> {
    let year = date.year().checked_add(years)?;
    Date::from_calendar_date(year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
        .ok()
}

/// The first day of the month `date` falls in.
fn month_start(date: Date) -> Date {
    date.replace_day(1).expect("every month has a first day")
}

impl Period {
    pub const MAX_YEARS: i32 = 10;

    /// A period from `from` to `to`. Errors name the field `to`: it is the end that is out of place.
    pub fn new(from: Date, to: Date) -> Result<Self, FieldErrors> {
        if from > to {
            return Err(FieldErrors::one("to", "must be the same as or after the start date"));
        }
        if years_after(from, Self::MAX_YEARS).is_some_and(|limit| to >= limit) {
            return Err(FieldErrors::one("to", "must be less than 10 years after the start date"));
        }
        if to.next_day().is_none() {
            return Err(FieldErrors::one("to", "must be a date before the year 9999 ends"));
        }
        Ok(Self { from, to })
    }

    /// The last `months` whole calendar months before the month `today` falls in.
    pub fn last_complete_months(today: Date, months: u8) -> Self {
        let to = month_start(today).previous_day().expect("not the first day of the calendar");
        let mut from = month_start(to);
        for _ in 1..months {
            from = month_start(from.previous_day().expect("not the first day of the calendar"));
        }
        Self { from, to }
    }

    pub fn from(self) -> Date {
        self.from
    }

    pub fn to(self) -> Date {
        self.to
    }

    /// The period as instants: from London midnight starting `from` up to, not including, London midnight ending
    /// `to`. A day is 23 or 25 hours long when the clocks change, and this follows it.
    pub fn instants(self) -> (Timestamp, Timestamp) {
        let midnight = |date| from_london(date, Time::MIDNIGHT).expect("UK clocks change at 1am, so midnight exists");
        (midnight(self.from), midnight(self.to.next_day().expect("checked when the period was made")))
    }

    /// Whether an instant falls on a London date in the period.
    pub fn contains(self, at: Timestamp) -> bool {
        self.contains_date(london(at).date())
    }

    pub fn contains_date(self, date: Date) -> bool {
        (self.from..=self.to).contains(&date)
    }

    /// The first day of every calendar month the period touches, in order.
    pub fn months(self) -> Vec<Date> {
        let mut months = Vec::new();
        let mut month = Some(month_start(self.from));
        while let Some(start) = month.filter(|start| *start <= self.to) {
            months.push(start);
            // The 28th and four days more is always in the following month.
            month = start.replace_day(28).ok().and_then(|d| d.checked_add(time::Duration::days(4))).map(month_start);
        }
        months
    }
}
