#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server:
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# Starts a fresh cluster in a temporary directory on a free loopback port, exports
# HOMEWARD_TEST_POSTGRES_URL (a superuser URL, trust authentication) for the command, runs it, then always stops
# the server and removes the directory, and exits with the command's status. Installs PostgreSQL from the
# distribution's packages when no server binaries are found. Never skips: if PostgreSQL cannot be started, it says
# why and exits non-zero, so a test run cannot pass by quietly leaving PostgreSQL out.
set -euo pipefail

say() { printf 'with-postgres: %s\n' "$*" >&2; }
fail() {
    say "$*"
    exit 1
}

[[ $# -gt 0 ]] || fail "usage: $0 COMMAND [ARGS...]"

# The directory holding initdb, pg_ctl and postgres. /usr/local/bin may hold wrappers or links, so the packaged
# directories are preferred over whatever is first on PATH.
find_bindir() {
    local dir
    if dir=$(pg_config --bindir 2>/dev/null) && [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
        printf '%s\n' "$dir"
        return 0
    fi
    return 1
}

if ! bindir=$(find_bindir); then
    [[ $(id -u) -eq 0 ]] || fail "no PostgreSQL server binaries found, and installing them needs root"
    say "no PostgreSQL server binaries found; installing the postgresql package with apt-get"
    apt-get update -qq >&2 || fail "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || fail "installing postgresql failed"
    bindir=$(find_bindir) || fail "postgresql was installed but its server binaries are not where expected"
fi

# initdb refuses to run as root, so as root the cluster belongs to, and runs as, the postgres user.
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 || fail "running as root but there is no postgres user to run the server as"
    as_owner=(runuser -u postgres --)
fi

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for port in $(seq $((20000 + RANDOM % 20000)) 65000); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return
        fi
    done
    return 1
}

workdir=$(mktemp -d "${TMPDIR:-/tmp}/homeward-pg.XXXXXX")
datadir=$workdir/data
logfile=$workdir/server.log
started=0

cleanup() {
    local status=$?
    if [[ $started -eq 1 && -f $datadir/postmaster.pid ]]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 ||
            say "could not stop the server in $datadir cleanly"
    fi
    rm -rf "$workdir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$workdir"
if [[ ${#as_owner[@]} -gt 0 ]]; then
    chown postgres: "$workdir"
fi

"${as_owner[@]}" "$bindir/initdb" -D "$datadir" -A trust -U postgres --no-sync -E UTF8 --locale=C \
    >"$workdir/initdb.log" 2>&1 || {
    cat "$workdir/initdb.log" >&2
    fail "initdb failed"
}

# TLS, with a certificate for the name localhost signed by a throwaway authority, so that connections with
# sslmode=verify-full are tested for real: HOMEWARD_TEST_POSTGRES_CA names the authority's certificate.
tls=$workdir/tls
mkdir -p "$tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Homeward test authority" \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" >/dev/null 2>&1 || fail "openssl could not make a test authority"
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" \
    >/dev/null 2>&1 || fail "openssl could not make a server key"
printf 'subjectAltName=DNS:localhost\n' >"$tls/san.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/san.ext" -out "$tls/server.pem" >/dev/null 2>&1 || fail "openssl could not sign the server's certificate"
chmod 600 "$tls/server.key"
chmod 644 "$tls/ca.pem"
if [[ ${#as_owner[@]} -gt 0 ]]; then
    chown -R postgres: "$tls"
fi

port=$(free_port) || fail "no free TCP port found on 127.0.0.1"
# The server is a throwaway: durability settings are off for speed, and its socket lives in the temporary directory.
options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -k $workdir"
options+=" -c listen_addresses=127.0.0.1 -p $port"
options+=" -c ssl=on -c ssl_cert_file=$tls/server.pem -c ssl_key_file=$tls/server.key"
started=1
"${as_owner[@]}" "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -o "$options" -w -t 30 start >/dev/null ||
    {
        cat "$logfile" >&2 2>/dev/null || true
        fail "pg_ctl could not start PostgreSQL"
    }

ready=0
for _ in $(seq 1 300); do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
        ready=1
        break
    fi
    sleep 0.1
done
if [[ $ready -ne 1 ]]; then
    cat "$logfile" >&2 2>/dev/null || true
    fail "PostgreSQL did not accept connections on 127.0.0.1:$port within 30 seconds"
fi

export HOMEWARD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
export HOMEWARD_TEST_POSTGRES_CA=$tls/ca.pem
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') ready at $HOMEWARD_TEST_POSTGRES_URL"

# The command runs in the background so that a signal to this script reaches it at once (bash would otherwise hold
# the signal until the command ended); its standard input is passed on explicitly, as a background job's is not.
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM
set +e
wait "$child"
status=$?
# A trapped signal ends the first wait early; the second collects the command's own status once it has stopped.
if kill -0 "$child" 2>/dev/null; then
    wait "$child"
    status=$?
fi
set -e
exit "$status"
