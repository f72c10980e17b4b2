//! Return home interviews: one for every child's return, due 72 hours after it (core's deadline rule), standing
//! where the DOMAIN.md figures put them; and an optional return conversation for a few adults. Nothing happens
//! after the demo's date: an interview whose offer or completion would fall later is still waiting for it.

use homeward_core::domain::ids::{EpisodeId, ReturnInterviewId, UserId};
use homeward_core::domain::return_interview::{InterviewStatus, ReturnInterview};
use homeward_core::rules::deadlines::{RETURN_INTERVIEW_WINDOW, return_interview_due};

use crate::calibration as cal;
use crate::dice::{Dice, between, between_i64, bytes, chance, pick_maybe, pick_share};
use crate::episodes::{DAY, HOUR, Year, at};

/// Days after which an interview still not offered has been closed as not possible.
const STALE_AFTER_DAYS: i64 = 28;

fn window() -> i64 {
    RETURN_INTERVIEW_WINDOW.whole_microseconds() as i64
}

/// The interview after a child's return at `returned`, with a practitioner from those of the child's council's
/// provider.
pub fn for_child(
    dice: &mut Dice,
    episode_id: EpisodeId,
    returned: i64,
    year: Year,
    practitioners: &[UserId],
) -> ReturnInterview {
    use InterviewStatus::{Assigned, Completed, Declined, Due, NotPossible, Offered};
    let mut status =
        [Completed, Declined, Offered, NotPossible, Assigned, Due][pick_share(dice, &cal::INTERVIEW_STATUSES)];
    let (mut offered, mut completed) = (None, None);
    match status {
        Completed => {
            let after = if chance(dice, cal::COMPLETED_WITHIN_72H) {
                between_i64(dice, 4 * HOUR, window())
            } else {
                between_i64(dice, window() + 1, i64::from(cal::LATEST_COMPLETION_HOURS) * HOUR)
            };
            // Offered somewhere between the return and the interview itself.
            let offered_after = after * i64::from(between(dice, 20, 90)) / 100;
            offered = Some(returned + offered_after);
            completed = Some(returned + after);
        }
        Declined | Offered => offered = Some(returned + between_i64(dice, 2 * HOUR, 5 * DAY)),
        NotPossible | Assigned | Due => {}
    }
    // What has not happened by the demo's date is still to come.
    if completed.is_some_and(|c| c > year.end) {
        completed = None;
        status = Offered;
    }
    if offered.is_some_and(|o| o > year.end) {
        offered = None;
        status = Assigned;
    }
    // An interview never offered is closed as not possible after four weeks, as councils close their backlogs;
    // the recent ones are still waiting, and the overdue among them alert.
    if matches!(status, Assigned | Due) && year.end - returned > STALE_AFTER_DAYS * DAY {
        status = NotPossible;
    }
    // A return in the last day has not been assigned yet.
    if status == Assigned && year.end - returned < DAY {
        status = Due;
    }
    // Every provider of the generated world has a practitioner; were there none, the interview would wait.
    let practitioner_id = if status == Due { None } else { pick_maybe(dice, practitioners) };
    if practitioner_id.is_none() && status == Assigned {
        status = Due;
    }
    let returned_at = at(returned);
    ReturnInterview {
        id: ReturnInterviewId::from_random_bytes(bytes(dice)),
        episode_id,
        statutory: true,
        due_at: return_interview_due(returned_at),
        status,
        practitioner_id,
        offered_at: offered.map(at),
        completed_at: completed.map(at),
        created_at: returned_at,
        covered_by: None,
        record: None,
        offered_by_agency_id: None,
    }
}

/// An adult's optional return conversation, for a few adults where a practitioner is available.
pub fn for_adult(
    dice: &mut Dice,
    episode_id: EpisodeId,
    returned: i64,
    year: Year,
    practitioners: &[UserId],
) -> Option<ReturnInterview> {
    if !chance(dice, cal::ADULT_RETURN_CONVERSATION) {
        return None;
    }
    let practitioner_id = pick_maybe(dice, practitioners)?;
    let offered = returned + between_i64(dice, 2 * HOUR, 2 * DAY);
    let done = offered + between_i64(dice, HOUR, 5 * DAY);
    if done > year.end {
        return None;
    }
    let completed = chance(dice, 700);
    let returned_at = at(returned);
    Some(ReturnInterview {
        id: ReturnInterviewId::from_random_bytes(bytes(dice)),
        episode_id,
        statutory: false,
        due_at: return_interview_due(returned_at),
        status: if completed { InterviewStatus::Completed } else { InterviewStatus::Declined },
        practitioner_id: Some(practitioner_id),
        offered_at: Some(at(offered)),
        completed_at: completed.then(|| at(done)),
        created_at: returned_at,
        covered_by: None,
        record: None,
        offered_by_agency_id: None,
    })
}
