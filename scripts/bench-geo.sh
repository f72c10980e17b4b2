#!/usr/bin/env bash
# Measures `homeward geo import` of the whole ONS Postcode Directory (the 2.7 million postcodes of the pinned
# redistribution, scripts/fetch-onspd.sh) into an empty directory and again over a full one (the replacement a new
# release is), then one `homeward geo lookup`. Prints figures; asserts nothing.
#
#   scripts/bench-geo.sh [BACKEND]     BACKEND: sqlite|postgres|both (default both)
#
# HOMEWARD_BENCH_BIN=PATH measures that homeward binary instead of a release build of this tree. PostgreSQL runs on a
# throwaway server (scripts/with-postgres.sh). A benchmark, not a test: it lives apart from scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-both}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { printf '%s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

say "building (release)"
if [[ -z ${HOMEWARD_BENCH_BIN:-} ]]; then
    cargo build --release --locked -q -p homeward
fi
bin=$(realpath "${HOMEWARD_BENCH_BIN:-target/release/homeward}")
onspd=$(scripts/fetch-onspd.sh)
say "directory: $onspd ($(du -sh "$onspd" | cut -f1)); machine: $(nproc) cores, $(free -g | awk '/Mem/ { print $2 }') GB"

# Imports into the database at $1 twice (empty, then full) and looks one postcode up; says how long each took.
measure() {
    "$bin" --database-url "$1" migrate >/dev/null
    for run in "into an empty directory" "replacing a full directory"; do
        start=$(now)
        "$bin" --database-url "$1" geo import --from "$onspd" >"$work/import.out"
        say "$2: geo import $run: $(elapsed "$start") s ($(cat "$work/import.out"))"
    done
    start=$(now)
    "$bin" --database-url "$1" geo lookup "DH1 1AA" >/dev/null
    say "$2: geo lookup (a process start, migrations checked, one query): $(elapsed "$start") s"
}

if [[ $backend == sqlite || $backend == both ]]; then
    measure "sqlite://$work/geo.db" sqlite
    say "sqlite: database file $(du -h "$work/geo.db" | cut -f1)"
fi

if [[ $backend == postgres || $backend == both ]]; then
    export work bin onspd
    export -f measure now elapsed say
    scripts/with-postgres.sh bash -c '
        set -euo pipefail
        psql -q "$HOMEWARD_TEST_POSTGRES_URL" -c "CREATE DATABASE geo"
        measure "${HOMEWARD_TEST_POSTGRES_URL%/*}/geo" postgres
    '
fi
