#!/usr/bin/env bash
# Measures the service while a long job runs (issue 13, item 1): `homeward serve` answers audited reads of an
# episode under load (wrk, in 5-second windows) while `homeward import episodes` loads a year of episodes in another
# process, all or nothing. Prints each window's req/s, p99 and errors (any non-2xx), and one write tried during the
# import with its answer (200, or 503 `busy` after a bounded wait) and how long it took.
#
#   scripts/bench-during-import.sh [SCALE] [BACKEND] [CONNECTIONS]   SCALE: area|region|national (default national)
#                                                                    BACKEND: sqlite|postgres|both (default both)
#                                                                    CONNECTIONS: wrk -c (default 16)
#
# Synthetic data (homeward-synth, seed 1, year ending 2026-11-01); the reader works for the agency that recorded the
# file's first episode, reading one of its episodes imported beforehand. A benchmark, not a test: it asserts nothing
# and lives apart from scripts/test.sh. PostgreSQL runs on a throwaway server (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-national}
backend=${2:-both}
connections=${3:-16}
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

say "building (release)"
cargo build --release --locked -q -p homeward --bin homeward
cargo build --release --locked -q -p homeward-synth --example export_csv
bin=$PWD/target/release/homeward
target/release/examples/export_csv "$scale" 1 2026-11-01 "$work" >/dev/null
head -n 2001 "$work/episodes.csv" >"$work/first.csv"
# The reader works for the agency that recorded the first episode: a police officer or a council's coordinator.
reader_agency=$(awk -F, 'NR == 2 { print $2 }' "$work/first.csv")
reader_role=$(awk -F'\t' -v a="$reader_agency" '$1 == a { print ($3 == "police" ? "police_officer" : "la_coordinator") }' \
    "$work/agencies.tsv")
say "generated $(($(wc -l <"$work/episodes.csv") - 1)) episodes; reader: $reader_role of $reader_agency"

measure() { # URL LABEL
    local url=$1 label=$2
    while IFS=$'\t' read -r code name kind force; do
        "$bin" --database-url "$url" agency add --code "$code" --name "$name" --kind "$kind" \
            ${force:+--police-force "$force"} >/dev/null
    done <"$work/agencies.tsv"
    "$bin" --database-url "$url" import episodes "$work/first.csv" >/dev/null 2>&1
    echo 'bench-password-1234' | "$bin" --database-url "$url" user add --email reader@bench.example \
        --name Reader --agency "$reader_agency" --role "$reader_role" >/dev/null
    local token port base episode
    token=$("$bin" --database-url "$url" token create --email reader@bench.example | tail -n 1 | awk '{ print $NF }')
    port=$(free_port)
    "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" >"$work/serve-$label.log" 2>&1 &
    pids+=($!)
    base="http://127.0.0.1:$port"
    wait_for "$base/healthz"
    local auth="Authorization: Bearer $token"
    episode=$(curl -fsS -H "$auth" "$base/api/v1/episodes?limit=1" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')

    local start import_pid
    start=$(date +%s.%N)
    "$bin" --database-url "$url" import episodes "$work/episodes.csv" >"$work/import-$label.txt" 2>&1 &
    import_pid=$!
    printf '%-9s %-40s %8s %9s %7s\n' "$label" "window (audited GET /episodes/{id})" "req/s" "p99 ms" "errors"
    local window=0 wrote="" rps p99 errors
    while kill -0 "$import_pid" 2>/dev/null; do
        window=$((window + 1))
        read -r rps p99 errors < <(wrk -t2 -c"$connections" -d5s --timeout 30s --latency -H "$auth" \
            "$base/api/v1/episodes/$episode" | wrk_summary)
        printf '%-9s %-40s %8.0f %9.1f %7d\n' "$label" "during the import, window $window" "$rps" "$p99" "$errors"
        if [[ -z $wrote ]] && kill -0 "$import_pid" 2>/dev/null; then
            wrote=$(curl -sS -o /dev/null -w '%{http_code} in %{time_total} s' -X PUT -H "$auth" \
                -H 'Content-Type: application/json' -d '{"kinds": ["not_assessed"]}' "$base/api/v1/me/alert-emails")
            printf '%-9s %-40s %s\n' "$label" "a write during the import" "$wrote"
        fi
    done
    wait "$import_pid" || say "$label: the import failed: $(tail -n 3 "$work/import-$label.txt")"
    printf '%-9s %-40s %8.1f s\n' "$label" "import of the year (beside the load)" \
        "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
}

say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); wrk -t2 -c$connections"
if [[ $backend == sqlite || $backend == both ]]; then
    measure "sqlite://$work/bench.db" sqlite
fi
if [[ $backend == postgres || $backend == both ]]; then
    export bin work connections reader_agency reader_role
    export -f measure free_port say wait_for wrk_summary
    scripts/with-postgres.sh bash -c 'pids=(); measure "$HOMEWARD_TEST_POSTGRES_URL" postgres'
fi
