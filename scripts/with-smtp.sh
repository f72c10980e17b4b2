#!/usr/bin/env bash
# Runs a command beside a real SMTP server on loopback (aiosmtpd, from PyPI, in a venv under target/):
#
#   scripts/with-smtp.sh COMMAND [ARGS...]
#
# Every message the server receives is written to a Maildir. The command gets HOMEWARD_TEST_SMTP_URL
# (smtp://127.0.0.1:PORT) and HOMEWARD_TEST_MAILDIR; the server is always stopped afterwards and the command's exit
# status returned. It never skips: if the server cannot start, it says why and exits non-zero.
set -euo pipefail

say() { printf 'with-smtp: %s\n' "$*" >&2; }
[[ $# -gt 0 ]] || { say "usage: $0 COMMAND [ARGS...]"; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
req="$repo_root/scripts/smtp/requirements.txt"
venv="$repo_root/target/smtp-venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]] || ! "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    say "building the SMTP server's venv at $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
    printf '%s\n' "$want" >"$stamp"
fi

dir="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
"$venv/bin/python" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$dir/maildir" \
    >"$dir/server.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then say "the SMTP server stopped at once:"; cat "$dir/server.log" >&2; exit 1; fi
    sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { say "the SMTP server did not listen on port $port"; exit 1; }
say "SMTP server on 127.0.0.1:$port, writing to $dir/maildir"

export HOMEWARD_TEST_SMTP_URL="smtp://127.0.0.1:$port" HOMEWARD_TEST_MAILDIR="$dir/maildir"
set +e
"$@"
status=$?
set -e
exit "$status"
