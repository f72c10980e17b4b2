#!/usr/bin/env bash
# Measures the API at national scale (issue 13) against a hello-world floor: the same load generator, the same
# machine, one run. Seeds a national year (synthetic demo, seed 1, year ending 2026-11-01), starts `homeward serve`
# on it, and loads each request in turn with wrk (installed from Debian's packages when absent), then the floor: an
# axum hello-world (`cargo run --example hello`). Prints req/s, p99 and each request's share of the floor's req/s.
#
#   scripts/bench-api.sh [BACKEND] [SECONDS] [CONNECTIONS]   BACKEND: sqlite|postgres|both (default sqlite)
#                                                            SECONDS: per request (default 10)
#                                                            CONNECTIONS: wrk -c (default 64; two threads)
#
# The caller is the missing coordinator of the national seed's first council (a council's share, about 1/150 of
# the country). The requests: an audited GET /api/v1/episodes/{id}, GET /api/v1/episodes?limit=50, one month of
# GET /api/v1/stats, GET /healthz, and the signed-in home page. A benchmark, not a test: it asserts nothing and
# lives apart from scripts/test.sh. PostgreSQL runs on a throwaway server (scripts/with-postgres.sh). Before the
# load, `homeward stats` is timed (wall and peak memory) for the national year and for the council's month.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
seconds=${2:-10}
connections=${3:-64}
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

say "building (release)"
cargo build --release --locked -q -p homeward --bin homeward --example hello
bin=$PWD/target/release/homeward
hello=$PWD/target/release/examples/hello

# One wrk run: prints "REQS_PER_S P99_MS ERRORS".
load() { # URL [HEADER...]
    local url=$1
    shift
    local headers=()
    for h in "$@"; do headers+=(-H "$h"); done
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "${headers[@]}" "$url" | wrk_summary
}

measure() { # URL LABEL
    local url=$1 label=$2 port start
    say "$label: seeding a national year"
    start=$(date +%s.%N)
    "$bin" --database-url "$url" demo --scale national --seed 1 --as-of 2026-11-01 >"$work/demo-$label.txt"
    say "$label: seeded in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
    local line email password code totp
    line=$(grep -m1 ' la_coordinator ' "$work/demo-$label.txt")
    read -r _ _ email password _ code _ totp <<<"$line"
    local token
    token=$("$bin" --database-url "$url" token create --email "$email" | tail -n 1 | awk '{ print $NF }')

    # The figures from the command line: a national year as an operator, and the council's month.
    local figures
    for figures in "2025-11-01 2026-10-31" "2026-06-01 2026-06-30 --agency $code"; do
        read -r from to agency_flag agency_code <<<"$figures"
        /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --database-url "$url" stats --from "$from" --to "$to" \
            ${agency_flag:+"$agency_flag" "$agency_code"} --format json >/dev/null
        read -r wall rss <"$work/time"
        printf '%-9s %-44s %8.2f s %6.0f MiB peak\n' "$label" "homeward stats $from..$to${agency_code:+ $agency_code}" \
            "$wall" "$((rss / 1024))"
    done

    port=$(free_port)
    "$bin" --database-url "$url" serve --bind "127.0.0.1:$port" >"$work/serve-$label.log" 2>&1 &
    pids+=($!)
    local base="http://127.0.0.1:$port"
    wait_for "$base/healthz"

    local auth="Authorization: Bearer $token"
    local episode
    episode=$(curl -fsS -H "$auth" "$base/api/v1/episodes?limit=1" | python3 -c '
import json, sys
def first(v):
    if isinstance(v, dict):
        if "id" in v and "went_missing_at" in v:
            return v["id"]
        v = list(v.values())
    if isinstance(v, list):
        for item in v:
            found = first(item)
            if found:
                return found
    return None
print(first(json.load(sys.stdin)))')

    # Signed in through the form, as a browser is, for the home page: the password, then the demo user's code.
    local csrf
    csrf=$(curl -fsS -c "$work/jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')
    curl -sS -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "email=$email" \
        --data-urlencode "password=$password" --data-urlencode "csrf_token=$csrf" "$base/sign-in"
    csrf=$(curl -fsS -b "$work/jar" "$base/sign-in/code" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')
    local totp_code
    totp_code=$(python3 -c '
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[19] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000))' "$totp")
    curl -sS -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "code=$totp_code" \
        --data-urlencode "csrf_token=$csrf" "$base/sign-in/code"
    local session
    session=$(awk '$6 == "homeward_session" { print $7 }' "$work/jar")

    printf '%-9s %-44s %10s %9s %7s %9s\n' "$label" "request (council $code)" "req/s" "p99 ms" "errors" "of floor"
    local floor_rps
    row() { # NAME URL [HEADER...]
        local name=$1 target=$2
        shift 2
        read -r rps p99 errors < <(load "$target" "$@")
        awk -v l="$label" -v n="$name" -v r="$rps" -v p="$p99" -v e="$errors" -v f="${floor_rps:-0}" 'BEGIN {
            share = f > 0 ? sprintf("%.2f%%", 100 * r / f) : "-"
            printf "%-9s %-44s %10.0f %9.1f %7d %9s\n", l, n, r, p, e, share }'
    }
    local hello_port
    hello_port=$(free_port)
    "$hello" "127.0.0.1:$hello_port" &
    pids+=($!)
    wait_for "http://127.0.0.1:$hello_port/"
    read -r floor_rps _ _ < <(load "http://127.0.0.1:$hello_port/")
    row "GET /api/v1/episodes/{id} (audited)" "$base/api/v1/episodes/$episode" "$auth"
    row "GET /api/v1/episodes?limit=50" "$base/api/v1/episodes?limit=50" "$auth"
    row "GET /api/v1/stats (one month)" "$base/api/v1/stats?from=2026-06-01&to=2026-06-30" "$auth"
    row "GET /healthz" "$base/healthz"
    row "GET / (home page, signed in)" "$base/" "Cookie: homeward_session=$session"
    row "hello-world floor (again)" "http://127.0.0.1:$hello_port/"
    printf '%-9s %-44s %10.0f\n' "$label" "hello-world floor (first)" "$floor_rps"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
}

say "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); wrk -t2 -c$connections -d${seconds}s"
if [[ $backend == sqlite || $backend == both ]]; then
    measure "sqlite://$work/bench.db" sqlite
fi
if [[ $backend == postgres || $backend == both ]]; then
    export bin hello work seconds connections
    export -f measure load wait_for free_port say wrk_summary
    scripts/with-postgres.sh bash -c 'pids=(); measure "$HOMEWARD_TEST_POSTGRES_URL" postgres'
fi
