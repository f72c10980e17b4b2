//! The returns councils owe (docs/RETURNS.md): whose episodes a council returns, and each file's columns and
//! cells. Counts come from the key figures (`domain::stats`), and "offered" and "accepted" from the interview's
//! own answer ([`InterviewTimes::offered`], [`InterviewTimes::accepted`]), so every figure is defined once.

use std::collections::BTreeMap;

use crate::domain::episode::LaCategory;
use crate::domain::ids::AgencyId;
use crate::domain::person::Sex;
use crate::domain::returns::ReturnRow;
use crate::domain::ssda903::format_dfe_date;
use crate::domain::stats::{InterviewTimes, KeyFigures};
use crate::domain::time::{age_on, format_date, london};

/// Ofsted's Annex A missing list, one row per episode, headed as Annex A's lists head the same items.
pub const ANNEX_A_COLUMNS: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Date of Birth",
    "Age of Child (Years)",
    "Looked After (Y/N)",
    "Episode Type (Missing/Away)",
    "Missing Episode Start Date",
    "Missing Episode End Date",
    "Was the child offered a Return Interview (Y/N)",
    "Did the child accept a Return Interview (Y/N)",
];

/// The Standard Safeguarding Dataset's `ssd_missing` table, its columns as the data model names them (items
/// MISS001A to MISS007A).
pub const SSD_COLUMNS: &[&str] = &[
    "miss_table_id",
    "miss_person_id",
    "miss_missing_episode_start_date",
    "miss_missing_episode_type",
    "miss_missing_episode_end_date",
    "miss_missing_rhi_offered",
    "miss_missing_rhi_accepted",
];

/// The return interview figures: one row per figure, and per provider.
pub const RHI_FIGURES_COLUMNS: &[&str] = &["figure", "description", "value"];

/// Whether a council returns the episode: a child's (under 18 on the London date they went missing) for whom it
/// is responsible, or, when no council is, who went missing from its area (the council answerable for the return
/// interview). A child placed in its area by another council is that council's to return.
pub fn owed_by(row: &ReturnRow, council: AgencyId) -> bool {
    let child = age_on(row.stats.date_of_birth, london(row.stats.went_missing_at).date()) < 18;
    child
        && match row.responsible_la_id {
            Some(responsible) => responsible == council,
            None => row.area_la_id == Some(council),
        }
}

/// Whether an interview was offered: `Y`, `N` (there is one, not offered), or `NA` when there is none (still
/// missing, or found dead).
pub fn offered(interview: Option<&InterviewTimes>) -> &'static str {
    match interview {
        None => "NA",
        Some(interview) if interview.offered() => "Y",
        Some(_) => "N",
    }
}

/// Whether the child accepted it: `Y` (held), `N` (declined), `NA` when none was offered, blank while the answer
/// is not yet known.
pub fn accepted(interview: Option<&InterviewTimes>) -> &'static str {
    match interview {
        Some(interview) if interview.offered() => match interview.accepted() {
            Some(true) => "Y",
            Some(false) => "N",
            None => "",
        },
        _ => "NA",
    }
}

/// `Missing` or `Away` (away from placement without authorisation); an episode the council has not classed is
/// missing, as every episode is until someone knows where the child is.
fn episode_type(row: &ReturnRow) -> &'static str {
    if row.la_category == Some(LaCategory::Away) { "Away" } else { "Missing" }
}

/// The child's id as the council knows them: its own reference when it sent one, Homeward's otherwise (the same
/// for every record of one person joined by confirmed links).
fn child_id(row: &ReturnRow) -> String {
    row.council_ref.clone().unwrap_or_else(|| row.stats.person_id.to_string())
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "Y" } else { "N" }
}

/// Annex A's yes or no: its lists have no "not applicable", so that is left blank.
fn annex_flag(flag: &'static str) -> String {
    if flag == "NA" { String::new() } else { flag.to_owned() }
}

/// One Annex A row. Dates are London dates written DD/MM/YYYY, as Annex A's lists write them; the age is the
/// child's on the day they went missing.
pub fn annex_a_row(row: &ReturnRow) -> Vec<String> {
    let started = london(row.stats.went_missing_at).date();
    let gender = match row.sex {
        Sex::Male => "a) Male",
        Sex::Female => "b) Female",
        Sex::Unknown => "c) Not stated/recorded",
    };
    let interview = row.stats.interview.as_ref();
    vec![
        child_id(row),
        gender.to_owned(),
        format_dfe_date(row.stats.date_of_birth),
        age_on(row.stats.date_of_birth, started).to_string(),
        yes_no(row.stats.looked_after).to_owned(),
        episode_type(row).to_owned(),
        format_dfe_date(started),
        row.stats.returned_at.map(|at| format_dfe_date(london(at).date())).unwrap_or_default(),
        annex_flag(offered(interview)),
        annex_flag(accepted(interview)),
    ]
}

/// One `ssd_missing` row: the episode's id, the child's, London dates written YYYY-MM-DD (the end blank while
/// missing), the type, and the interview's `Y`, `N` or `NA`.
pub fn ssd_row(row: &ReturnRow) -> Vec<String> {
    let interview = row.stats.interview.as_ref();
    vec![
        row.episode_id.to_string(),
        child_id(row),
        format_date(london(row.stats.went_missing_at).date()),
        episode_type(row).to_owned(),
        row.stats.returned_at.map(|at| format_date(london(at).date())).unwrap_or_default(),
        offered(interview).to_owned(),
        accepted(interview).to_owned(),
    ]
}

/// What one provider did of the period's interviews: those its practitioners hold, and completed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProviderCount {
    pub held: u64,
    pub completed: u64,
}

/// The period's statutory interviews of the rows by the provider whose practitioner holds each (`None`: not yet
/// assigned to anyone).
pub fn interviews_by_provider(rows: &[ReturnRow]) -> BTreeMap<Option<AgencyId>, ProviderCount> {
    let mut providers: BTreeMap<Option<AgencyId>, ProviderCount> = BTreeMap::new();
    for row in rows {
        let Some(interview) = row.stats.interview else { continue };
        let count = providers.entry(row.interview_provider_id).or_default();
        count.held += 1;
        count.completed += u64::from(interview.accepted() == Some(true));
    }
    providers
}

/// The return interview figures the DfE asked of every council in 2024, from the key figures of the council's
/// children's episodes, then one pair of rows per provider (by name, in the order given).
pub fn rhi_figures_rows(
    figures: &KeyFigures,
    providers: &[(String, ProviderCount)],
    unassigned: ProviderCount,
) -> Vec<Vec<String>> {
    let figure =
        |key: &str, description: &str, value: u64| vec![key.to_owned(), description.to_owned(), value.to_string()];
    let rhi = &figures.rhi;
    let mut rows = vec![
        figure("children", "Individual children who went missing", figures.child_individuals),
        figure("incidents", "Missing incidents of those children", figures.child_incidents),
        figure("looked_after_children", "Looked-after children who went missing", figures.looked_after_individuals),
        figure("looked_after_incidents", "Missing incidents of looked-after children", figures.looked_after_incidents),
        figure("interviews_due", "Returns due a return interview", rhi.due),
        figure("interviews_offered", "Return interviews offered", rhi.offered),
        figure("interviews_offered_within_72h", "Offered within 72 hours of the return", rhi.offered_within_72h),
        figure("interviews_completed", "Return interviews completed", rhi.completed),
        figure("interviews_completed_within_72h", "Completed within 72 hours of the return", rhi.completed_within_72h),
        figure("interviews_declined", "Return interviews declined", rhi.declined),
        figure("interviews_not_possible", "Return interviews not possible", rhi.not_possible),
    ];
    for (name, count) in providers {
        rows.push(figure("provider_interviews", name, count.held));
        rows.push(figure("provider_completed", name, count.completed));
    }
    rows.push(figure("unassigned_interviews", "Interviews not yet assigned to a provider", unassigned.held));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::episode::MissingFrom;
    use crate::domain::ids::{EpisodeId, PersonId};
    use crate::domain::return_interview::InterviewStatus;
    use crate::domain::stats::StatsRow;
    use crate::domain::time::Timestamp;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid")
    }

    fn row(dob: &str, interview: Option<InterviewTimes>) -> ReturnRow {
        ReturnRow {
            stats: StatsRow {
                person_id: PersonId::random(),
                date_of_birth: crate::domain::time::parse_date(dob).expect("valid"),
                looked_after: true,
                went_missing_at: at("2025-06-30T23:30:00Z"),
                returned_at: Some(at("2025-07-02T10:00:00Z")),
                return_outcome: None,
                joint_grade: None,
                cse_concern: false,
                cce_concern: false,
                interview,
                ofsted: crate::domain::stats::OfstedCounts::default(),
                legacy_absent_awaiting_review: false,
            },
            episode_id: EpisodeId::random(),
            council_ref: Some("C1001".to_owned()),
            sex: Sex::Female,
            responsible_la_id: None,
            area_la_id: None,
            la_category: Some(LaCategory::Away),
            missing_from: MissingFrom::FosterCare,
            found_postcode: None,
            interview_provider_id: None,
        }
    }

    fn interview(status: InterviewStatus, offered: bool) -> InterviewTimes {
        InterviewTimes { status, offered_at: offered.then(|| at("2025-07-03T10:00:00Z")), completed_at: None }
    }

    #[test]
    fn offered_and_accepted_read_the_interview_once() {
        assert_eq!((offered(None), accepted(None)), ("NA", "NA"));
        let due = interview(InterviewStatus::Due, false);
        assert_eq!((offered(Some(&due)), accepted(Some(&due))), ("N", "NA"));
        let waiting = interview(InterviewStatus::Offered, true);
        assert_eq!((offered(Some(&waiting)), accepted(Some(&waiting))), ("Y", ""));
        let held = interview(InterviewStatus::Completed, true);
        assert_eq!(accepted(Some(&held)), "Y");
        let declined = interview(InterviewStatus::Declined, true);
        assert_eq!(accepted(Some(&declined)), "N");
    }

    #[test]
    fn rows_use_london_dates_and_each_files_own_wording() {
        let declined = row("2010-07-01", Some(interview(InterviewStatus::Declined, true)));
        // 23:30 UTC on 30 June is 00:30 on 1 July in London: the child turned 15 that day.
        assert_eq!(
            annex_a_row(&declined),
            ["C1001", "b) Female", "01/07/2010", "15", "Y", "Away", "01/07/2025", "02/07/2025", "Y", "N"]
        );
        let ssd = ssd_row(&row("2010-07-01", None));
        assert_eq!(ssd[1..], ["C1001", "2025-07-01", "Away", "2025-07-02", "NA", "NA"]);
        assert_eq!(annex_a_row(&row("2010-07-01", None))[8..], ["", ""]);
    }

    #[test]
    fn a_council_returns_its_own_children_only() {
        let (council, other) = (AgencyId::random(), AgencyId::random());
        let mut child = row("2010-07-01", None);
        child.area_la_id = Some(council);
        assert!(owed_by(&child, council));
        child.responsible_la_id = Some(other);
        assert!(!owed_by(&child, council), "placed in its area by another council");
        let mut adult = row("2000-01-01", None);
        adult.responsible_la_id = Some(council);
        assert!(!owed_by(&adult, council));
    }
}
