"""Reading a policy file: YAML to a validated, versioned `Policy`, or a `PolicyError` naming the field.

Apart from the models (`warmline/policy.py`) because this is the only part that touches files and YAML, and
the part whose wording an operator reads: `query_types[2].queue: ...`, `not valid YAML at line 4, column 3`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from warmline.policy import Policy, PolicyError

_NAMED = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.+)$", re.S)


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENT.match(part):
            out += f".{part}" if out else part
        else:  # an unknown key as the file spelt it, quoted, so the message stays one readable line
            out += f"[{part!r}]"
    return out


def parse_policy(data: Any, source: str = "policy") -> Policy:
    """Validate already-parsed YAML; raise `PolicyError` naming the first bad field."""
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: the policy must be a YAML mapping, got {type(data).__name__}")
    try:
        return Policy.model_validate(data)
    except ValidationError as e:
        errs = e.errors()
        first = errs[0]
        where = _loc(tuple(first["loc"])) or "(top level)"
        msg = str(first["msg"]).removeprefix("Value error, ")
        if named := _NAMED.match(msg):  # the model validator already named the field precisely
            where, msg = named.group(1), named.group(2)
        more = f" (and {len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})" if len(errs) > 1 else ""
        raise PolicyError(f"{source}: {where}: {msg}{more}") from None


def load_policy(path: str | Path) -> Policy:
    """Read, validate and version a policy file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise PolicyError(f"{p}: cannot read the policy file ({e.strerror})") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = " ".join(str(getattr(e, "problem", None) or e).split())
        raise PolicyError(f"{p}: not valid YAML{at}: {problem}") from None
    except RecursionError:
        raise PolicyError(f"{p}: not valid YAML: nested too deeply") from None
    policy = parse_policy(data, str(p))
    return policy.model_copy(update={"version": version_of(raw)})


def version_of(raw: bytes) -> str:
    """A policy's version: the first 12 hex digits of its file's sha256 (what calls, reviews and diffs name)."""
    return hashlib.sha256(raw).hexdigest()[:12]
