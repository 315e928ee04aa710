#!/usr/bin/env bash
# Run the line: Temporal dev server + worker + API, in one go.
#
#   scripts/run.sh [--port 8000] [--temporal-port 7233] [--ui-port 8233] [--policy policies/demo.yaml]
#
# Creates .venv on a fresh clone, installs the project when pyproject.toml changed,
# then hands over to scripts/run_line.py (Ctrl-C stops everything).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/ensure_venv.sh" local   # the line + the Temporal CLI's dev server
cd "$root"
exec "$root/.venv/bin/python" "$root/scripts/run_line.py" "$@"
