#!/usr/bin/env bash
# Runs the demo: installs the front-end packages (GOV.UK Frontend) if needed, then
# `cargo run -p homeward -- serve --demo [extra serve args]`. Run from anywhere; it works in the repository root,
# where the server finds GOV.UK Frontend at node_modules/govuk-frontend/dist/govuk (override with
# HOMEWARD_ASSETS_DIR). Example: scripts/demo.sh --bind 127.0.0.1:3000
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

exec cargo run -p homeward -- serve --demo "$@"
