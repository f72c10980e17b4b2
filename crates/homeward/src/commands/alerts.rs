//! `homeward alerts tick`: one pass of the scheduler, for an external timer; and the loop `serve` runs.

use homeward_core::services::scheduler::{TICK_EVERY, TickReport};
use homeward_core::{Actor, Core};

use super::{CliError, open_core};
use crate::cli::AlertsCommand;
use crate::settings::Settings;

pub async fn run(settings: &Settings, command: AlertsCommand) -> Result<(), CliError> {
    match command {
        AlertsCommand::Tick => {
            let core = open_core(settings).await?;
            let report = core.tick(&Actor::operator("alerts tick"), &holder()).await?;
            print!("{}", describe(&report));
        }
    }
    Ok(())
}

/// Who holds the scheduler's lease: this host and process.
pub fn holder() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "homeward".into());
    format!("{host}:{}", std::process::id())
}

/// Ticks the scheduler every 30 seconds until the process ends. A failed tick is logged (no personal data: counts
/// and the error) and the next one tries again.
pub async fn every_half_minute(core: Core) {
    let holder = holder();
    let actor = Actor::operator("serve");
    let mut interval = tokio::time::interval(TICK_EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match core.tick(&actor, &holder).await {
            Ok(report) if report.ran => {
                let raised: usize = report.raised.values().sum();
                tracing::info!(raised, closed = report.closed, still_missing = report.still_missing, "scheduler tick");
            }
            Ok(_) => tracing::debug!("another scheduler holds the lease"),
            Err(error) => tracing::error!(%error, "scheduler tick failed; trying again at the next"),
        }
    }
}

fn describe(report: &TickReport) -> String {
    if !report.ran {
        return "Another scheduler is ticking (it holds the lease); nothing was done.\n".into();
    }
    let raised: usize = report.raised.values().sum();
    let kinds: Vec<String> = report.raised.iter().map(|(kind, n)| format!("{n} {}", kind.as_str())).collect();
    let kinds = if kinds.is_empty() { String::new() } else { format!(": {}", kinds.join(", ")) };
    format!(
        "Looked at {} episodes still missing.\nRaised {raised} alerts{kinds}.\nClosed {} alerts whose cause had gone.\n",
        report.still_missing, report.closed
    )
}
