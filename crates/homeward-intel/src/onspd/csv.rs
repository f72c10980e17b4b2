//! The official ONSPD CSV: one row per postcode, its columns chosen by header name, since each release adds
//! columns and renames the local authority's for the year of its boundaries.

use std::fs::File;
use std::path::Path;

use homeward_core::domain::bounded::{Bounded, MAX_RECORD_BYTES, RecordBudget};

use super::{OnspdError, Row, name, row};

/// The local authority's column, newest first: releases name it for the year of the boundaries they use.
const LA_COLUMNS: [&str; 5] = ["lad25cd", "lad24cd", "lad23cd", "oslaua", "laua"];

/// The rows of an ONSPD CSV file, read one at a time.
#[derive(Debug)]
pub struct CsvRows {
    file: String,
    reader: csv::Reader<Bounded<File>>,
    budget: RecordBudget,
    record: csv::StringRecord,
    columns: Columns,
}

/// Where each column needed sits in a row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    postcode: usize,
    easting: usize,
    northing: usize,
    la_code: usize,
    terminated: Option<usize>,
}

impl CsvRows {
    /// Opens `path` and finds its columns by its header.
    pub fn open(path: &Path) -> Result<Self, OnspdError> {
        let file = name(path);
        let opened = File::open(path).map_err(|source| OnspdError::Io { file: file.clone(), source })?;
        Self::from_reader(file, opened)
    }

    fn from_reader(file: String, opened: File) -> Result<Self, OnspdError> {
        // A line of any length is refused within one record's limit of memory.
        let (bounded, budget) = Bounded::new(opened, MAX_RECORD_BYTES);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bounded);
        let header =
            reader.headers().map_err(|error| OnspdError::File { file: file.clone(), message: error.to_string() })?;
        let columns = Columns::of(header).map_err(|message| OnspdError::File { file: file.clone(), message })?;
        budget.mark();
        Ok(Self { file, reader, budget, record: csv::StringRecord::new(), columns })
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }
}

impl Columns {
    fn of(header: &csv::StringRecord) -> Result<Self, String> {
        let find = |names: &[&str]| {
            names.iter().find_map(|wanted| header.iter().position(|column| column.trim().eq_ignore_ascii_case(wanted)))
        };
        let need = |names: &[&str]| {
            find(names)
                .ok_or_else(|| format!("the header has no {} column: is this the ONSPD CSV?", names.join(" or ")))
        };
        Ok(Self {
            postcode: need(&["pcds", "pcd"])?,
            easting: need(&["oseast1m"])?,
            northing: need(&["osnrth1m"])?,
            la_code: need(&LA_COLUMNS)?,
            terminated: find(&["doterm"]),
        })
    }
}

impl Iterator for CsvRows {
    type Item = Result<Row, OnspdError>;

    fn next(&mut self) -> Option<Self::Item> {
        let line = self.reader.position().line();
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Err(error) => Some(Err(OnspdError::Line { file: self.file.clone(), line, message: error.to_string() })),
            Ok(true) => {
                self.budget.mark();
                let line = self.record.position().map_or(line, csv::Position::line);
                Some(self.parse().map_err(|message| OnspdError::Line { file: self.file.clone(), line, message }))
            }
        }
    }
}

impl CsvRows {
    fn parse(&self) -> Result<Row, String> {
        let cell = |column: usize| self.record.get(column).map(str::trim).unwrap_or_default();
        let number = |column: usize| {
            let text = cell(column);
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<f64>().map(Some).map_err(|_| format!("grid reference {text:?} is not a number"))
        };
        let columns = self.columns;
        row(
            cell(columns.postcode),
            number(columns.easting)?,
            number(columns.northing)?,
            Some(cell(columns.la_code)),
            columns.terminated.map(cell),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn rows(text: &str) -> Result<Vec<Row>, OnspdError> {
        let mut file = tempfile::Builder::new().suffix(".csv").tempfile().expect("a temporary file");
        file.write_all(text.as_bytes()).expect("written");
        CsvRows::open(file.path())?.collect()
    }

    fn postcode(row: &Row) -> (&str, i32, i32, &str, Option<&str>) {
        match row {
            Row::Postcode(info) => {
                (info.postcode.as_str(), info.easting, info.northing, info.la_code.as_str(), info.terminated.as_deref())
            }
            Row::Skipped => panic!("expected a postcode"),
        }
    }

    #[test]
    fn columns_are_found_by_header_and_rows_without_a_grid_reference_skipped() {
        let read = rows(
            "pcd,pcd2,pcds,dointr,doterm,oseast1m,osnrth1m,osgrdind,lad24cd\n\
             DH1 1AA,DH1  1AA,DH1 1AA,198001,,427000,542000,1,E06000047\n\
             DL1 9ZZ,DL1  9ZZ,DL1 9ZZ,198001,201203,429000,514000,1,E06000005\n\
             ZZ991ZZ,ZZ99 1ZZ,ZZ99 1ZZ,198001,,,,9,\n",
        )
        .expect("a good file");
        assert_eq!(postcode(&read[0]), ("DH1 1AA", 427_000, 542_000, "E06000047", None));
        assert_eq!(postcode(&read[1]), ("DL1 9ZZ", 429_000, 514_000, "E06000005", Some("201203")));
        assert_eq!(read[2], Row::Skipped);
    }

    #[test]
    fn the_older_local_authority_column_and_the_seven_character_postcode_serve() {
        let read = rows("pcd,oseast1m,osnrth1m,oslaua\nLS1  1AA,430000,433000,E08000035\n").expect("a good file");
        assert_eq!(postcode(&read[0]), ("LS1 1AA", 430_000, 433_000, "E08000035", None));
    }

    #[test]
    fn malformed_files_are_refused_naming_the_file_and_line() {
        let missing = rows("postcode,easting,northing\nDH1 1AA,1,2\n").expect_err("no ONSPD header");
        assert!(missing.to_string().contains("no pcds or pcd column"), "{missing}");
        let bad_postcode = rows("pcds,oseast1m,osnrth1m,laua\nDH1 1AA,1,2,E06000047\nNOT A CODE,1,2,E06000047\n")
            .expect_err("a bad postcode");
        assert!(bad_postcode.to_string().contains(".csv, line 3: \"NOT A CODE\" is not a postcode"), "{bad_postcode}");
        let bad_number =
            rows("pcds,oseast1m,osnrth1m,laua\nDH1 1AA,east,2,E06000047\n").expect_err("a bad grid reference");
        assert!(bad_number.to_string().contains("line 2: grid reference \"east\" is not a number"), "{bad_number}");
        let bad_month =
            rows("pcds,doterm,oseast1m,osnrth1m,laua\nDH1 1AA,2012,1,2,E06000047\n").expect_err("bad doterm");
        assert!(bad_month.to_string().contains("line 2: termination date"), "{bad_month}");
        let ragged = rows("pcds,oseast1m,osnrth1m,laua\nDH1 1AA,1\n").expect_err("a short row");
        assert!(ragged.to_string().contains("line 2"), "{ragged}");
    }
}
