//! `homeward audit verify`: walks the whole chain from its genesis event and checks it against every signed
//! checkpoint in the checkpoint file, with a progress bar on a terminal. `homeward audit checkpoint`: writes one.

use homeward_core::domain::audit::ChainStart;
use homeward_core::services::AuditReport;
use indicatif::{ProgressBar, ProgressStyle};

use super::{CliError, open_core_reading};
use crate::checkpoints::CheckpointLog;
use crate::cli::AuditCommand;
use crate::settings::Settings;

pub async fn run(settings: &Settings, command: AuditCommand) -> Result<(), CliError> {
    let log = CheckpointLog::new(settings).map_err(CliError::Input)?;
    // Checking or checkpointing the chain never writes to it: a log found emptied must stay empty to be seen so.
    let core = open_core_reading(settings).await?;
    match command {
        AuditCommand::Verify { without_checkpoints } => verify(&core, &log, without_checkpoints).await,
        AuditCommand::Checkpoint => {
            let checkpoint = log.write_now(&core).await.map_err(CliError::Failure)?;
            println!(
                "Checkpointed the audit chain at event {} ({}) in {}.",
                checkpoint.seq,
                checkpoint.hash,
                log.path().display()
            );
            Ok(())
        }
    }
}

async fn verify(core: &homeward_core::Core, log: &CheckpointLog, without_checkpoints: bool) -> Result<(), CliError> {
    let checkpoints =
        log.read(core).map_err(|e| CliError::Failure(format!("the audit chain cannot be trusted: {e}")))?;
    let total = core.store().audit_head().await?.map_or(0, |(seq, _)| seq);
    if checkpoints.as_ref().is_none_or(Vec::is_empty) {
        // A new deployment's log holds its genesis event alone until the first checkpoint is written.
        if total > 1 && !without_checkpoints {
            return Err(CliError::Failure(format!(
                "the audit chain cannot be checked in full: there is no audit checkpoint {} ({}), so events removed \
                 from its end with its head rewritten would not be found. Point --audit-checkpoint-file at the \
                 deployment's checkpoint file, or pass --without-checkpoints to check the chain alone",
                if checkpoints.is_none() { "file" } else { "in the file" },
                log.path().display()
            )));
        }
        eprintln!(
            "There is no audit checkpoint in {} yet, so the chain was checked on its own: events removed from its end \
             with its head rewritten would not be found. `serve` and `alerts tick` write checkpoints.",
            log.path().display()
        );
    }
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(0)).with_style(
        ProgressStyle::with_template("checking the audit chain {bar:40} {pos}/{len} events")
            .expect("the template is valid"),
    );
    let verification = core
        .verify_audit_against(checkpoints.unwrap_or_default(), |checked| {
            bar.set_position(u64::try_from(checked).unwrap_or(0));
        })
        .await?;
    bar.finish_and_clear();
    match verification.report {
        AuditReport::Intact { events } => {
            let start = match &verification.start {
                ChainStart::Genesis { deployment, at } => format!("from its genesis ({deployment}, begun {at})"),
                ChainStart::PredatesGenesis => "(it was begun before Homeward wrote genesis events)".to_owned(),
                ChainStart::Empty => String::new(),
            };
            let plural = |n: i64| if n == 1 { "" } else { "s" };
            let checked = i64::try_from(verification.checkpoints).unwrap_or(i64::MAX);
            println!(
                "The audit chain is intact: {events} event{} verified {start}, against {checked} checkpoint{} in {}.",
                plural(events),
                plural(checked),
                log.path().display()
            );
            Ok(())
        }
        AuditReport::Broken(broken) => Err(CliError::Failure(format!("the audit chain is broken: {broken}"))),
    }
}
