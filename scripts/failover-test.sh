#!/usr/bin/env bash
# Failover with nothing lost (issue 16, item 8): a benchmark-like proof, not part of scripts/test.sh (it takes a few
# minutes). It
#
#   1. starts a PostgreSQL primary on loopback with a synchronous standby (synchronous_standby_names, and
#      synchronous_commit = on: a commit is acknowledged only once the standby has flushed it), made by
#      pg_basebackup -R, with the machine's PostgreSQL binaries (installed as scripts/with-postgres.sh does);
#   2. puts a forwarder in front (scripts/failover/proxy.py, standing in for the virtual IP, HAProxy or DNS that
#      moves the database's address in production), runs `homeward migrate`, seeds the demo area and serves the API;
#   3. runs a write load (scripts/failover/load.py: clients recording people through the API, every POST with an
#      Idempotency-Key, each write repeated after any error until it is acknowledged);
#   4. kill -9s the primary mid-load, waits PROMOTE_AFTER seconds (as a failover manager takes to decide), promotes
#      the standby with pg_ctl promote and moves the address to it; the load goes on;
#   5. checks on the promoted standby that every acknowledged write is there and none was made twice, and prints
#      the figures: writes acknowledged, lost (must be 0), made twice (must be 0), time without a primary, and how
#      long requests took to fail meanwhile.
#
#   scripts/failover-test.sh            # LOAD_SECONDS=40 WORKERS=4 KILL_AFTER=12 PROMOTE_AFTER=5 GAP=hold
#
# GAP says what the database's address does between the kill and the promotion: `hold` (the default, the worst
# case: connections are accepted and never answered, as when the host has gone from the network) or `refuse`
# (connections are refused at once, as when the host is up but PostgreSQL is not).
# Exits non-zero if an acknowledged write was lost or a write was made twice. Uses target/debug/homeward (built if
# missing; HOMEWARD_BIN to use another).
set -euo pipefail

say() { printf 'failover-test: %s\n' "$*" >&2; }
fail() {
    say "$*"
    exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
load_seconds=${LOAD_SECONDS:-40}
workers=${WORKERS:-4}
kill_after=${KILL_AFTER:-12}
promote_after=${PROMOTE_AFTER:-5}
gap=${GAP:-hold}
[[ $gap == hold || $gap == refuse ]] || fail "GAP must be hold or refuse"
homeward=${HOMEWARD_BIN:-$root/target/debug/homeward}
if [[ -z ${HOMEWARD_BIN:-} ]]; then
    say "building homeward"
    (cd "$root" && cargo build -q -p homeward) || fail "cargo build failed"
fi
[[ -x $homeward ]] || fail "no homeward binary at $homeward"
command -v python3 >/dev/null || fail "python3 is needed for the forwarder and the load"

find_bindir() {
    local dir
    if dir=$(pg_config --bindir 2>/dev/null) && [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/pg_basebackup ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/pg_basebackup ]] && printf '%s\n' "$dir"
}
if ! bindir=$(find_bindir); then
    [[ $(id -u) -eq 0 ]] || fail "no PostgreSQL server binaries found, and installing them needs root"
    say "installing the postgresql package with apt-get"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 ||
        fail "installing postgresql failed"
    bindir=$(find_bindir) || fail "postgresql was installed but its binaries are not where expected"
fi
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    as_owner=(runuser -u postgres --)
fi
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

work=$(mktemp -d "${TMPDIR:-/tmp}/homeward-failover.XXXXXX")
chmod 755 "$work"
[[ ${#as_owner[@]} -eq 0 ]] || chown postgres: "$work"
primary=$work/primary
standby=$work/standby
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for data in "$primary" "$standby"; do
        if [[ -f $data/postmaster.pid ]]; then
            "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done
    if [[ $status -eq 0 || -z ${KEEP_FAILOVER_DIR:-} ]]; then
        rm -rf "$work"
    else
        say "kept $work for a look"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

primary_port=$(free_port)
standby_port=$(free_port)
proxy_port=$(free_port)
web_port=$(free_port)

pg_start() { # DATA PORT NAME
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$1" -l "$work/$3.log" -w -t 60 \
        -o "-p $2 -c listen_addresses=127.0.0.1 -k $work" start >/dev/null ||
        {
            cat "$work/$3.log" >&2
            fail "$3 did not start"
        }
}
sql() { # PORT SQL
    "$bindir/psql" -h 127.0.0.1 -p "$1" -U postgres -d "${DB:-postgres}" -v ON_ERROR_STOP=1 -qAt -c "$2"
}

say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}'): primary on $primary_port, standby on $standby_port"
"${as_owner[@]}" "$bindir/initdb" -D "$primary" -A trust -U postgres -E UTF8 --locale=C >"$work/initdb.log" 2>&1 ||
    {
        cat "$work/initdb.log" >&2
        fail "initdb failed"
    }
cat >>"$primary/postgresql.conf" <<CONF
# A commit is acknowledged once the standby named standby1 has flushed it to disk.
synchronous_standby_names = 'standby1'
synchronous_commit = on
wal_level = replica
max_wal_senders = 4
CONF
pg_start "$primary" "$primary_port" primary
"${as_owner[@]}" "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$standby" -R -X stream \
    -c fast >"$work/basebackup.log" 2>&1 || {
    cat "$work/basebackup.log" >&2
    fail "pg_basebackup failed"
}
# The standby names itself standby1 to the primary (the later setting wins over what -R wrote). Once promoted it has
# no standby of its own, so it must not wait for one: pg_basebackup copied the primary's synchronous_standby_names,
# with which every commit on the new primary would wait for ever (a failover manager clears or rewrites it as it
# promotes; this is the choice to go on alone until a new standby is attached).
printf '%s\n' "primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=standby1'" \
    "synchronous_standby_names = ''" | "${as_owner[@]}" tee -a "$standby/postgresql.auto.conf" >/dev/null
pg_start "$standby" "$standby_port" standby
for _ in $(seq 1 100); do
    [[ $(sql "$primary_port" "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'") == sync ]] &&
        break
    sleep 0.2
done
[[ $(sql "$primary_port" "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'") == sync ]] ||
    fail "the standby did not become synchronous"
sql "$primary_port" "CREATE DATABASE homeward"
say "standby streaming synchronously"

echo "$primary_port" >"$work/target"
python3 "$root/scripts/failover/proxy.py" "$proxy_port" "$work/target" &
pids+=($!)
url="postgres://postgres@127.0.0.1:$proxy_port/homeward"
export HOMEWARD_KEY_FILE=$work/homeward.key
"$homeward" --database-url "$url" migrate >/dev/null 2>"$work/migrate.err" || {
    cat "$work/migrate.err" >&2
    fail "homeward migrate failed"
}
started=$(date +%s.%N)
"$homeward" --database-url "$url" demo --scale area >"$work/demo.out" 2>"$work/demo.err" || {
    cat "$work/demo.err" >&2
    fail "homeward demo failed"
}
say "demo area seeded in $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s"
officer=$(awk '$1 == "demo" && $5 == "police_officer" {print $3; exit}' "$work/demo.out")
[[ -n $officer ]] || fail "the demo printed no police officer"
token=$("$homeward" --database-url "$url" token create --email "$officer" 2>/dev/null | tail -n 1)
"$homeward" --database-url "$url" serve --bind "127.0.0.1:$web_port" >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$web_port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$web_port/healthz" >/dev/null || fail "homeward serve did not answer"

say "write load: $workers clients for $load_seconds s; kill -9 of the primary after $kill_after s"
python3 "$root/scripts/failover/load.py" "http://127.0.0.1:$web_port" "$token" "$load_seconds" "$workers" \
    "$work/load.json" &
load=$!
sleep "$kill_after"
postmaster=$(head -n 1 "$primary/postmaster.pid")
children=$(ps -o pid= --ppid "$postmaster" | tr '\n' ' ')
# The whole server at once, as a machine that dies takes it: the postmaster and every backend.
# shellcheck disable=SC2086
kill -9 "$postmaster" $children
killed_at=$(date +%s.%N)
[[ $gap == refuse ]] || echo hold >"$work/target"
say "primary killed (kill -9 of $postmaster and its backends); its address now ${gap}s connections"
sleep "$promote_after"
"${as_owner[@]}" "$bindir/pg_ctl" -D "$standby" -w -t 60 promote >/dev/null || fail "pg_ctl promote failed"
echo "$standby_port" >"$work/target"
promoted_at=$(date +%s.%N)
say "standby promoted and the address moved to it"
wait "$load" || fail "the load client failed"

DB=homeward sql "$standby_port" "SELECT id, given_name FROM people WHERE family_name = 'Failover'" >"$work/rows"
python3 "$root/scripts/failover/check.py" "$work/load.json" "$work/rows" "$killed_at" "$promoted_at"
