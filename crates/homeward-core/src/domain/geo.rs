//! Geography: what the ONS Postcode Directory says of a postcode.

use super::text::Postcode;

/// One postcode as the ONS Postcode Directory gives it: its grid reference (British National Grid, metres) and the
/// local authority (ONS code, `E06000047`) whose area holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostcodeInfo {
    pub postcode: Postcode,
    pub easting: i32,
    pub northing: i32,
    pub la_code: String,
    /// When the postcode stopped being used (`YYYYMM`), if it has.
    pub terminated: Option<String>,
}
