#!/usr/bin/env bash
# Runs the browser tests (tests/browser/*.test.mjs) against a throwaway demo server; given test files
# (`scripts/browser-tests.sh tests/browser/follow-up.test.mjs ...`), only those.
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

mkdir -p target/browser-screenshots
# shellcheck source=scripts/demo-server-lib.sh
source scripts/demo-server-lib.sh
export HOMEWARD_ASSETS_DIR="$repo/node_modules/govuk-frontend/dist/govuk"
start_demo_server target/debug/homeward

tests=("$@")
[ "${#tests[@]}" -gt 0 ] || tests=(tests/browser/)
step "browser tests (node --test ${tests[*]})"
status=0
# The database and binary too, for the journey that adds a new user (its first sign-in sets up a second factor).
HOMEWARD_URL="$base" HOMEWARD_SIGN_INS="$tmp/server.out" HOMEWARD_DATABASE_URL="sqlite://$tmp/homeward.db" \
    HOMEWARD_BIN="$repo/target/debug/homeward" node --test --test-reporter=spec "${tests[@]}" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server stderr (last 40 lines)" >&2
    tail -n 40 "$tmp/server.err" >&2 || true
fi
echo "screenshots: $repo/target/browser-screenshots/" >&2
exit "$status"
