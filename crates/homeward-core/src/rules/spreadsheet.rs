//! Every CSV Homeward writes is opened in spreadsheets, which run a cell beginning with `=`, `+`, `-` or `@` as a
//! formula (and a leading tab or carriage return hides one): CSV injection (OWASP). One rule, applied to every cell
//! of every export path: SSDA903, key figures, statistics, linkage files and any later extract.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula when they begin it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as a spreadsheet will show it as text: one that would be taken for a formula gets a leading single
/// quote (shown by no spreadsheet, kept by every CSV reader); any other cell is unchanged.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// One CSV record, newline included: each cell made safe ([`safe_cell`]), then quoted when it holds a comma, a
/// quote or a line break (RFC 4180), so a cell never spills into the next. The one writer of the returns' files.
pub fn csv_record<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let cell = safe_cell(cell.as_ref());
        if cell.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&cell.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&cell);
        }
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_quoted_where_it_must_be_and_safe_everywhere() {
        assert_eq!(csv_record(&["a", "", "b c"]), "a,,b c\n");
        assert_eq!(csv_record(&["x,y", "say \"hi\"", "two\nlines"]), "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
        assert_eq!(csv_record(&["=1+1", "-2,3"]), "'=1+1,\"'-2,3\"\n");
    }

    #[test]
    fn formulas_are_quoted_and_everything_else_is_left_alone() {
        for formula in ["=1+1", "@SUM(A1)", "+44-1", "=cmd|' /C calc'!A0", "-2+3", "\t=1", "\r=1"] {
            assert_eq!(safe_cell(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["C1001", "NMP-PERSON-77", "2026-06-01", "12", "", "'=already quoted", " =1"] {
            assert_eq!(safe_cell(plain), plain, "{plain:?}");
        }
    }
}
