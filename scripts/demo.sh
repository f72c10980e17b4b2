#!/usr/bin/env bash
# Runs the demo: installs the front-end packages (GOV.UK Frontend) if needed, loads the ONS Postcode Directory
# (scripts/fetch-onspd.sh fetches it once into target/onspd; `homeward geo import` loads it unless the database
# already holds one), then `cargo run -p homeward -- serve --demo [extra serve args]`. Run from anywhere; it works in
# the repository root, where the server finds GOV.UK Frontend at node_modules/govuk-frontend/dist/govuk (override
# with HOMEWARD_ASSETS_DIR). Example: scripts/demo.sh --bind 127.0.0.1:3000
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

# The directory goes into the database the server will use: the one named among the serve arguments, if any.
database=()
args=("$@")
for i in "${!args[@]}"; do
    case ${args[$i]} in
        --database-url) database=(--database-url "${args[$((i + 1))]:-}") ;;
        --database-url=*) database=("${args[$i]}") ;;
    esac
done
onspd=$(scripts/fetch-onspd.sh)
if cargo run -q -p homeward -- "${database[@]}" geo lookup "DH1 1AA" | grep -q "no postcode directory is loaded"; then
    cargo run -q -p homeward -- "${database[@]}" geo import --from "$onspd"
fi

exec cargo run -p homeward -- serve --demo "$@"
