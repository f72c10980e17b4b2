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

#[cfg(test)]
mod tests {
    use super::*;

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
