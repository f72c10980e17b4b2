//! `homeward demo` (and `serve --demo`): seeds an empty database with synthetic data and prints the sign-ins.

use std::sync::Arc;
use std::time::Instant;

use homeward_core::Actor;
use homeward_core::domain::time::{Timestamp, parse_date};
use homeward_core::ports::FixedClock;
use homeward_synth::{DemoOptions, Scale};
use indicatif::ProgressBar;

use super::{CliError, open_core_with_clock};
use crate::cli::DemoArgs;
use crate::settings::Settings;

/// Midnight UTC at the start of a day: the end of the synthetic year. Every timestamp of the seeded data derives
/// from it, so one seed and day give the same rows on every store.
fn as_of(day: Option<&str>) -> Result<Timestamp, CliError> {
    let date = match day {
        Some(text) => parse_date(text).map_err(|e| CliError::Input(format!("--as-of: {e}")))?,
        None => Timestamp::now().date(),
    };
    Ok(Timestamp::new(date.midnight().assume_utc()))
}

/// What happened when seeding was asked for.
pub enum Outcome {
    Seeded,
    AlreadyHeldData,
}

/// Seeds if the database is empty and prints one line per demo user; says so and changes nothing otherwise.
pub async fn seed(settings: &Settings, args: &DemoArgs, require_empty: bool) -> Result<Outcome, CliError> {
    let scale = Scale::parse(&args.scale).map_err(|e| CliError::Input(format!("--scale: {e}")))?;
    let as_of = as_of(args.as_of.as_deref())?;
    let core = open_core_with_clock(settings, Arc::new(FixedClock::new(as_of))).await?;
    if !core.is_empty().await? {
        if require_empty {
            return Err(CliError::Input(
                "the database already holds agencies: demo data is only seeded into an empty database".into(),
            ));
        }
        return Ok(Outcome::AlreadyHeldData);
    }
    let progress = ProgressBar::new_spinner();
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    progress.set_message(format!("generating a synthetic {} year (seed {})", scale.as_str(), args.seed));
    let started = Instant::now();
    let demo = homeward_synth::generate(&DemoOptions { seed: args.seed, scale, as_of });
    progress.set_message(format!(
        "writing {} episodes to the {} database",
        demo.data.episodes.len(),
        core.store().backend()
    ));
    let summary = core.seed(&Actor::operator("demo"), &demo.data, args.seed).await?;
    // The places and people the year's records name, filed now rather than a batch a scheduler tick.
    let mut filed = 0;
    loop {
        progress.set_message(format!("filing places and people: {filed} of {} episodes", summary.episodes));
        match core.file_unfiled_intelligence().await? {
            0 => break,
            batch => filed += batch,
        }
    }
    // Children's homes' notifications to Ofsted and a few abduction warning notices, once the adults are filed.
    progress.set_message("recording homes' notifications to Ofsted and abduction warning notices");
    let duties = core.seed_duties(&Actor::operator("demo"), &demo.data).await?;
    progress.finish_and_clear();
    eprintln!(
        "Seeded {} notifications to Ofsted and {} child abduction warning notices.",
        duties.ofsted_notifications, duties.abduction_notices
    );
    eprintln!(
        "Seeded {} agencies, {} users, {} people, {} episodes, {} risk assessments and {} return interviews in {:.1} s.",
        summary.agencies,
        summary.users,
        summary.people,
        summary.episodes,
        summary.assessments,
        summary.return_interviews,
        started.elapsed().as_secs_f64()
    );
    // Demo users come with their second factor already set up: its secret is the line's last field, for an
    // authenticator app (or a script computing RFC 6238 codes).
    for user in &demo.users {
        let secret = core.enrol_second_factor(&Actor::operator("demo"), user.user_id).await?;
        println!(
            "demo sign-in: {} {} {} {} {} {}",
            user.email,
            user.password,
            user.role,
            user.agency_code,
            user.user_id,
            secret.base32()
        );
    }
    Ok(Outcome::Seeded)
}

pub async fn run(settings: &Settings, args: &DemoArgs) -> Result<(), CliError> {
    seed(settings, args, true).await.map(|_| ())
}
