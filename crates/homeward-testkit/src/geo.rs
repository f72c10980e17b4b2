//! A small ONS Postcode Directory for tests: a few hundred real postcodes (County Durham, Darlington, Leeds, two
//! London boroughs) in the official ONSPD CSV layout, `fixtures/onspd/postcodes.csv`, loaded in a moment.

use std::path::PathBuf;

use homeward_core::domain::geo::PostcodeInfo;
use homeward_core::{Actor, Core};
use homeward_intel::onspd::Source;

/// The fixture's path.
pub fn onspd_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/onspd/postcodes.csv")
}

/// The fixture's postcodes, read as `homeward geo import` reads a file.
pub fn fixture_postcodes() -> Vec<PostcodeInfo> {
    Source::at(&onspd_fixture()).and_then(|source| source.read(|_| {})).expect("the fixture reads").postcodes
}

/// Loads the fixture as the directory; answers how many postcodes it holds.
pub async fn load_postcodes(core: &Core) -> u64 {
    core.replace_postcode_directory(&Actor::operator("test"), &fixture_postcodes()).await.expect("the fixture loads")
}
