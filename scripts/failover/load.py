#!/usr/bin/env python3
"""The write load of scripts/failover-test.sh: WORKERS clients each record synthetic people through the API
(POST /api/v1/people) one after another for SECONDS, every POST carrying an Idempotency-Key of its own. A write is
acknowledged when it is answered 201; until then the same request (same key, same body) is sent again after every
error, refusal or timeout, for at most GIVE_UP seconds. Every attempt's time, duration and answer are recorded, and
the whole run is written as JSON to OUT for the script's check.

    load.py URL TOKEN SECONDS WORKERS OUT
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

GIVE_UP = 180.0
ATTEMPT_TIMEOUT = 30.0


def post(url, token, key, body):
    request = urllib.request.Request(
        url + "/api/v1/people",
        data=body,
        method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=ATTEMPT_TIMEOUT) as response:
            return response.status, response.read(), response.headers.get("Idempotent-Replayed") == "true"
    except urllib.error.HTTPError as error:
        return error.code, error.read(), False
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        return None, str(error).encode(), False


def main():
    url, token, seconds, workers, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    lock = threading.Lock()
    counter = iter(range(1, 10**9))
    acked, unresolved, refused, attempts = [], [], [], []
    deadline = time.time() + seconds

    def worker():
        while time.time() < deadline:
            with lock:
                seq = next(counter)
            key = str(uuid.uuid4())
            given = "Load %06d" % seq
            body = json.dumps({"given_name": given, "family_name": "Failover", "date_of_birth": "2010-01-01",
                               "sex": "F", "looked_after": False}).encode()
            first = time.time()
            tries = 0
            while True:
                tries += 1
                started = time.time()
                status, answer, replayed = post(url, token, key, body)
                took = time.time() - started
                code = None
                if status is not None and status >= 400:
                    try:
                        code = json.loads(answer)["error"]["code"]
                    except (ValueError, KeyError, TypeError):
                        code = "not_json"
                with lock:
                    attempts.append({"at": started, "took": took, "status": status, "code": code})
                if status == 201:
                    record = {"seq": seq, "key": key, "given_name": given, "id": json.loads(answer)["id"],
                              "tries": tries, "replayed": replayed, "acknowledged_at": time.time()}
                    with lock:
                        acked.append(record)
                    break
                retry = status is None or status >= 500 or code == "idempotency_key_in_use"
                if not retry or time.time() - first > GIVE_UP:
                    with lock:
                        (unresolved if retry or code == "idempotency_answer_lost" else refused).append(
                            {"seq": seq, "key": key, "given_name": given, "status": status, "code": code})
                    break
                time.sleep(0.25)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(out, "w", encoding="utf-8") as file:
        json.dump({"acked": acked, "unresolved": unresolved, "refused": refused, "attempts": attempts}, file)


if __name__ == "__main__":
    main()
