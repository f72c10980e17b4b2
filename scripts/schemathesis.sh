#!/usr/bin/env bash
# Runs schemathesis (PyPI, pinned in scripts/schemathesis/requirements.txt, in a venv under target/) over every
# operation of the API, as two roles in turn (a police supervisor and a council coordinator), against a throwaway
# demo server, and fails on any failed check: the OpenAPI document must say exactly what the server does.
#
#   scripts/schemathesis.sh                  # every operation, SCHEMATHESIS_EXAMPLES examples each (default 25)
#   SCHEMATHESIS_EXAMPLES=100 scripts/schemathesis.sh
#   HOMEWARD_BIN=target/debug/homeward scripts/schemathesis.sh   # a binary already built
#
# Builds the homeward binary (dev profile), loads the test postcode directory, starts `homeward serve --demo` on a
# free loopback port with a fresh SQLite database in a temporary directory, issues a bearer token to each role's
# demo user (`homeward token create`), runs `st run` once per role with the settings in
# scripts/schemathesis/schemathesis.toml, and always stops the server and removes the temporary directory.
# State-changing operations create records as they go; the database is thrown away. Reports (JUnit) are written to
# target/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

step() { printf '\n== %s\n' "$*" >&2; }

venv="$repo/target/schemathesis-venv"
req="$repo/scripts/schemathesis/requirements.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ] || ! "$venv/bin/st" --version >/dev/null 2>&1; then
    step "installing schemathesis into $venv (pip)"
    python=python3
    if command -v python3.11 >/dev/null 2>&1; then python=python3.11; fi
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
    echo "$want" >"$stamp"
fi

# HOMEWARD_BIN runs a binary already built instead (a release build, or one built for another step).
homeward=${HOMEWARD_BIN:-}
if [ -z "$homeward" ]; then
    step "building homeward (cargo build -p homeward)"
    cargo build -p homeward --locked
    homeward="$repo/target/debug/homeward"
fi

# shellcheck source=scripts/demo-server-lib.sh
source scripts/demo-server-lib.sh
start_demo_server "$homeward"

# The demo prints one line per user: `demo sign-in: EMAIL PASSWORD ROLE AGENCY_CODE USER_ID`.
email_of() { awk -v role="$1" '$1 == "demo" && $2 == "sign-in:" && $5 == role { print $3; exit }' "$tmp/server.out"; }

examples=${SCHEMATHESIS_EXAMPLES:-25}
mkdir -p target/schemathesis
status=0
started=$SECONDS
for role in police_supervisor la_coordinator; do
    email=$(email_of "$role")
    if [ -z "$email" ]; then
        echo "the demo printed no $role sign-in" >&2
        exit 1
    fi
    token=$("$homeward" --database-url "$db" token create --email "$email" | tail -n 1)
    # Half the `{id}`s sent are ids of records this role sees, so operations reach real records, not only 404s.
    "$venv/bin/python" scripts/schemathesis/ids.py "$base" "$token" >"$tmp/ids-$role.dict"
    config="$tmp/schemathesis-$role.toml"
    cp scripts/schemathesis/schemathesis.toml "$config"
    printf '\n[dictionaries.ids]\nfrom-file = "%s"\n\n[parameters]\n"path.id" = { dictionary = "ids", probability = 0.5 }\n' \
        "$tmp/ids-$role.dict" >>"$config"
    step "schemathesis as $role ($examples examples per operation, $(wc -l <"$tmp/ids-$role.dict") known ids)"
    "$venv/bin/st" --config-file "$config" run "$base/api/openapi.json" \
        --url "$base" -H "Authorization: Bearer $token" --max-examples "$examples" --seed 16 \
        --report junit --report-junit-path "$repo/target/schemathesis/$role.xml" --no-color || status=$?
done
echo "schemathesis: two roles in $((SECONDS - started)) s" >&2
if [ "$status" -ne 0 ]; then
    server_log
fi
exit "$status"
