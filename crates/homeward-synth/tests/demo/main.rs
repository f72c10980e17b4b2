//! Tests of the generated data set as the binary and the stores see it: through `generate` alone. Each scale is
//! generated once per test run and shared, because the demo users' password hashes are slow by design.

mod calibration;
mod determinism;
mod figures;
mod findings;
mod integrity;
mod speed;

use std::sync::OnceLock;

use homeward_core::domain::time::Timestamp;
use homeward_synth::{Demo, DemoOptions, Scale, generate};

pub const SEED: u64 = 20_260_331;

pub fn options(seed: u64, scale: Scale) -> DemoOptions {
    DemoOptions { seed, scale, as_of: Timestamp::parse_rfc3339("2026-03-31T23:00:00Z").expect("a valid date") }
}

pub fn area() -> &'static Demo {
    static AREA: OnceLock<Demo> = OnceLock::new();
    AREA.get_or_init(|| generate(&options(SEED, Scale::Area)))
}

pub fn region() -> &'static Demo {
    static REGION: OnceLock<Demo> = OnceLock::new();
    REGION.get_or_init(|| generate(&options(SEED, Scale::Region)))
}
