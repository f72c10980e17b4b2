#!/usr/bin/env bash
# Create (or refresh) the Python venv used by scripts/dfe903/validate.py.
#
#   scripts/dfe903/setup-venv.sh          # prints the venv's python on its last line
#   PY=$(scripts/dfe903/setup-venv.sh | tail -n1)
#
# Env:
#   DFE903_VENV  venv location, relative to the repo root unless absolute
#                (default: target/dfe903-venv; target/ is git-ignored)
#   PYTHON       interpreter used to create the venv (default: python3.11,
#                falling back to python3). The pinned numpy/pandas wheels need
#                CPython 3.11.
#
# Idempotent: the venv is rebuilt only when it is missing, broken, or
# requirements.txt has changed since it was built. Progress goes to stderr so
# stdout carries only the python path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
req="$here/requirements.txt"

venv="${DFE903_VENV:-target/dfe903-venv}"
case "$venv" in
  /*) ;;
  *) venv="$repo_root/$venv" ;;
esac
py="$venv/bin/python"
stamp="$venv/.dfe903-requirements.sha256"

want="$(sha256sum "$req" | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"

if [[ "$want" != "$have" ]] || ! "$py" -c 'import lac_validator.datastore' >/dev/null 2>&1; then
  base="${PYTHON:-}"
  if [[ -z "$base" ]]; then
    if command -v python3.11 >/dev/null 2>&1; then base=python3.11; else base=python3; fi
  fi
  echo "dfe903: building venv at $venv with $base" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$base" -m venv "$venv"
  "$py" -m pip install --quiet --disable-pip-version-check -r "$req" >&2
  "$py" -c 'import lac_validator.datastore' >/dev/null
  echo "$want" >"$stamp"
else
  echo "dfe903: venv up to date at $venv" >&2
fi

echo "$py"
