"""Pairwise precision, recall and F1 of a linker's pairs against a test bed's truth, for scripts/bench-link.sh.

    link_eval.py TRUTH.csv PAIRS.csv [THRESHOLD]

TRUTH.csv is `unique_id,person_id`; PAIRS.csv has `unique_id_l,unique_id_r,match_probability` (the layout of both
Homeward's pairs.csv and Splink's predictions). A pair at or above THRESHOLD (default 0.5) is predicted; it is right
when both ids have the same person_id. Every pair within a person counts as a true pair: a person with n records
has n(n-1)/2. Prints one line: predicted right true precision recall f1.
"""

import csv
import sys
from collections import Counter


def main(truth_path: str, pairs_path: str, threshold: float) -> None:
    person = {}
    with open(truth_path, newline="") as f:
        for row in csv.DictReader(f):
            person[row["unique_id"]] = row["person_id"]
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(person.values()).values())
    predicted = right = 0
    seen = set()
    with open(pairs_path, newline="") as f:
        for row in csv.DictReader(f):
            if float(row["match_probability"]) < threshold:
                continue
            # Homeward quotes a cell a spreadsheet would run; the test bed's ids never need it.
            l, r = row["unique_id_l"].lstrip("'"), row["unique_id_r"].lstrip("'")
            key = (min(l, r), max(l, r))
            if key in seen:
                continue
            seen.add(key)
            predicted += 1
            right += person[l] == person[r]
    precision = right / predicted if predicted else 0.0
    recall = right / true_pairs if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{predicted} {right} {true_pairs} {precision:.4f} {recall:.4f} {f1:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.5)
