"""Prints, as a schemathesis dictionary (one quoted value a line), ids of records a caller can see, so that
operations on `{id}` reach real records and not only 404s.

    python ids.py BASE_URL TOKEN > ids.dict

Reads the first page of each list the caller may read (a list the role may not read is skipped), and the people
of the episodes listed. Ids only: nothing personal is written.
"""

import json
import sys
import urllib.error
import urllib.request

LISTS = [
    "/api/v1/episodes?limit=20",
    "/api/v1/return-interviews?limit=20",
    "/api/v1/recommendations?limit=20",
    "/api/v1/alerts?limit=20",
    "/api/v1/link-proposals?limit=20",
    "/api/v1/contexts?limit=20",
]


def read(base: str, token: str, path: str) -> dict:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)
    except urllib.error.HTTPError:
        return {}


def main() -> None:
    base, token = sys.argv[1], sys.argv[2]
    ids: list[str] = []
    for path in LISTS:
        for item in read(base, token, path).get("items", []):
            ids.append(item["id"])
            ids.extend(item[key] for key in ("person_id", "episode_id", "interview_id") if item.get(key))
    for id in dict.fromkeys(ids):
        print(json.dumps(id))


if __name__ == "__main__":
    main()
