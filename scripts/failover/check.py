#!/usr/bin/env python3
"""The check of scripts/failover-test.sh: compares the load's acknowledged writes (LOAD, from load.py) with the
people the promoted standby holds (ROWS: `id|given_name` lines from psql), and prints the run's figures. Exits 1 if
any acknowledged write is missing or any write was made twice.

    check.py LOAD ROWS KILLED_AT PROMOTED_AT
"""
import collections
import json
import sys


def main():
    load_file, rows_file, killed_at, promoted_at = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    with open(load_file, encoding="utf-8") as file:
        load = json.load(file)
    with open(rows_file, encoding="utf-8") as file:
        rows = [line.strip().split("|", 1) for line in file if line.strip()]
    held_ids = {row[0] for row in rows}
    by_name = collections.Counter(row[1] for row in rows)

    lost = [a for a in load["acked"] if a["id"] not in held_ids]
    duplicated = sorted(name for name, count in by_name.items() if count > 1)
    unresolved_made = [u for u in load["unresolved"] if by_name[u["given_name"]] == 1]
    attempts = load["attempts"]
    failed = [a for a in attempts if a["status"] != 201]
    during = [a for a in attempts if killed_at <= a["at"]]
    first_ok_after = min((a["at"] + a["took"] for a in during if a["status"] == 201), default=None)
    statuses = collections.Counter(str(a["status"]) + (" " + a["code"] if a["code"] else "") for a in attempts)

    print("writes acknowledged:           %d" % len(load["acked"]))
    print("acknowledged writes lost:      %d" % len(lost))
    print("records made twice:            %d" % len(duplicated))
    print("records on the new primary:    %d (acknowledged %d; made but unacknowledged %d)"
          % (len(rows), len(load["acked"]), len(rows) - len(load["acked"])))
    print("writes never resolved:         %d (of which made: %d)" % (len(load["unresolved"]), len(unresolved_made)))
    print("writes refused:                %d" % len(load["refused"]))
    print("acknowledged after a retry:    %d (answered from a kept answer: %d)"
          % (sum(1 for a in load["acked"] if a["tries"] > 1), sum(1 for a in load["acked"] if a["replayed"])))
    print("time without a primary:        %.1f s (kill -9 to promotion done)" % (promoted_at - killed_at))
    if first_ok_after is not None:
        print("first write acknowledged after the kill: %.1f s after it" % (first_ok_after - killed_at))
    print("attempts:                      %d (%s)" % (len(attempts), ", ".join(
        "%s: %d" % item for item in sorted(statuses.items()))))
    slow = False
    if failed:
        slowest = max(a["took"] for a in failed)
        # The bound: while there is no primary, a request fails clearly within 5 seconds.
        slow = slowest > 5.0
        if slow:
            print("SLOW: a failed request took %.2f s, over the 5 s bound" % slowest)
        print("failed attempts answered in:   at most %.2f s (mean %.2f s)"
              % (slowest, sum(a["took"] for a in failed) / len(failed)))
    if lost:
        print("LOST: " + ", ".join(a["id"] for a in lost[:20]))
    if duplicated:
        print("TWICE: " + ", ".join(duplicated[:20]))
    sys.exit(1 if lost or duplicated or slow else 0)


if __name__ == "__main__":
    main()
