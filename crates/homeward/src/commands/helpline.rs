//! `homeward helpline-figures`: an interview provider's figures of its own helpline and self-referral contacts in a
//! period (docs/HELPLINE.md), by channel, by who made them and by sharing basis, as a table, CSV or JSON.

use std::fmt::Write;

use clap::Args;
use homeward_core::Actor;
use homeward_core::domain::stats::FiguresRequest;
use homeward_core::domain::time::format_date_long;

use super::{CliError, open_core};
use crate::cli::StatsFormat;
use crate::settings::Settings;

#[derive(Debug, Args)]
pub struct HelplineFiguresArgs {
    /// The interview provider's code (charities running helplines are registered as interview providers).
    #[arg(long, value_name = "CODE")]
    pub agency: String,
    /// The first day of the period (YYYY-MM-DD, a Europe/London date), included.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last day of the period (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// text: an aligned table; csv: `figure,value` rows with dotted keys (by_sharing.consent); json: one object of
    /// the same dotted keys (flat, unlike the API's nested answer).
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

pub async fn run(settings: &Settings, args: &HelplineFiguresArgs) -> Result<(), CliError> {
    let request = FiguresRequest::parse(Some(&args.from), Some(&args.to), Some(&args.agency))
        .map_err(|fields| CliError::from(homeward_core::CoreError::Invalid(fields)))?;
    let core = open_core(settings).await?;
    let period = request.period;
    let actor = Actor::operator("helpline-figures");
    let figures = core.helpline_figures(&actor, period.from(), period.to(), request.agency.as_ref()).await?;
    let entries = figures.entries();
    let out = match args.format {
        StatsFormat::Csv => figures.csv(),
        StatsFormat::Json => {
            let object: serde_json::Map<String, serde_json::Value> =
                entries.into_iter().map(|(key, value)| (key, value.into())).collect();
            serde_json::to_string_pretty(&object).expect("counts always serialise") + "\n"
        }
        StatsFormat::Text => {
            let width = entries.iter().map(|(key, _)| key.len()).max().unwrap_or_default();
            let mut out = format!(
                "Helpline figures for agency {}, {} to {} (Europe/London dates, both included)\n\n",
                args.agency.trim().to_ascii_uppercase(),
                format_date_long(period.from()),
                format_date_long(period.to())
            );
            for (key, value) in entries {
                writeln!(out, "{key:<width$}  {value:>8}").expect("writing to a string cannot fail");
            }
            out
        }
    };
    print!("{out}");
    Ok(())
}
