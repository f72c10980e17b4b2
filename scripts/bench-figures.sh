#!/usr/bin/env bash
# Times `homeward stats` on a national year for two commits in one run: a base (default 779f2d2, the last commit
# before issue 17 added the Ofsted, missing-education and legacy-absent figures to the key figures' query) and the
# work tree's HEAD. Each commit is built in release mode into its own worktree (sharing one target directory, so
# only the workspace's crates are built twice), seeds its own national year on SQLite (synthetic demo, seed 1, year
# ending 2026-11-01), and `homeward stats` is run RUNS times for the national year as an operator and for one
# council's month (COUNCIL, default E10000901, the national seed's first council). Prints wall seconds and peak memory per run and HEAD's median as a ratio to the base's: the base
# is the floor. A benchmark, not a test: it asserts nothing and lives apart from scripts/test.sh.
#
#   scripts/bench-figures.sh [BASE] [RUNS]     BASE: a commit (default 779f2d2); RUNS: per measure (default 5)
#
# Build and seed need about 3 GiB of disk in $BENCH_DIR (default target/bench-figures). BENCH_REUSE=1 keeps a binary
# already built there by an earlier run (homeward-base, homeward-head) instead of building it again.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-779f2d2}
runs=${2:-5}
dir=${BENCH_DIR:-$PWD/target/bench-figures}
council=${COUNCIL:-E10000901}
mkdir -p "$dir"
rm -f "$dir/results"
say() { printf '%s\n' "$*" >&2; }

build() { # NAME COMMIT
    if [ -n "${BENCH_REUSE:-}" ] && [ -x "$dir/homeward-$1" ]; then
        say "reusing $dir/homeward-$1 (BENCH_REUSE)"
        return
    fi
    local tree=$dir/$1
    rm -rf "$tree"
    git worktree remove --force "$tree" 2>/dev/null || true
    git worktree add --detach "$tree" "$2" >/dev/null
    say "building $1 ($2, release)"
    (cd "$tree" && CARGO_TARGET_DIR=$dir/target cargo build --release --locked -q -p homeward --bin homeward)
    cp "$dir/target/release/homeward" "$dir/homeward-$1"
    git worktree remove --force "$tree"
}

# One timed command: prints "WALL_S PEAK_MIB".
timed() {
    /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null
    awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$dir/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

build base "$base"
build head HEAD
for name in base head; do
    bin=$dir/homeward-$name
    db=$dir/$name.db
    rm -f "$db" "$db"-*
    say "$name: seeding a national year"
    "$bin" --database-url "sqlite://$db" demo --scale national --seed 1 --as-of 2026-11-01 >/dev/null 2>&1
    for run in $(seq 1 "$runs"); do
        year=$(timed "$bin" --database-url "sqlite://$db" stats --from 2025-11-01 --to 2026-10-31)
        echo "$name year $run $year" | tee -a "$dir/results"
        month=$(timed "$bin" --database-url "sqlite://$db" stats --from 2026-10-01 --to 2026-10-31 --agency "$council")
        echo "$name month $run $month" | tee -a "$dir/results"
    done
done
for measure in year month; do
    b=$(awk -v m="$measure" '$1 == "base" && $2 == m { print $4 }' "$dir/results" | median)
    h=$(awk -v m="$measure" '$1 == "head" && $2 == m { print $4 }' "$dir/results" | median)
    [ -n "$b" ] && [ -n "$h" ] && awk -v m="$measure" -v b="$b" -v h="$h" \
        'BEGIN { printf "%s: base median %.2f s, head median %.2f s, head/base %.2f\n", m, b, h, h / b }'
done
