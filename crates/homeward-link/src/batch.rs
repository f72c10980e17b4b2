//! The files of `homeward link batch`: records in (`unique_id, source, first_name, surname, dob, sex, postcode`,
//! columns in any order, others ignored), `pairs.csv` and `clusters.csv` out. Reading is all or nothing: the first
//! bad cell stops it with its line and column. Errors never repeat a cell's value, which may be personal data.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Write};

use homeward_core::domain::bounded::{Bounded, MAX_RECORD_BYTES, is_too_long};

use crate::Linkage;
use crate::names::Name;
use crate::record::{BirthDate, LinkPostcode, LinkRecord, RecordedSex};

/// The columns an input file must have.
pub const COLUMNS: [&str; 7] = ["unique_id", "source", "first_name", "surname", "dob", "sex", "postcode"];
/// The longest cell accepted, in characters: no name, date or postcode comes near it.
pub const MAX_CELL_CHARS: usize = 500;
/// Pairs at or above this probability are written to `pairs.csv`.
pub const PAIRS_MIN_PROBABILITY: f64 = 0.01;

/// Why an input file was refused: where, and what is wrong, never the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file's line, counting the header as line 1.
    pub line: u64,
    pub column: Option<&'static str>,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

fn at(line: u64, column: Option<&'static str>, message: impl Into<String>) -> InputError {
    InputError { line, column, message: message.into() }
}

fn csv_error(error: &csv::Error, line: u64) -> InputError {
    let line = error.position().map_or(line, csv::Position::line);
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => at(line, None, "the file is not UTF-8 text"),
        csv::ErrorKind::Io(e) if is_too_long(e) => {
            at(line, None, format!("the row is longer than {MAX_RECORD_BYTES} bytes, more than any real record"))
        }
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            at(line, None, format!("the row has {len} cells where the header has {expected_len}"))
        }
        _ => at(line, None, format!("the file cannot be read as CSV ({error})")),
    }
}

/// Reads and parses every record of an input file.
pub fn read_records(input: impl Read) -> Result<Vec<LinkRecord>, InputError> {
    // A line of any length is refused within one record's limit of memory.
    let (input, budget) = Bounded::new(input, MAX_RECORD_BYTES);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(input);
    let headers = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
    budget.mark();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(at(1, None, format!("the file is empty: it needs a header row {}", COLUMNS.join(","))));
    }
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (position, header) in headers.iter().enumerate() {
        let header = header.trim_start_matches('\u{feff}').trim().to_ascii_lowercase();
        let column = COLUMNS.iter().find(|c| **c == header);
        if let Some(column) = column.filter(|column| index.insert(column, position).is_some()) {
            return Err(at(1, Some(column), "the column appears twice"));
        }
    }
    let missing: Vec<&str> = COLUMNS.iter().copied().filter(|c| !index.contains_key(c)).collect();
    if !missing.is_empty() {
        return Err(at(1, None, format!("missing column {}", missing.join(", "))));
    }
    let mut records = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let mut row = csv::StringRecord::new();
    loop {
        let line_before = reader.position().line();
        match reader.read_record(&mut row) {
            Ok(true) => budget.mark(),
            Ok(false) => break,
            Err(error) => return Err(csv_error(&error, line_before)),
        }
        let line = row.position().map_or(line_before, csv::Position::line);
        let record = parse_row(&Row { cells: &row, index: &index, line })?;
        if let Some(first) = first_line_of.insert(record.unique_id.clone(), line) {
            return Err(at(line, Some("unique_id"), format!("the same unique_id as line {first}")));
        }
        records.push(record);
    }
    if records.is_empty() {
        return Err(at(2, None, "the file has a header but no records"));
    }
    Ok(records)
}

/// One row of the input, its cells found by column name.
struct Row<'a> {
    cells: &'a csv::StringRecord,
    index: &'a HashMap<&'static str, usize>,
    line: u64,
}

impl Row<'_> {
    /// A cell, trimmed; refused if absurdly long.
    fn cell(&self, column: &'static str) -> Result<&str, InputError> {
        let text = self.cells.get(self.index[column]).unwrap_or_default().trim();
        if text.chars().count() > MAX_CELL_CHARS {
            Err(at(self.line, Some(column), format!("longer than {MAX_CELL_CHARS} characters")))
        } else {
            Ok(text)
        }
    }
}

fn parse_row(row: &Row<'_>) -> Result<LinkRecord, InputError> {
    let line = row.line;
    let cell = |column| row.cell(column);
    let unique_id = cell("unique_id")?;
    if unique_id.is_empty() {
        return Err(at(line, Some("unique_id"), "blank: every record needs a unique_id"));
    }
    let dob = match cell("dob")? {
        "" => None,
        text => Some(BirthDate::parse(text).map_err(|e| at(line, Some("dob"), e.to_string()))?),
    };
    let sex = RecordedSex::parse(cell("sex")?).map_err(|e| at(line, Some("sex"), e.to_string()))?;
    let postcode = match cell("postcode")? {
        "" => None,
        text => Some(LinkPostcode::parse(text).map_err(|e| at(line, Some("postcode"), e.to_string()))?),
    };
    Ok(LinkRecord {
        unique_id: unique_id.to_owned(),
        source: cell("source")?.to_owned(),
        first_name: Name::parse(cell("first_name")?),
        surname: Name::parse(cell("surname")?),
        dob,
        sex,
        postcode,
    })
}

/// A cell a spreadsheet will show as text: the core's one rule for every CSV Homeward writes.
pub use homeward_core::rules::spreadsheet::safe_cell as spreadsheet_safe;

fn write_rows<'a>(
    output: impl Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cow<'a, str>>>,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(output);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
    }
    writer.flush()
}

/// Writes `pairs.csv`: every candidate pair at or above [`PAIRS_MIN_PROBABILITY`], the smaller `unique_id` (as
/// text) on the left, sorted; gives how many were written.
pub fn write_pairs(output: impl Write, records: &[LinkRecord], linkage: &Linkage) -> std::io::Result<usize> {
    let mut rows: Vec<(&str, &str, f64)> = linkage
        .pairs
        .iter()
        .filter(|pair| pair.score.probability >= PAIRS_MIN_PROBABILITY)
        .map(|pair| {
            let (a, b) = (records[pair.l as usize].unique_id.as_str(), records[pair.r as usize].unique_id.as_str());
            (a.min(b), a.max(b), pair.score.probability)
        })
        .collect();
    rows.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    let count = rows.len();
    write_rows(
        output,
        &["unique_id_l", "unique_id_r", "match_probability"],
        rows.into_iter().map(|(l, r, p)| vec![Cow::Borrowed(l), Cow::Borrowed(r), Cow::Owned(format!("{p:.6}"))]),
    )?;
    Ok(count)
}

/// Writes `clusters.csv`: every record's cluster, in the order of the input. Records in one cluster are joined by
/// pairs scoring at least [`crate::LINK_THRESHOLD`].
pub fn write_clusters(output: impl Write, records: &[LinkRecord], linkage: &Linkage) -> std::io::Result<()> {
    write_rows(
        output,
        &["unique_id", "cluster_id"],
        records
            .iter()
            .zip(&linkage.clusters)
            .map(|(record, cluster)| vec![Cow::Borrowed(record.unique_id.as_str()), Cow::Borrowed(cluster.as_str())]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "unique_id,source,first_name,surname,dob,sex,postcode\n";

    fn error(text: &str) -> String {
        read_records(text.as_bytes()).expect_err("refused").to_string()
    }

    #[test]
    fn good_rows_parse_in_any_column_order() {
        let records = read_records(
            "postcode,dob,sex,surname,first_name,source,unique_id,extra\nDH1 3AB,2011,F,Ashby,Tamsin,council,C1,x\n"
                .as_bytes(),
        )
        .expect("parsed");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].unique_id, "C1");
        assert_eq!(records[0].dob.map(BirthDate::year), Some(2011));
    }

    #[test]
    fn bad_files_name_the_line_and_column_and_never_the_value() {
        assert_eq!(error(""), format!("line 1: the file is empty: it needs a header row {}", COLUMNS.join(",")));
        assert_eq!(error("unique_id,source,first_name,surname,sex\n"), "line 1: missing column dob, postcode");
        assert_eq!(error(HEADER), "line 2: the file has a header but no records");
        let bad_dob = error(&format!("{HEADER}A1,p,Tamsin,Ashby,2011-01-02,F,\nA2,p,Tamsin,Ashby,2011-02-30,F,\n"));
        assert_eq!(bad_dob, "line 3, column dob: is not a date written YYYY-MM-DD, YYYY-MM or YYYY");
        let repeated = error(&format!("{HEADER}A1,p,Tamsin,Ashby,,,\nA1,p,Oscar,Brindle,,,\n"));
        assert_eq!(repeated, "line 3, column unique_id: the same unique_id as line 2");
        let long = error(&format!("{HEADER}A1,p,{},Ashby,,,\n", "x".repeat(MAX_CELL_CHARS + 1)));
        assert_eq!(long, format!("line 2, column first_name: longer than {MAX_CELL_CHARS} characters"));
        assert_eq!(error(&format!("{HEADER}A1,p,Tamsin\n")), "line 2: the row has 3 cells where the header has 7");
        assert!(error(&format!("{HEADER}A1,p,Tamsin,Ashby,,Q,\n")).starts_with("line 2, column sex:"));
        assert!(error(&format!("{HEADER}A1,p,Tamsin,Ashby,,,NFA\n")).starts_with("line 2, column postcode:"));
        assert!(!error(&format!("{HEADER}A1,p,Tamsin,Ashby,19x1,,\n")).contains("19x1"));
    }

    #[test]
    fn formula_cells_are_quoted() {
        assert_eq!(spreadsheet_safe("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("@x"), "'@x");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("C1001"), "C1001");
    }
}
