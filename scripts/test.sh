#!/usr/bin/env bash
# Runs every test of Homeward, the way CI does: formatting, lints, the whole workspace on SQLite and on a
# throwaway PostgreSQL server (scripts/with-postgres.sh starts it, installing PostgreSQL if absent, and stops it
# afterwards, pass or fail) and a real SMTP server (scripts/with-smtp.sh: aiosmtpd from PyPI), then the browser tests (scripts/browser-tests.sh: Debian's Chromium, installed if
# absent, driven by Playwright, with an accessibility check on every page) and schemathesis over every API operation
# (scripts/schemathesis.sh). PostgreSQL is required: a run that
# cannot start it fails rather than skipping it.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "dependencies (cargo deny: RustSec advisories from the given snapshot, licences, sources)"
scripts/deny.sh

step "DfE's SSDA903 validator (csc-validator-be-903, in a venv under target/)"
DFE903_PYTHON=$(scripts/dfe903/setup-venv.sh | tail -n 1)
export DFE903_PYTHON HOMEWARD_REQUIRE_DFE903=1

step "tests on SQLite and PostgreSQL, beside a real SMTP server"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Property-based tests (proptest) run a bounded number of cases here; scripts/fuzz.sh runs many more.
PROPTEST_CASES=${PROPTEST_CASES:-256} HOMEWARD_REQUIRE_POSTGRES=1 HOMEWARD_REQUIRE_SMTP=1 scripts/with-postgres.sh scripts/with-smtp.sh \
    cargo test --workspace --all-targets --locked 2>&1 | tee "$log"

step "browser tests (Playwright on Debian's Chromium, with axe-core)"
scripts/browser-tests.sh 2>&1 | tee -a "$log"

step "the OpenAPI document against the server (schemathesis from PyPI, in a venv under target/, two roles)"
scripts/schemathesis.sh 2>&1 | tee -a "$log"

# One closing line for the whole run: cargo prints one per test binary (the last may have no tests of its own) and
# node's runner its own summary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i - 1); if ($(i) ~ /^failed/) f += $(i - 1) } }
     /^(ℹ|#) pass [0-9]+$/ { p += $NF }
     /^(ℹ|#) fail [0-9]+$/ { f += $NF }
     END { printf "\ntests: %d passed, %d failed\n", p, f }' "$log"
