# Shared by the scripts that test a running demo server (browser-tests.sh, schemathesis.sh); sourced, not run, from
# the repository's root, after `step` is defined.
#
# `start_demo_server BIN` loads the test postcode directory into a fresh SQLite database in a temporary directory
# ($tmp), starts `BIN serve --demo` on a free loopback port ($base, database $db) and waits until GET /healthz
# answers 200. The demo's sign-ins are in $tmp/server.out. On exit the server is stopped and $tmp removed, pass or
# fail. `server_log` prints what the server said.
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

server_log() {
    echo "--- server stdout ($tmp/server.out)" >&2
    cat "$tmp/server.out" >&2 || true
    echo "--- server stderr (last 100 lines)" >&2
    tail -n 100 "$tmp/server.err" >&2 || true
}

start_demo_server() { # BIN
    local bin=$1 port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base="http://127.0.0.1:$port"
    db="sqlite://$tmp/homeward.db"

    # A small real postcode directory (the test fixture, which holds the demo's places' postcodes), so postcodes are
    # checked and the hotspots map is drawn as in a deployment without fetching the whole directory.
    step "loading the postcode directory fixture"
    "$bin" --database-url "$db" geo import --from crates/homeward-testkit/fixtures/onspd/postcodes.csv >&2

    step "starting homeward serve --demo on $base"
    "$bin" --database-url "$db" serve --demo --bind "127.0.0.1:$port" >"$tmp/server.out" 2>"$tmp/server.err" &
    server_pid=$!

    local deadline=$((SECONDS + 60))
    until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/healthz" \
        2>/dev/null; do
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
}
