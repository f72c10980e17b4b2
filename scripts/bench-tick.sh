#!/usr/bin/env bash
# Measures one pass of the scheduler (`homeward alerts tick`) over a seeded database: the first pass, which raises
# every alert time has brought the seed's still-missing episodes, interviews and recommendations, and then a
# steady-state pass with nothing new, the one `serve` runs every 30 seconds. Prints figures; asserts nothing.
#
#   scripts/bench-tick.sh [SCALE] [BACKEND]     SCALE: area|region|national (default national)
#                                               BACKEND: sqlite|postgres|both (default both)
#
# The data is the synthetic demo (seed 1, year ending 2026-11-01); the tick runs at the real time, so every
# still-missing episode is long past its 72 hours. A benchmark, not a test: it lives apart from scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-national}
backend=${2:-both}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { printf '%s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

say "building (release)"
cargo build --release --locked -q -p homeward
bin=$PWD/target/release/homeward

measure() { # URL LABEL
    local url=$1 label=$2 start first steady out
    "$bin" --database-url "$url" demo --scale "$scale" --seed 1 --as-of 2026-11-01 >/dev/null
    start=$(now)
    out=$("$bin" --database-url "$url" alerts tick)
    first=$(elapsed "$start")
    start=$(now)
    "$bin" --database-url "$url" alerts tick >/dev/null
    steady=$(elapsed "$start")
    printf '%-10s first tick %6.2f s (%s) | steady tick %6.2f s\n' "$label" "$first" \
        "$(printf '%s' "$out" | head -n 2 | tr '\n' ' ')" "$steady"
}

if [[ $backend == sqlite || $backend == both ]]; then
    measure "sqlite://$work/bench.db" sqlite
fi
if [[ $backend == postgres || $backend == both ]]; then
    export bin scale
    export -f measure now elapsed
    scripts/with-postgres.sh bash -c 'measure "$HOMEWARD_TEST_POSTGRES_URL" postgres'
fi
