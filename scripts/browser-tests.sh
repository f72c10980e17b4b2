#!/usr/bin/env bash
# Runs the browser tests (tests/browser/*.test.mjs) against a throwaway demo server.
#
# Uses Debian's Chromium (/usr/bin/chromium, installed with apt-get if absent) driven by playwright-core; it
# never downloads a browser. Builds the homeward binary (dev profile), loads the test postcode directory, starts
# `homeward serve --demo` on a
# free loopback port with a fresh SQLite database in a temporary directory, waits for /healthz, runs
# `node --test` and always stops the server and removes the temporary directory. Exits with node's status.
# Screenshots are written to target/browser-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

step() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
    step "installing chromium (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
fi

step "building homeward (cargo build -p homeward)"
cargo build -p homeward --locked

tmp=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
base="http://127.0.0.1:$port"
mkdir -p target/browser-screenshots

# A small real postcode directory (the test fixture, which holds the demo's places' postcodes), so postcodes are
# checked and the hotspots map is drawn as in a deployment without fetching the whole directory.
step "loading the postcode directory fixture"
target/debug/homeward --database-url "sqlite://$tmp/homeward.db" geo import \
    --from crates/homeward-testkit/fixtures/onspd/postcodes.csv >&2

step "starting homeward serve --demo on $base"
HOMEWARD_ASSETS_DIR="$repo/node_modules/govuk-frontend/dist/govuk" \
    target/debug/homeward --database-url "sqlite://$tmp/homeward.db" serve --demo --bind "127.0.0.1:$port" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

server_log() {
    echo "--- server stdout ($tmp/server.out)" >&2
    cat "$tmp/server.out" >&2 || true
    echo "--- server stderr (last 100 lines)" >&2
    tail -n 100 "$tmp/server.err" >&2 || true
}

healthy() {
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' \
        "$base/healthz"
}

deadline=$((SECONDS + 60))
until healthy; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "homeward serve exited before answering /healthz" >&2
        server_log
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "homeward serve did not answer GET /healthz with 200 within 60 s" >&2
        server_log
        exit 1
    fi
    sleep 0.5
done
echo "server ready: $(grep -c '^demo sign-in:' "$tmp/server.out" || true) demo sign-ins" >&2

step "browser tests (node --test tests/browser/)"
status=0
# The database and binary too, for the journey that adds a new user (its first sign-in sets up a second factor).
HOMEWARD_URL="$base" HOMEWARD_SIGN_INS="$tmp/server.out" HOMEWARD_DATABASE_URL="sqlite://$tmp/homeward.db" \
    HOMEWARD_BIN="$repo/target/debug/homeward" node --test --test-reporter=spec tests/browser/ || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server stderr (last 40 lines)" >&2
    tail -n 40 "$tmp/server.err" >&2 || true
fi
echo "screenshots: $repo/target/browser-screenshots/" >&2
exit "$status"
