//! `homeward stats`: the key figures of a period for every agency, or as one agency's staff see them, printed as
//! an aligned table, CSV or JSON.

use std::fmt::Write;

use homeward_core::Actor;
use homeward_core::domain::stats::{FiguresRequest, KeyFigures};
use homeward_core::domain::time::format_date_long;

use super::{CliError, open_core};
use crate::cli::{StatsArgs, StatsFormat};
use crate::settings::Settings;

pub async fn run(settings: &Settings, args: &StatsArgs) -> Result<(), CliError> {
    let request = FiguresRequest::parse(Some(&args.from), Some(&args.to), args.agency.as_deref())
        .map_err(|fields| CliError::from(homeward_core::CoreError::Invalid(fields)))?;
    let core = open_core(settings).await?;
    let period = request.period;
    let figures =
        core.key_figures(&Actor::operator("stats"), period.from(), period.to(), request.agency.as_ref()).await?;
    let whose = request.agency.as_ref().map_or_else(|| "all agencies".to_owned(), |code| format!("agency {code}"));
    let heading = format!(
        "Key figures for {whose}, {} to {} (Europe/London dates, both included)",
        format_date_long(period.from()),
        format_date_long(period.to())
    );
    print!("{}", render(&figures, args.format, &heading));
    Ok(())
}

/// The figures as the format asks; every line ends with a newline.
fn render(figures: &KeyFigures, format: StatsFormat, heading: &str) -> String {
    match format {
        StatsFormat::Json => serde_json::to_string_pretty(figures).expect("counts always serialise") + "\n",
        StatsFormat::Csv => figures.csv(),
        StatsFormat::Text => {
            let entries = figures.entries();
            let label_width = entries.iter().map(|f| f.label.len()).max().unwrap_or_default();
            let values: Vec<String> = entries.iter().map(|f| f.value.to_string()).collect();
            let value_width = values.iter().map(String::len).max().unwrap_or_default().max("value".len());
            let mut out = format!("{heading}\n\n{:<label_width$}  {:>value_width$}\n", "figure", "value");
            for (figure, value) in entries.iter().zip(values) {
                writeln!(out, "{:<label_width$}  {value:>value_width$}", figure.label)
                    .expect("writing to a string cannot fail");
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_aligned_and_csv_has_dotted_keys() {
        let mut figures = KeyFigures { incidents: 12_345, ..KeyFigures::default() };
        figures.risk.high = 7;
        let text = render(&figures, StatsFormat::Text, "Key figures");
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert!(lines.iter().all(|l| l.len() == lines[0].len()), "every row as wide as the header:\n{text}");
        assert!(text.contains("Incidents") && text.contains("12345"));
        let csv = render(&figures, StatsFormat::Csv, "");
        assert!(csv.starts_with("figure,value\nincidents,12345\n") && csv.contains("\nrisk.high,7\n"), "{csv}");
        let json: serde_json::Value = serde_json::from_str(&render(&figures, StatsFormat::Json, "")).expect("JSON");
        assert_eq!(json["risk"]["high"], 7);
    }
}
