#!/usr/bin/env bash
# Times places and people (issue 15): seeds a fresh SQLite database (or the PostgreSQL URL given) with a synthetic
# year at SCALE, files every episode's places and people, then asks 1,000 two-step networks and 20 of each year's
# hotspots (by district, by place) as a force's supervisor would, printing the times and percentiles. Not a test.
#
#   scripts/bench-intel.sh [area|region|national] [DATABASE_URL]     (SCALE defaults to national)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
cargo build --release --quiet -p homeward --example bench_intel
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
exec target/release/examples/bench_intel "${1:-national}" ${2:+"$2"}
