#!/usr/bin/env bash
# Measures importing a year of episodes, against the floor of the same rows loaded by the database's own bulk
# loader, then `homeward stats` and `homeward export ssda903` on the result. Prints figures; asserts nothing.
#
#   scripts/bench-import.sh [SCALE] [BACKEND]     SCALE: area|region|national (default national)
#                                                 BACKEND: sqlite|postgres|both (default both)
#
# HOMEWARD_BENCH_BIN=PATH measures that homeward binary instead of a release build of this tree (for before and after
# figures in one session, e.g. a release build of an earlier commit).
#
# The data set is synthetic (homeward-synth, seed 1, year ending 2026-11-01): episodes.csv in the contract's layout,
# every episode sent by the agency that recorded it. PostgreSQL runs on a throwaway server (scripts/with-postgres.sh).
# A benchmark, not a test: it lives apart from scripts/test.sh.
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
if [[ -z ${HOMEWARD_BENCH_BIN:-} ]]; then
    cargo build --release --locked -q -p homeward
fi
cargo build --release --locked -q -p homeward-synth --example export_csv
bin=$(realpath "${HOMEWARD_BENCH_BIN:-target/release/homeward}")
council=$(target/release/examples/export_csv "$scale" 1 2026-11-01 "$work")
rows=$(($(wc -l <"$work/episodes.csv") - 1))
say "generated $rows episodes ($(du -h "$work/episodes.csv" | cut -f1)); largest council by looked-after children: $council"

add_agencies() {
    while IFS=$'\t' read -r code name kind force; do
        "$bin" --database-url "$1" agency add --code "$code" --name "$name" --kind "$kind" \
            ${force:+--police-force "$force"} >/dev/null
    done <"$work/agencies.tsv"
}

measure() { # URL LABEL FLOOR_SECONDS
    local url=$1 label=$2 floor=$3 start
    add_agencies "$url"
    start=$(now)
    "$bin" --database-url "$url" import episodes "$work/episodes.csv" >/dev/null
    local import; import=$(elapsed "$start")
    start=$(now)
    "$bin" --database-url "$url" import episodes "$work/episodes.csv" >/dev/null
    local again; again=$(elapsed "$start")
    "$bin" --database-url "$url" import ssda903 --header "$work/ssda903-header.csv" \
        --episodes "$work/ssda903-episodes.csv" --la "$council" >/dev/null
    start=$(now)
    "$bin" --database-url "$url" export ssda903 --la "$council" --year 2026 --out "$work/out-$label" >/dev/null
    local export; export=$(elapsed "$start")
    local stats="n/a"
    if "$bin" stats --help >/dev/null 2>&1; then
        start=$(now)
        "$bin" --database-url "$url" stats --from 2025-11-01 --to 2026-10-31 --format json >/dev/null
        stats=$(elapsed "$start")
    fi
    awk -v l="$label" -v r="$rows" -v f="$floor" -v i="$import" -v a="$again" -v s="$stats" -v e="$export" 'BEGIN {
        printf "%-10s rows %d | floor %6.2f s | import %6.2f s (%.1fx floor, %.0f rows/s) | again %6.2f s | stats %s s | export %s s\n",
            l, r, f, i, i / f, r / i, a, s, e }'
}

if [[ $backend == sqlite || $backend == both ]]; then
    say "SQLite: floor (sqlite3 .import of the same CSV into a table without constraints)"
    start=$(now)
    sqlite3 "$work/floor.db" ".mode csv" ".import $work/episodes.csv floor"
    floor=$(elapsed "$start")
    measure "sqlite://$work/bench.db" sqlite "$floor"
fi

if [[ $backend == postgres || $backend == both ]]; then
    export work bin rows council
    export -f measure add_agencies now elapsed say
    scripts/with-postgres.sh bash -c '
        set -euo pipefail
        base=${HOMEWARD_TEST_POSTGRES_URL%/*}
        psql -q "$HOMEWARD_TEST_POSTGRES_URL" -c "CREATE DATABASE bench" -c "CREATE DATABASE floor"
        cols=$(head -n 1 "$work/episodes.csv" | sed "s/,/ text, /g; s/$/ text/")
        psql -q "$base/floor" -c "CREATE TABLE floor ($cols)"
        start=$(now)
        psql -q "$base/floor" -c "\\copy floor FROM '"'"'$work/episodes.csv'"'"' CSV HEADER"
        floor=$(elapsed "$start")
        measure "$base/bench" postgres "$floor"
    '
fi
