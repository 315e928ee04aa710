#!/usr/bin/env bash
# Run the tests: lint, format check, type check, then pytest (arguments go to pytest).
#
#   scripts/test.sh                 # everything
#   scripts/test.sh -k triggers -x  # pytest arguments pass through
#
# Stops at the first failing step with its exit code. pytest collecting no tests
# (exit code 5) is a failure, on purpose.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/ensure_venv.sh" dev
cd "$root"
bin="$root/.venv/bin"

step() {
    echo "==> $*" >&2
    "$@"
}

step "$bin/ruff" check .
step "$bin/ruff" format --check .
step "$bin/mypy" .
step "$bin/python" -m pytest -q --durations=20 "$@"  # the 20 slowest, so CI time stays watched
