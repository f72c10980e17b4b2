//! `homeward retention schedule|run`: the retention schedule in force (the defaults of docs/RETENTION.md, with a
//! deployment's own values from a TOML file), and carrying it out. Standard error gets counts only.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use homeward_core::Actor;
use homeward_core::rules::retention::RetentionSchedule;
use indicatif::ProgressBar;

use super::{CliError, open_core};
use crate::settings::Settings;

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Print the schedule in force, as TOML: the defaults, with the --schedule file's values.
    Schedule {
        #[command(flatten)]
        schedule: ScheduleArg,
    },
    /// Erase every person whose records the schedule says are due (names, free text, profiles, photos, placements,
    /// references and places-and-people links; the coded facts the figures count stay), each with a tombstone in
    /// the audit log, then remove old sessions and sent notifications. Never while an episode of theirs is open.
    /// Run it daily, from cron or a systemd timer.
    Run {
        #[command(flatten)]
        schedule: ScheduleArg,
        /// Count what is due without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Args)]
pub struct ScheduleArg {
    /// The deployment's retention schedule, a TOML file (keys: looked_after_until_age, child_until_age,
    /// years_after_last_record, ended_sessions_days, sent_notifications_days; those left out keep their defaults).
    #[arg(long, env = "HOMEWARD_RETENTION_SCHEDULE", value_name = "FILE")]
    pub schedule: Option<PathBuf>,
}

pub async fn run(settings: &Settings, command: RetentionCommand) -> Result<(), CliError> {
    match command {
        RetentionCommand::Schedule { schedule } => {
            let schedule = load(schedule.schedule.as_deref())?;
            // Every key, so the file printed is the whole schedule in force and can be edited into a local one.
            let serde_json::Value::Object(keys) = serde_json::to_value(schedule).expect("a schedule serialises") else {
                unreachable!("a schedule is a table of keys")
            };
            for (key, value) in keys {
                println!("{key} = {value}");
            }
            Ok(())
        }
        RetentionCommand::Run { schedule, dry_run } => {
            let schedule = load(schedule.schedule.as_deref())?;
            let core = open_core(settings).await?;
            let bar = if std::io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
            let report = core
                .run_retention(&Actor::operator("retention run"), &schedule, dry_run, &|checked| {
                    bar.set_message(format!("{checked} people checked"));
                })
                .await?;
            bar.finish_and_clear();
            let verb = if dry_run { "due (nothing changed: --dry-run)" } else { "erased" };
            eprintln!(
                "retention run: {} people checked; {} {verb}: {} looked after as children (kept to their {}th \
                 birthday), {} children (to their {}th birthday), {} after {} years without a new record; {} \
                 sessions and {} sent notifications {}; {} helpline contacts that joined no record cleared",
                report.people_checked,
                report.people_erased(),
                report.erased_looked_after_child,
                schedule.looked_after_until_age,
                report.erased_child,
                schedule.child_until_age,
                report.erased_after_last_record,
                schedule.years_after_last_record,
                report.sessions_removed,
                report.notifications_removed,
                if dry_run { "due" } else { "removed" },
                report.helpline_contacts_erased,
            );
            Ok(())
        }
    }
}

/// The schedule in force: the defaults, with the file's values if one is given. Unknown keys, values that are not
/// whole numbers and periods shorter than the law allows are refused, naming the file.
fn load(path: Option<&Path>) -> Result<RetentionSchedule, CliError> {
    let Some(path) = path else { return Ok(RetentionSchedule::default()) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("cannot read the retention schedule {}: {e}", path.display())))?;
    let schedule: RetentionSchedule = toml::from_str(&text).map_err(|e| {
        CliError::Input(format!("the retention schedule {} is not valid: {}", path.display(), e.message()))
    })?;
    schedule
        .checked()
        .map_err(|e| CliError::Input(format!("the retention schedule {} is not valid: {e}", path.display())))
}
