#!/usr/bin/env bash
# Times report-time matching (issue 14, item 2): seeds a fresh SQLite database (or the PostgreSQL URL given) with
# PEOPLE made-up people filed under their match keys, then makes 1,000 searches a police officer's report would make
# before recording a person, and prints the seeding time and the search's percentiles. Not part of the tests.
#
#   scripts/bench-match.sh [PEOPLE] [DATABASE_URL]     (PEOPLE defaults to 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
cargo build --release --quiet -p homeward --example bench_match
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
exec target/release/examples/bench_match "${1:-1000000}" ${2:+"$2"}
