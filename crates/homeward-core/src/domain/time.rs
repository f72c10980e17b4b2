//! Points in time as Homeward keeps them: UTC, to the microsecond (the precision both stores hold exactly), written
//! as RFC 3339.

use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// An instant, always UTC and truncated to whole microseconds so that it survives every store unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    pub fn new(at: OffsetDateTime) -> Self {
        let utc = at.to_offset(UtcOffset::UTC);
        let micros = utc.nanosecond() / 1_000 * 1_000;
        Self(utc.replace_nanosecond(micros).expect("a truncated nanosecond is still in range"))
    }

    pub fn now() -> Self {
        Self::new(OffsetDateTime::now_utc())
    }

    /// Parses RFC 3339 text, which must carry its offset (`Z` or `+01:00`).
    pub fn parse_rfc3339(text: &str) -> Result<Self, InvalidTimestamp> {
        OffsetDateTime::parse(text.trim(), &Rfc3339).map(Self::new).map_err(|_| InvalidTimestamp)
    }

    pub fn from_unix_micros(micros: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000).ok().map(Self::new)
    }

    pub fn unix_micros(self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000) as i64
    }

    pub fn as_offset(self) -> OffsetDateTime {
        self.0
    }

    pub fn date(self) -> Date {
        self.0.date()
    }

    /// The fixed-width text form `YYYY-MM-DDTHH:MM:SS.ffffffZ`: it sorts as text in the same order as in time.
    pub fn to_rfc3339(self) -> String {
        let t = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.microsecond()
        )
    }

    #[must_use]
    pub fn plus(self, duration: Duration) -> Self {
        Self::new(self.0 + duration)
    }

    pub fn since(self, earlier: Timestamp) -> Duration {
        self.0 - earlier.0
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// UK civil time. British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October (the Summer Time Order 2002); outside it the UK keeps GMT. Figures "in Europe/London" and
/// every time shown to people use this.
pub fn london(at: Timestamp) -> OffsetDateTime {
    let utc = at.as_offset();
    let year = utc.year();
    let last_sunday = |month: time::Month| {
        let mut day = Date::from_calendar_date(year, month, 31).expect("March and October have 31 days");
        while day.weekday() != time::Weekday::Sunday {
            day = day.previous_day().expect("within the year");
        }
        day.with_hms(1, 0, 0).expect("01:00 is a time").assume_utc()
    };
    let summer = utc >= last_sunday(time::Month::March) && utc < last_sunday(time::Month::October);
    let offset = if summer { UtcOffset::from_hms(1, 0, 0).expect("one hour is an offset") } else { UtcOffset::UTC };
    utc.to_offset(offset)
}

/// The instant a UK wall-clock time names. In the hour the clocks go back, the earlier (summer) reading is taken;
/// a time in the hour skipped when they go forward does not exist and gives `None`.
pub fn from_london(date: Date, time: time::Time) -> Option<Timestamp> {
    let local = date.with_time(time);
    [UtcOffset::from_hms(1, 0, 0).expect("one hour is an offset"), UtcOffset::UTC]
        .into_iter()
        .map(|offset| Timestamp::new(local.assume_offset(offset)))
        .find(|candidate| london(*candidate).date() == date && london(*candidate).time() == time)
}

/// A time as GOV.UK style writes it, in UK time: `21 November 2026, 11:17pm`.
pub fn format_london(at: Timestamp) -> String {
    let t = london(at);
    let (hour, suffix) = match t.hour() {
        0 => (12, "am"),
        h @ 1..=11 => (h, "am"),
        12 => (12, "pm"),
        h => (h - 12, "pm"),
    };
    format!("{} {} {}, {hour}:{:02}{suffix}", t.day(), t.month(), t.year(), t.minute())
}

/// A date as GOV.UK style writes it: `4 March 2012`.
pub fn format_date_long(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// Text that is not an RFC 3339 timestamp with an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a date and time with its offset, like 2026-03-01T18:30:00Z")]
pub struct InvalidTimestamp;

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, InvalidDate> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).map_err(|_| InvalidDate)
}

/// Writes a calendar date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// Text that is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a real date written YYYY-MM-DD")]
pub struct InvalidDate;

/// Whole years between a date of birth and a day: a person's age on that day.
pub fn age_on(date_of_birth: Date, on: Date) -> i32 {
    let mut years = on.year() - date_of_birth.year();
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn timestamps_are_utc_microseconds_and_sort_as_text() {
        let t = Timestamp::new(datetime!(2026-03-01 18:30:00.123456789 +01:00));
        assert_eq!(t.to_rfc3339(), "2026-03-01T17:30:00.123456Z");
        assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Ok(t));
        assert_eq!(Timestamp::from_unix_micros(t.unix_micros()), Some(t));
    }

    #[test]
    fn timestamps_need_an_offset() {
        assert!(Timestamp::parse_rfc3339("2026-03-01T18:30:00").is_err());
        assert!(Timestamp::parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn age_counts_whole_years_and_turns_on_the_birthday() {
        assert_eq!(age_on(date!(2010 - 06 - 15), date!(2024 - 06 - 14)), 13);
        assert_eq!(age_on(date!(2010 - 06 - 15), date!(2024 - 06 - 15)), 14);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 02 - 28)), 17);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 03 - 01)), 18);
    }

    #[test]
    fn london_time_follows_british_summer_time() {
        let at = |text| Timestamp::parse_rfc3339(text).expect("valid");
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(format_london(at("2026-03-29T00:59:00Z")), "29 March 2026, 12:59am");
        assert_eq!(format_london(at("2026-03-29T01:00:00Z")), "29 March 2026, 2:00am");
        assert_eq!(format_london(at("2026-10-25T00:59:00Z")), "25 October 2026, 1:59am");
        assert_eq!(format_london(at("2026-10-25T01:00:00Z")), "25 October 2026, 1:00am");
        assert_eq!(format_london(at("2026-11-21T23:17:00Z")), "21 November 2026, 11:17pm");
        assert_eq!(format_london(at("2026-07-01T11:30:00Z")), "1 July 2026, 12:30pm");
        assert_eq!(format_date_long(date!(2012 - 03 - 04)), "4 March 2012");
    }

    #[test]
    fn uk_wall_clock_times_become_instants() {
        use time::macros::time;
        let at = |text| Timestamp::parse_rfc3339(text).ok();
        assert_eq!(from_london(date!(2026 - 07 - 01), time!(12:30)), at("2026-07-01T11:30:00Z"));
        assert_eq!(from_london(date!(2026 - 12 - 01), time!(12:30)), at("2026-12-01T12:30:00Z"));
        assert_eq!(from_london(date!(2026 - 03 - 29), time!(1:30)), None, "skipped when the clocks go forward");
        assert_eq!(from_london(date!(2026 - 10 - 25), time!(1:30)), at("2026-10-25T00:30:00Z"), "the summer reading");
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2010-06-15"), Ok(date!(2010 - 06 - 15)));
        assert!(parse_date("15/06/2010").is_err());
        assert!(parse_date("2010-02-30").is_err());
    }
}
