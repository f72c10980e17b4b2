#!/usr/bin/env bash
# Record linkage against Splink (issue 14, item 5): writes the synthetic test bed (`homeward link testbed`, seed 14)
# at each size, links the same records.csv with `homeward link batch` and with Splink 4 on DuckDB
# (scripts/splink_bench.py, its documented settings), one after the other in the same run, and prints pairwise
# precision, recall and F1 at match probability 0.5 against truth.csv, wall time and peak memory (maximum resident
# set size, from /usr/bin/time -v) of each, and the ratios. Prints figures; asserts nothing.
#
#   scripts/bench-link.sh [10k|100k|1m|all]      (default 10k; all is 10k, 100k and 1m)
#
# Splink and DuckDB are installed into a virtual environment under target/bench-venv (versions pinned below) on
# first use. HOMEWARD_BENCH_BIN=PATH measures that homeward binary instead of a release build of this tree.
# A benchmark, not a test: it lives apart from scripts/test.sh and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-10k}
case $which in
    10k) sizes=(10000) ;;
    100k) sizes=(100000) ;;
    1m) sizes=(1000000) ;;
    all) sizes=(10000 100000 1000000) ;;
    *) echo "usage: $0 [10k|100k|1m|all]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }

SPLINK_VERSION=4.0.17
DUCKDB_VERSION=2.0.1
venv=target/bench-venv
if ! "$venv/bin/python" -c "import splink, duckdb" 2>/dev/null; then
    say "installing splink $SPLINK_VERSION and duckdb $DUCKDB_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "splink==$SPLINK_VERSION" "duckdb==$DUCKDB_VERSION"
fi
if [[ ! -x /usr/bin/time ]]; then
    say "installing time (Debian package)"
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

if [[ -z ${HOMEWARD_BENCH_BIN:-} ]]; then
    say "building (release)"
    cargo build --release --locked -q -p homeward
fi
bin=$(realpath "${HOMEWARD_BENCH_BIN:-target/release/homeward}")

# Runs a command under /usr/bin/time -v; prints "WALL_SECONDS PEAK_MIB".
measure() { # LOG COMMAND...
    local log=$1
    shift
    /usr/bin/time -v -o "$log.time" "$@" 2>"$log" >/dev/null || { say "failed: $*"; cat "$log" >&2; exit 1; }
    awk '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
        /Maximum resident set size/ { rss = $NF / 1024 }
        END { printf "%.1f %.0f\n", wall, rss }' "$log.time"
}

printf '\n%-8s %-9s %9s %9s %7s %7s %7s %9s %9s\n' records linker pairs right precision recall F1 wall_s peak_MiB
rows=()
for size in "${sizes[@]}"; do
    bed="$work/bed-$size"
    say "generating $size records"
    "$bin" link testbed --records "$size" --seed 14 --out "$bed" 2>/dev/null
    say "homeward link batch on $size records"
    read -r h_wall h_rss < <(measure "$work/homeward-$size.log" "$bin" link batch --input "$bed/records.csv" --out "$bed/homeward")
    say "splink on $size records"
    read -r s_wall s_rss < <(measure "$work/splink-$size.log" "$venv/bin/python" scripts/splink_bench.py "$bed/records.csv" "$bed/splink-pairs.csv")
    read -r h_pred h_right truth h_p h_r h_f1 < <(python3 scripts/link_eval.py "$bed/truth.csv" "$bed/homeward/pairs.csv" 0.5)
    read -r s_pred s_right _ s_p s_r s_f1 < <(python3 scripts/link_eval.py "$bed/truth.csv" "$bed/splink-pairs.csv" 0.5)
    printf '%-8s %-9s %9s %9s %7s %7s %7s %9s %9s\n' "$size" homeward "$h_pred" "$h_right" "$h_p" "$h_r" "$h_f1" "$h_wall" "$h_rss"
    printf '%-8s %-9s %9s %9s %7s %7s %7s %9s %9s\n' "$size" splink "$s_pred" "$s_right" "$s_p" "$s_r" "$s_f1" "$s_wall" "$s_rss"
    rows+=("$(awk -v n="$size" -v t="$truth" -v hw="$h_wall" -v sw="$s_wall" -v hm="$h_rss" -v sm="$s_rss" \
        'BEGIN { printf "%-8s true pairs %d; splink/homeward: time %.1fx, peak memory %.1fx", n, t, sw / (hw > 0 ? hw : 0.1), sm / hm }')")
done
printf '\n'
printf '%s\n' "${rows[@]}"
