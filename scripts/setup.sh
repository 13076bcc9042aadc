#!/usr/bin/env bash
# Create .venv and install nianbao with its test tools; does nothing when already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' \
  2> >(grep -v "^WARNING: Location 'file://" >&2)  # this machine's pip config lists mirrors that may be absent
echo "$want" > "$stamp"
