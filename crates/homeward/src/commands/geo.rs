//! `homeward geo import` and `homeward geo lookup`: the ONS Postcode Directory loaded whole from the files ONS
//! publishes, and asked about one postcode.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use homeward_core::Actor;
use homeward_core::domain::text::Postcode;
use homeward_intel::onspd::Source;
use indicatif::ProgressBar;

use super::import::progress_bar;
use super::{CliError, open_core};
use crate::cli::GeoCommand;
use crate::settings::Settings;

pub async fn run(settings: &Settings, command: GeoCommand) -> Result<(), CliError> {
    match command {
        GeoCommand::Import { from } => import(settings, &from).await,
        GeoCommand::Lookup { postcode } => lookup(settings, &postcode).await,
    }
}

/// Reads and checks every file before the store is touched, then replaces the directory in one transaction.
async fn import(settings: &Settings, from: &std::path::Path) -> Result<(), CliError> {
    let started = Instant::now();
    let refused = |error: homeward_intel::onspd::OnspdError| {
        CliError::Input(format!("{error}; the postcode directory was left as it was"))
    };
    let source = Source::at(from).map_err(refused)?;
    let core = open_core(settings).await?;
    let bar = progress_bar(source.size(), "reading");
    let reading = bar.clone();
    let directory = tokio::task::spawn_blocking(move || source.read(|done| reading.set_position(done)))
        .await
        .map_err(|error| CliError::Failure(format!("reading the directory stopped: {error}")))?;
    bar.finish_and_clear();
    let directory = directory.map_err(refused)?;
    let writing = if std::io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    writing.enable_steady_tick(Duration::from_millis(200));
    writing.set_message(format!("loading {} postcodes", directory.postcodes.len()));
    let loaded = core.replace_postcode_directory(&Actor::operator("geo import"), &directory.postcodes).await;
    writing.finish_and_clear();
    println!(
        "Loaded {} postcodes into the postcode directory; skipped {} without a grid reference or local authority \
         ({:.1} s).",
        loaded?,
        directory.skipped,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn lookup(settings: &Settings, postcode: &str) -> Result<(), CliError> {
    let postcode = Postcode::parse(postcode).map_err(|error| CliError::Input(format!("{postcode:?} {error}")))?;
    let core = open_core(settings).await?;
    match core.postcode_info(&postcode).await? {
        Some(info) => {
            println!(
                "{}: easting {}, northing {}, local authority {}",
                info.postcode, info.easting, info.northing, info.la_code
            );
            if let Some(month) = info.terminated {
                println!("Terminated in {}.", homeward_core::rules::geo::month_name(&month));
            }
        }
        None if core.postcode_count().await? == 0 => {
            println!("{postcode} is unknown: no postcode directory is loaded (homeward geo import).");
        }
        None => println!("{postcode} is unknown: it is not in the ONS Postcode Directory."),
    }
    Ok(())
}
