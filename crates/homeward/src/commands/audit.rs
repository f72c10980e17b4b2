//! `homeward audit verify`: walks the whole chain, with a progress bar on a terminal.

use homeward_core::services::AuditReport;
use indicatif::{ProgressBar, ProgressStyle};

use super::{CliError, open_core};
use crate::cli::AuditCommand;
use crate::settings::Settings;

pub async fn run(settings: &Settings, command: AuditCommand) -> Result<(), CliError> {
    let AuditCommand::Verify = command;
    let core = open_core(settings).await?;
    let total = core.store().audit_head().await?.map_or(0, |(seq, _)| seq);
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(0)).with_style(
        ProgressStyle::with_template("checking the audit chain {bar:40} {pos}/{len} events")
            .expect("the template is valid"),
    );
    let report = core.verify_audit(|checked| bar.set_position(u64::try_from(checked).unwrap_or(0))).await?;
    bar.finish_and_clear();
    match report {
        AuditReport::Intact { events } => {
            println!("The audit chain is intact: {events} event{} verified.", if events == 1 { "" } else { "s" });
            Ok(())
        }
        AuditReport::Broken(broken) => Err(CliError::Failure(format!("the audit chain is broken: {broken}"))),
    }
}
