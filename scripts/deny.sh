#!/usr/bin/env bash
# Refuses known-vulnerable, unmaintained and yanked dependencies, licences outside deny.toml's list, and crates from
# anywhere but crates.io: `cargo deny check` (issue 16, item 9), offline, against the RustSec advisory database
# snapshot the project is given. The snapshot is a git bundle (HOMEWARD_ADVISORY_BUNDLE, default
# ../shared/advisory-db.bundle); it is cloned under target/ and never fetched. cargo-deny itself is installed under
# target/tools at a pinned version the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'deny: %s\n' "$*" >&2; }

version=0.20.2
tools=target/tools
deny=$tools/bin/cargo-deny
if [[ ! -x $deny ]] || [[ $("$deny" --version 2>/dev/null | awk '{print $2}') != "$version" ]]; then
    say "installing cargo-deny $version under $tools (once)"
    cargo install --quiet --locked --root "$tools" cargo-deny --version "$version"
fi

bundle=${HOMEWARD_ADVISORY_BUNDLE:-../shared/advisory-db.bundle}
[[ -f $bundle ]] || { say "no advisory database snapshot at $bundle (set HOMEWARD_ADVISORY_BUNDLE)"; exit 1; }
# cargo-deny keeps each database in a directory named for its URL (deny.toml's db-urls) and reads its HEAD.
db=target/advisory-dbs/advisory-db-3157b0e258782691
want=$(git bundle list-heads "$bundle" | awk '$2 == "refs/heads/main" {print $1}')
[[ -n $want ]] || { say "$bundle has no main branch"; exit 1; }
if [[ $(git -C "$db" rev-parse HEAD 2>/dev/null || true) != "$want" ]]; then
    rm -rf "$db"
    mkdir -p "$(dirname "$db")"
    git clone --quiet --branch main "$bundle" "$db"
fi
say "advisory database $(git -C "$db" log -1 --format='%h of %cs')"
# cargo-deny reads the whole dependency graph, every platform's crates included: fetch them first (a fresh machine
# has only what its own builds needed), so the check itself can run offline.
cargo fetch --locked --quiet
"$deny" --offline --locked check advisories licenses sources bans
