#!/usr/bin/env python3
"""Run DfE's SSDA903 validation rules that touch the Missing table.

Loads DIR/header.csv, DIR/episodes.csv and DIR/missing.csv exactly the way the
validator's own CLI/API does (lac_validator.utils.process_uploaded_files ->
lac_validator.ingress.read_from_text -> lac_validator.datastore.create_datastore),
picks the ruleset for the collection year the same way the API does
(ruleset_utils.get_year_ruleset: 2026 -> lac2025_26), and runs every rule in it
that reads the Missing table, each on its own deep copy of the data.

Prints one JSON object to stdout:
  {"year", "ruleset", "rules_run", "rules_skipped", "failures": [
      {"code", "message", "table", "rows"}]}
"rows" are 0-based data-row indexes in that table's CSV (CSV line = row + 2).
"rules_skipped" lists rules that ran but returned {} because a table they need
was not supplied (e.g. 576 without --prev). A rule that raises is reported as a
failure with "table": null, "rows": [] and the exception text as its message.

Setup: PY=$(scripts/dfe903/setup-venv.sh | tail -n1); "$PY" scripts/dfe903/validate.py ...
"""

import argparse
import contextlib
import copy
import inspect
import json
import logging
import re
import sys
import warnings
from pathlib import Path

FILES = ("header.csv", "episodes.csv", "missing.csv")
MISSING_FIELDS = {"MISSING", "MIS_START", "MIS_END"}
# Source-level reference to the table, e.g. dfs["Missing"] or a list of table
# names (rule 1012 declares tables=["Episodes"] but also checks Missing).
MISSING_IN_SOURCE = re.compile(r"""["']Missing(_last)?["']""")


class UsageError(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="validate.py",
        description="Validate an SSDA903 header/episodes/missing CSV export "
        "against DfE's Missing-table rules (PyPI csc-validator-be-903).",
        epilog="Exit status: 0 no failures, 1 at least one rule failed "
        "(or raised), 2 usage/input error.",
    )
    p.add_argument("--year", required=True, type=int, metavar="YYYY",
                   help="collection year: 2026 = 1 April 2025 to 31 March 2026")
    p.add_argument("--prev", metavar="PREV_DIR",
                   help="optional: last year's return (any of the three CSVs); "
                   "enables rule 576")
    p.add_argument("--la", default="", metavar="CODE",
                   help="LA ONS code (metadata localAuthority; only feeds "
                   "Episodes postcode-derived columns, unused by Missing rules)")
    p.add_argument("--all", action="store_true",
                   help="run the whole ruleset, not only the Missing rules")
    p.add_argument("dir", metavar="DIR", help="folder with " + ", ".join(FILES))
    return p.parse_args(argv)


def code_key(code):
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


def touches_missing(rule):
    tables = {t.lower() for t in (rule.tables or ()) if isinstance(t, str)}
    if tables & {"missing", "missing_last"}:
        return True
    if MISSING_FIELDS & set(rule.affected_fields or ()):
        return True
    return bool(MISSING_IN_SOURCE.search(inspect.getsource(rule.func)))


def load(args):
    """Build the validator's data store the way its CLI/API does."""
    from lac_validator.datastore import create_datastore
    from lac_validator.ingress import read_from_text
    from lac_validator.types import UploadError
    from lac_validator.utils import process_uploaded_files

    this_dir = Path(args.dir)
    missing = [f for f in FILES if not (this_dir / f).is_file()]
    if missing:
        raise UsageError(f"{this_dir}: missing {', '.join(missing)}")
    uploads = {"This year": [str(this_dir / f) for f in FILES]}
    if args.prev:
        prev = [str(Path(args.prev) / f) for f in FILES if (Path(args.prev) / f).is_file()]
        if not prev:
            raise UsageError(f"{args.prev}: none of {', '.join(FILES)} found")
        uploads["Prev year"] = prev
    try:
        dfs, extras = read_from_text(process_uploaded_files(uploads))
    except UploadError as e:
        raise UsageError(f"could not read CSVs: {e}") from e
    # The API passes {"collectionYear": "2026", "localAuthority": ...};
    # create_datastore derives collection_start/collection_end from it.
    metadata = {"collectionYear": str(args.year), "localAuthority": args.la, **extras}
    return create_datastore(dfs, metadata)


def fresh_copy(store):
    # copy_datastore() in the package is shallow (copy(deep=False)); several
    # rules assign/sort/reset_index in place, so every rule gets its own deep copy.
    import pandas as pd

    return {
        k: v.copy(deep=True) if isinstance(v, pd.DataFrame) else copy.deepcopy(v)
        for k, v in store.items()
    }


def run(args):
    import importlib

    import pandas as pd

    ruleset = f"lac{args.year - 1}_{str(args.year)[2:4]}"  # as get_year_ruleset
    rules_dir = Path(next(iter(importlib.import_module("lac_validator.rules").__path__)))
    if not (rules_dir / ruleset / "__init__.py").is_file():
        have = sorted(p.name for p in rules_dir.glob("lac*_*") if p.is_dir())
        raise UsageError(f"no ruleset {ruleset} for --year {args.year} (have: {', '.join(have)})")
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry

    store = load(args)
    rules = sorted(
        (r for r in registry.values() if args.all or touches_missing(r)),
        key=lambda r: code_key(r.code),
    )

    run_codes, skipped, failures = [], [], []
    for rule in rules:
        run_codes.append(rule.code)
        try:
            result = rule.func(fresh_copy(store))
        except Exception as e:  # a crashing rule is a failure, not a crash
            failures.append({"code": rule.code, "message": f"rule raised {type(e).__name__}: {e}",
                             "table": None, "rows": []})
            continue
        if result == {}:
            skipped.append(rule.code)
            continue
        for table, rows in result.items():
            rows = sorted({int(r) for r in rows if pd.notna(r)})  # as LacValidator: drop NaNs
            if rows:
                failures.append({"code": rule.code, "message": rule.message,
                                 "table": table, "rows": rows})
    return {"year": args.year, "ruleset": ruleset, "rules_run": run_codes,
            "rules_skipped": skipped, "failures": failures}


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    warnings.simplefilter("ignore")  # pandas FutureWarning/SettingWithCopyWarning noise
    try:
        with contextlib.redirect_stdout(sys.stderr):  # keep stdout pure JSON
            report = run(args)
    except UsageError as e:
        print(f"validate.py: error: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        print(f"validate.py: error: {e} (run scripts/dfe903/setup-venv.sh and use its python)",
              file=sys.stderr)
        return 2
    json.dump(report, sys.stdout, indent=2)
    print()
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
