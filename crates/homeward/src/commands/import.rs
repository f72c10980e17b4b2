//! `homeward import episodes`, `homeward import ssda903` and `homeward export ssda903`: files in and out, read and
//! written as streams, with a progress bar when a person is watching.

use std::collections::HashMap;
use std::fs::File;
use std::io::IsTerminal;
use std::path::Path;

use homeward_core::Actor;
use homeward_core::domain::bounded::{Bounded, MAX_RECORD_BYTES, RecordBudget, is_too_long};
use homeward_core::services::{ImportError, ImportedEpisode, check_episode_header};

use super::{CliError, open_core};
use crate::cli::ImportCommand;
use crate::settings::Settings;

pub async fn run(settings: &Settings, command: ImportCommand) -> Result<(), CliError> {
    match command {
        ImportCommand::Episodes { file } => episodes(settings, &file).await,
        ImportCommand::Ssda903 { header, episodes, la } => ssda903::import(settings, &header, &episodes, &la).await,
    }
}

/// `homeward export ssda903`: a council's three DfE tables for a collection year.
pub async fn export_ssda903(settings: &Settings, la: &str, year: i32, out: &Path, check: bool) -> Result<(), CliError> {
    ssda903::export(settings, la, year, out, check).await
}

/// A CSV file being read: each record may take at most `MAX_RECORD_BYTES`, so memory stays bounded whatever a
/// line's length; the reader's budget is marked at each record's end.
pub(super) struct CsvFile {
    pub reader: csv::Reader<Bounded<File>>,
    pub size: u64,
    pub budget: RecordBudget,
}

/// Opens a CSV file for reading with a header row.
pub(super) fn open_csv(path: &Path) -> Result<CsvFile, CliError> {
    let file = File::open(path).map_err(|e| CliError::Input(format!("cannot open {}: {e}", path.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or_default();
    let (bounded, budget) = Bounded::new(file, MAX_RECORD_BYTES);
    let reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bounded);
    Ok(CsvFile { reader, size, budget })
}

/// A progress bar over a file's bytes, drawn only at a terminal.
pub(super) fn progress_bar(size: u64, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(size);
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{what} {{bar:40}} {{bytes}}/{{total_bytes}} {{msg}} ({{eta}} left)"
    ))
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// What is wrong with a CSV line, in words.
fn csv_detail(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8".to_owned(),
        csv::ErrorKind::Io(e) if is_too_long(e) => {
            format!("is longer than {MAX_RECORD_BYTES} bytes, more than any real record")
        }
        _ => error.to_string(),
    }
}

/// A CSV reading error as one sentence, with the line (the reader's position when the error has none).
pub(super) fn csv_problem(path: &Path, error: &csv::Error, at: u64) -> CliError {
    let line = format!(", line {}", error.position().map_or(at, csv::Position::line));
    CliError::Input(format!("{}{line}: {}; nothing was imported", path.display(), csv_detail(error)))
}

async fn episodes(settings: &Settings, path: &Path) -> Result<(), CliError> {
    let CsvFile { mut reader, size, budget } = open_csv(path)?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_problem(path, &e, 1))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let columns: Vec<&str> = header.iter().map(String::as_str).collect();
    check_episode_header(&columns)
        .map_err(|message| CliError::Input(format!("{}: {message}; nothing was imported", path.display())))?;
    let index: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
    let core = open_core(settings).await?;
    let bar = progress_bar(size, "importing");
    let bar_for_rows = bar.clone();
    let mut record = csv::StringRecord::new();
    budget.mark();
    let rows = std::iter::from_fn(move || match reader.read_record(&mut record) {
        Ok(false) => None,
        Err(error) => {
            let line = error.position().map_or_else(|| reader.position().line(), csv::Position::line);
            Some(Err(ImportError::Row { line, column: None, message: csv_detail(&error) }))
        }
        Ok(true) => {
            budget.mark();
            let line = record.position().map_or(0, csv::Position::line);
            bar_for_rows.set_position(record.position().map_or(0, csv::Position::byte));
            let get =
                |column: &str| index.get(column).and_then(|i| record.get(*i)).map(str::trim).filter(|v| !v.is_empty());
            Some(ImportedEpisode::parse(get).map(|row| (line, row)).map_err(|e| ImportError::Row {
                line,
                column: Some(e.column),
                message: e.message,
            }))
        }
    });
    let result = core
        .import_episodes(&Actor::operator("import episodes"), rows, &mut |done| bar.set_message(format!("{done} rows")))
        .await;
    bar.finish_and_clear();
    match result {
        Ok(summary) => {
            println!(
                "Imported {} rows: {} episodes created, {} updated, {} unchanged; {} people created, {} updated.",
                summary.rows,
                summary.created,
                summary.updated,
                summary.unchanged,
                summary.people_created,
                summary.people_updated
            );
            if summary.link_proposals > 0 {
                println!(
                    "{} new people may already be held as someone else's record: proposed for review (GET \
                     /api/v1/link-proposals).",
                    summary.link_proposals
                );
            }
            if summary.people_not_searched > 0 {
                println!(
                    "{} new people were not searched for among those already held (a first load this large is \
                     left to `homeward link run`).",
                    summary.people_not_searched
                );
            }
            if summary.flagged_absent > 0 {
                println!(
                    "{} episodes graded \"absent\" were stored as no apparent risk and flagged for review.",
                    summary.flagged_absent
                );
            }
            Ok(())
        }
        Err(ImportError::Row { line, column, message }) => Err(CliError::Input(format!(
            "{}, line {line}{}: {message}; nothing was imported",
            path.display(),
            column.map_or(String::new(), |c| format!(", column {c}"))
        ))),
        Err(ImportError::Core(error)) => Err(error.into()),
    }
}

mod ssda903 {
    use std::collections::HashMap;
    use std::path::Path;

    use homeward_core::Actor;
    use homeward_core::domain::agency::AgencyCode;
    use homeward_core::domain::ssda903::{
        DfeCellError, EPISODE_COLUMNS, HEADER_COLUMNS, MISSING_COLUMNS, Ssda903Child, Ssda903Episode,
    };
    use homeward_core::rules::spreadsheet::safe_cell;
    use homeward_core::rules::ssda903::check;
    use homeward_core::services::{ImportError, LeftOut, Ssda903Export};

    use super::super::{CliError, open_core};
    use super::{csv_problem, open_csv};
    use crate::settings::Settings;

    /// Reads a DfE table: exactly its columns, in any order; each row parsed, with its line.
    fn read_table<T>(
        path: &Path,
        columns: &[&str],
        parse: impl Fn(&csv::StringRecord, &HashMap<String, usize>) -> Result<T, DfeCellError>,
    ) -> Result<Vec<(u64, T)>, CliError> {
        let super::CsvFile { mut reader, budget, .. } = open_csv(path)?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_problem(path, &e, 1))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_uppercase())
            .collect();
        let unknown: Vec<&str> = header.iter().map(String::as_str).filter(|h| !columns.contains(h)).collect();
        let missing: Vec<&str> = columns.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
        if !unknown.is_empty() || !missing.is_empty() {
            return Err(CliError::Input(format!(
                "{}: the columns must be exactly {}{}{}; nothing was imported",
                path.display(),
                columns.join(","),
                if unknown.is_empty() { String::new() } else { format!(" (unknown: {})", unknown.join(", ")) },
                if missing.is_empty() { String::new() } else { format!(" (missing: {})", missing.join(", ")) },
            )));
        }
        let index: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
        let mut rows = Vec::new();
        budget.mark();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => budget.mark(),
                Ok(false) => break,
                Err(e) => return Err(csv_problem(path, &e, reader.position().line())),
            }
            let line = record.position().map_or(0, csv::Position::line);
            let row = parse(&record, &index).map_err(|e| {
                CliError::Input(format!(
                    "{}, line {line}, column {}: {}; nothing was imported",
                    path.display(),
                    e.column,
                    e.message
                ))
            })?;
            rows.push((line, row));
        }
        Ok(rows)
    }

    /// A row's cells by column name: trimmed, `None` when blank.
    fn cells<'a>(record: &'a csv::StringRecord, index: &'a HashMap<String, usize>) -> impl Fn(&str) -> Option<&'a str> {
        move |column| index.get(column).and_then(|i| record.get(*i)).map(str::trim).filter(|v| !v.is_empty())
    }

    pub async fn import(settings: &Settings, header: &Path, episodes: &Path, la: &str) -> Result<(), CliError> {
        let la = AgencyCode::parse(la).map_err(|e| CliError::Input(format!("--la: {e}")))?;
        let children = read_table(header, HEADER_COLUMNS, |record, index| Ssda903Child::parse(cells(record, index)))?;
        let periods =
            read_table(episodes, EPISODE_COLUMNS, |record, index| Ssda903Episode::parse(cells(record, index)))?;
        let core = open_core(settings).await?;
        match core.import_ssda903(&Actor::operator("import ssda903"), &la, children, periods).await {
            Ok((children, episodes)) => {
                println!("Imported {children} children and {episodes} episodes of care for {la}.");
                Ok(())
            }
            Err(ImportError::Row { line, column, message }) => Err(CliError::Input(format!(
                "line {line}{}: {message}; nothing was imported",
                column.map_or(String::new(), |c| format!(", column {c}"))
            ))),
            Err(ImportError::Core(error)) => Err(error.into()),
        }
    }

    fn write_table(
        dir: &Path,
        name: &str,
        columns: &[&str],
        rows: impl Iterator<Item = Vec<String>>,
    ) -> Result<(), CliError> {
        let path = dir.join(name);
        let failed = |e: &dyn std::fmt::Display| CliError::Failure(format!("cannot write {}: {e}", path.display()));
        let mut writer = csv::Writer::from_path(&path).map_err(|e| failed(&e))?;
        writer.write_record(columns).map_err(|e| failed(&e))?;
        for row in rows {
            // A reference a council's system sent, written first on the row, must not reach a spreadsheet as a formula.
            writer.write_record(row.iter().map(|cell| safe_cell(cell).into_owned())).map_err(|e| failed(&e))?;
        }
        writer.flush().map_err(|e| failed(&e))
    }

    pub async fn export(
        settings: &Settings,
        la: &str,
        year: i32,
        out: &Path,
        check_rules: bool,
    ) -> Result<(), CliError> {
        let la = AgencyCode::parse(la).map_err(|e| CliError::Input(format!("--la: {e}")))?;
        let core = open_core(settings).await?;
        let Ssda903Export { data, left_out } =
            core.export_ssda903(&Actor::operator("export ssda903"), &la, year).await?;
        std::fs::create_dir_all(out).map_err(|e| CliError::Failure(format!("cannot create {}: {e}", out.display())))?;
        write_table(
            out,
            "header.csv",
            HEADER_COLUMNS,
            data.header.iter().map(|h| {
                vec![
                    h.child.clone(),
                    h.sex.clone(),
                    h.dob.clone(),
                    h.ethnic.clone(),
                    h.upn.clone(),
                    h.mother.clone(),
                    h.mc_dob.clone(),
                ]
            }),
        )?;
        write_table(
            out,
            "episodes.csv",
            EPISODE_COLUMNS,
            data.episodes.iter().map(|e| {
                vec![
                    e.child.clone(),
                    e.decom.clone(),
                    e.rne.clone(),
                    e.ls.clone(),
                    e.cin.clone(),
                    e.place.clone(),
                    e.place_provider.clone(),
                    e.dec.clone(),
                    e.rec.clone(),
                    e.reason_place_change.clone(),
                    e.home_post.clone(),
                    e.pl_post.clone(),
                    e.urn.clone(),
                ]
            }),
        )?;
        write_table(
            out,
            "missing.csv",
            MISSING_COLUMNS,
            data.missing.iter().map(|m| {
                vec![m.child.clone(), m.dob.clone(), m.missing.clone(), m.mis_start.clone(), m.mis_end.clone()]
            }),
        )?;
        println!(
            "Wrote {} children, {} episodes of care and {} missing or away periods for {la}, year {year}, to {}.",
            data.header.len(),
            data.episodes.len(),
            data.missing.len(),
            out.display()
        );
        let left_out_line = left_out_line(left_out);
        if let Some(line) = &left_out_line {
            eprintln!("{line}: give each child a Header row whose CHILD is the council's person_ref for them");
        }
        if check_rules {
            let problems = check(&data, None, year);
            if problems.is_empty() {
                println!("The Missing table passes every DfE rule that touches it.");
            }
            for problem in &problems {
                let rows: Vec<String> = problem.rows.iter().map(|r| (r + 2).to_string()).collect();
                println!("{}: {} ({:?} lines {})", problem.code, problem.message, problem.table, rows.join(", "));
            }
            let failed = (!problems.is_empty())
                .then(|| format!("{} DfE rule{} failed", problems.len(), if problems.len() == 1 { "" } else { "s" }));
            let failures: Vec<String> = failed.into_iter().chain(left_out_line).collect();
            if !failures.is_empty() {
                return Err(CliError::Failure(format!(
                    "{}: correct the records before submitting",
                    failures.join("; ")
                )));
            }
        }
        Ok(())
    }

    /// What the return left out, in a line, if anything: the Missing table is only honest with it said.
    fn left_out_line(left_out: LeftOut) -> Option<String> {
        (left_out.episodes > 0).then(|| {
            format!(
                "left out {} looked-after episode{} of {} child{} with no SSDA903 child id",
                left_out.episodes,
                if left_out.episodes == 1 { "" } else { "s" },
                left_out.children,
                if left_out.children == 1 { "" } else { "ren" },
            )
        })
    }
}
