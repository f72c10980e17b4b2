#!/usr/bin/env bash
# The long run of the property-based tests (issue 16, item 10): every parser of outside input (episode CSV rows,
# SSDA903 rows, dates, timestamps, postcodes, spreadsheet cells) and the API's JSON bodies, with many more cases
# than the test script's 256. Prints each suite's cases and time; record them in docs/PERFORMANCE.md.
#
#   scripts/fuzz.sh [CASES]     (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-20000}
cargo build --quiet --tests -p homeward-core -p homeward-web
run() {
    local started=$SECONDS
    PROPTEST_CASES=$cases cargo test --quiet "$@" 2>&1 | grep -E '^test result|panicked|minimal failing' || true
    printf 'fuzz: %s: %s cases in %ss\n' "$*" "$cases" $((SECONDS - started))
}
run -p homeward-core --test parsers
# The API is driven over HTTP: a quarter of the cases per endpoint.
run -p homeward-web --test web -- api::fuzz
