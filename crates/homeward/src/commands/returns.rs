//! `homeward export annex-a | ssd | rhi-figures | research`: the returns councils owe and the research extract, as
//! CSV on standard output or in a file written whole or not at all, readable by its owner only (docs/RETURNS.md).
//! The core writes every cell; this only moves the text.

use std::io::Write;

use homeward_core::Actor;
use homeward_core::domain::returns::{CouncilReturnRequest, ResearchRequest, ReturnFile, ReturnKind};
use homeward_core::error::CoreError;

use super::subject_access::write_private;
use super::{CliError, open_core};
use crate::cli::{CouncilReturnArgs, ExportCommand, ResearchArgs};
use crate::settings::Settings;

pub async fn export(settings: &Settings, command: ExportCommand) -> Result<(), CliError> {
    match command {
        ExportCommand::Ssda903 { la, year, out, check } => {
            super::import::export_ssda903(settings, &la, year, &out, check).await
        }
        ExportCommand::AnnexA(args) => council(settings, ReturnKind::AnnexA, &args).await,
        ExportCommand::Ssd(args) => council(settings, ReturnKind::Ssd, &args).await,
        ExportCommand::RhiFigures(args) => council(settings, ReturnKind::RhiFigures, &args).await,
        ExportCommand::Research(args) => research(settings, &args).await,
    }
}

async fn council(settings: &Settings, kind: ReturnKind, args: &CouncilReturnArgs) -> Result<(), CliError> {
    let request = CouncilReturnRequest::parse(Some(&args.from), Some(&args.to), Some(&args.la))
        .map_err(|fields| CliError::from(CoreError::Invalid(fields)))?;
    let core = open_core(settings).await?;
    let file = core.council_return(&Actor::operator(command_name(kind)), kind, &request).await?;
    deliver(&file, args.out.as_deref())
}

async fn research(settings: &Settings, args: &ResearchArgs) -> Result<(), CliError> {
    let request = ResearchRequest::parse(args.from.as_deref(), args.to.as_deref(), Some(&args.k))
        .map_err(|fields| CliError::from(CoreError::Invalid(fields)))?;
    let core = open_core(settings).await?;
    let file = core.research_extract(&Actor::operator("export research"), &request).await?;
    deliver(&file, args.out.as_deref())
}

/// How the audit log names the command that wrote each kind.
fn command_name(kind: ReturnKind) -> &'static str {
    match kind {
        ReturnKind::AnnexA => "export annex-a",
        ReturnKind::Ssd => "export ssd",
        ReturnKind::RhiFigures => "export rhi-figures",
        ReturnKind::Research => "export research",
    }
}

/// The CSV to its file or standard output, and a line on standard error saying how many rows (and, for the
/// research extract, how many episodes were suppressed).
fn deliver(file: &ReturnFile, out: Option<&std::path::Path>) -> Result<(), CliError> {
    let csv = file.csv();
    match out {
        Some(path) => write_private(path, &csv)?,
        None => std::io::stdout()
            .write_all(csv.as_bytes())
            .map_err(|e| CliError::Failure(format!("cannot write to standard output: {e}")))?,
    }
    let suppressed = if file.kind == ReturnKind::Research {
        format!(", {} episodes suppressed for want of k people", file.suppressed)
    } else {
        String::new()
    };
    eprintln!("{}: {} rows{suppressed}.", file.kind, file.rows.len());
    Ok(())
}
