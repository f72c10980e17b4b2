//! When people go missing and for how long: start times spread over the year with more in the evening and at night,
//! durations from DOMAIN.md, a report soon after, and how each episode ends. Times are whole microseconds since
//! the Unix epoch until the record is built, so the arithmetic is exact.

use homeward_core::domain::episode::{LaCategory, ReturnOutcome};
use homeward_core::domain::time::Timestamp;

use crate::calibration as cal;
use crate::dice::{Dice, between, between_i64, chance, draw, pick_share};

pub const SECOND: i64 = 1_000_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

/// The generated year: the 365 days that end at the demo's `as_of`.
#[derive(Debug, Clone, Copy)]
pub struct Year {
    pub start: i64,
    pub end: i64,
}

impl Year {
    pub fn ending(as_of: Timestamp) -> Self {
        let end = as_of.unix_micros();
        Self { start: end - 365 * DAY, end }
    }
}

/// A time as Homeward keeps it.
pub fn at(micros: i64) -> Timestamp {
    Timestamp::from_unix_micros(micros).expect("generated times lie within a year of the demo's date")
}

/// One instant in the year, whole seconds, weighted by hour of day: draw uniformly, keep it with the chance of
/// its hour (rejection sampling, about two draws each).
fn instant(dice: &mut Dice, year: Year) -> i64 {
    let heaviest = *cal::HOUR_WEIGHTS.iter().max().expect("there are 24 hours");
    // Leave the last minute of the year free so a report can follow.
    let last = (year.end - year.start - MINUTE) / SECOND;
    loop {
        let at = year.start + between_i64(dice, 0, last) * SECOND;
        let hour = at.rem_euclid(DAY) / HOUR;
        if between(dice, 0, heaviest - 1) < cal::HOUR_WEIGHTS[hour as usize] {
            return at;
        }
    }
}

/// When a person's `count` episodes start, in order, at least the minimum gap apart (each must end before the
/// next). A start pushed past the year's end by the gap is dropped, which happens only for people with dozens of
/// episodes.
pub fn start_times(dice: &mut Dice, count: u32, year: Year) -> Vec<i64> {
    let mut starts: Vec<i64> = (0..count).map(|_| instant(dice, year)).collect();
    starts.sort_unstable();
    let gap = i64::from(cal::MIN_MINUTES_BETWEEN_EPISODES) * MINUTE;
    for i in 1..starts.len() {
        starts[i] = starts[i].max(starts[i - 1] + gap);
    }
    starts.retain(|&start| start < year.end - MINUTE);
    starts
}

/// The timeline of one episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub went_missing: i64,
    pub reported: i64,
    /// `None` while still missing at the year's end.
    pub returned: Option<i64>,
}

impl Timing {
    /// The end of the episode, or the year's end while still missing: the last moment anything about it happened.
    pub fn end(&self, year: Year) -> i64 {
        self.returned.unwrap_or(year.end)
    }
}

/// How long an episode starting at `start` lasts; it ends before the person's next one starts (`next`), and one
/// that would end after the year's end is still missing.
pub fn timing(dice: &mut Dice, child: bool, start: i64, next: Option<i64>, year: Year) -> Timing {
    let table = if child { cal::CHILD_DURATION_MINUTES } else { cal::ADULT_DURATION_MINUTES };
    let mut end = start + i64::from(draw(dice, table)) * MINUTE + between_i64(dice, 0, 59) * SECOND;
    if let Some(next) = next {
        // The gap between starts is hours, so ten minutes before the next start is still after this one's.
        end = end.min(next - 10 * MINUTE);
    }
    let delay = i64::from(draw(dice, cal::REPORT_DELAY_MINUTES)) * MINUTE;
    let reported = (start + delay.min((end - start) / 3)).min(year.end);
    Timing { went_missing: start, reported, returned: (end <= year.end).then_some(end) }
}

/// How a returned episode ended. Only a person's `last` episode can end in their being found dead: one drawn for an
/// earlier episode is taken as found by the police instead (the same draws either way, so the rest of the data set
/// does not move), as the import's integrity rules refuse an episode after a death.
pub fn outcome(dice: &mut Dice, child: bool, last: bool) -> ReturnOutcome {
    use ReturnOutcome::{FoundByOther, FoundByPolice, FoundDead, ReturnedSelf};
    if child {
        [ReturnedSelf, FoundByPolice, FoundByOther][pick_share(dice, &cal::CHILD_OUTCOMES)]
    } else {
        match [ReturnedSelf, FoundByPolice, FoundByOther, FoundDead][pick_share(dice, &cal::ADULT_OUTCOMES)] {
            FoundDead if !last => FoundByPolice,
            outcome => outcome,
        }
    }
}

/// The council's classification of a looked-after child's episode.
pub fn la_category(dice: &mut Dice) -> LaCategory {
    if chance(dice, cal::AWAY_FROM_PLACEMENT) { LaCategory::Away } else { LaCategory::Missing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::dice;

    fn year() -> Year {
        Year::ending(Timestamp::parse_rfc3339("2026-03-31T23:00:00Z").expect("valid"))
    }

    #[test]
    fn starts_are_in_the_year_in_order_and_spaced() {
        let mut d = dice(2, 2);
        let year = year();
        for _ in 0..200 {
            let starts = start_times(&mut d, 45, year);
            assert!(starts.len() >= 40);
            assert!(starts.iter().all(|&s| s >= year.start && s < year.end));
            assert!(starts.windows(2).all(|w| w[1] - w[0] >= 6 * HOUR));
        }
    }

    #[test]
    fn evenings_are_busier_than_mornings() {
        let mut d = dice(2, 3);
        let year = year();
        let mut hours = [0u32; 24];
        for _ in 0..20_000 {
            hours[(instant(&mut d, year).rem_euclid(DAY) / HOUR) as usize] += 1;
        }
        assert!(hours[20] > hours[6] * 3, "{hours:?}");
    }

    #[test]
    fn reports_come_before_returns_and_returns_before_the_next_start() {
        let mut d = dice(2, 4);
        let year = year();
        for _ in 0..10_000 {
            let start = year.start + between_i64(&mut d, 0, 364) * DAY;
            let next = start + 7 * HOUR;
            let timing = timing(&mut d, true, start, Some(next), year);
            let returned = timing.returned.expect("ends before the next start");
            assert!(start <= timing.reported && timing.reported < returned && returned < next);
        }
    }
}
