# Shared by the HTTP benchmarks (bench-api.sh, bench-during-import.sh); sourced, not run. Sets up a work directory
# removed on exit with every process started into `pids`, and the helpers below.
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
    say "installing wrk (Debian package)"
    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() { # URL
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    say "nothing answered at $1"
    return 1
}

# wrk's report on standard input, summarised as "REQS_PER_S P99_MS ERRORS" (errors: non-2xx answers and socket
# errors).
wrk_summary() {
    awk '
        /Requests\/sec:/ { rps = $2 }
        /^ +99%/ { v = $2; ms = v + 0; if (v ~ /us$/) ms /= 1000; else if (v ~ /ms$/) ms += 0; else if (v ~ /s$/) ms *= 1000; p99 = ms }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i + 0 }
        END { printf "%s %.1f %d\n", rps, p99, errors }'
}
