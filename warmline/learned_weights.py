"""The shipped weights of a learned veto, read one way (`upset_blend`, `failure_blend`, `warmline/reply_blend`).

Each veto is a logistic regression over standardised readings of a turn, fitted by a command under `eval/` on the
READ half of the development lines and shipped as JSON beside its module (`eval/blend_fit.py` writes it): the
features by name, their means and scales, the weights, the intercept, the cut under which the veto acts, whether it
is on, and the veto's own settings. One reader, so the three agree on what a file holds: a feature the file lacks
weighs nothing (and a file may name features the code no longer reads: they are left out). One weighing
(`Logistic`), which each veto's record extends with its own settings, so the three weigh a row alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Logistic:
    """Standardisation, weights, intercept and cut of a fitted logistic regression, and whether it is on. Plain floats
    summed in Python: the reply veto runs in the workflow's decision, and a 16-to-20-term sum needs no array."""

    mean: Sequence[float]
    scale: Sequence[float]
    coef: Sequence[float]
    intercept: float
    cut: float = 0.0  # the veto acts where the log-odds fall under this
    enabled: bool = True

    def log_odds(self, row: Sequence[float]) -> float:
        """The row's log-odds (`row` in the features' order, not yet standardised)."""
        return float(
            self.intercept
            + sum(w * (x - m) / s for w, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True))
        )


@dataclass(frozen=True)
class Fitted:
    """A weights file read: its weighing, the per-feature lists in the order of the features the code reads, and the
    rest of the file (the veto's own settings)."""

    logistic: Logistic
    data: dict[str, Any]

    def weighing(self) -> dict[str, Any]:
        """`logistic`'s fields, for a veto's record (a `Logistic`) to be built from (`Blend(**f.weighing(), ...)`)."""
        return {f.name: getattr(self.logistic, f.name) for f in fields(Logistic)}

    def setting(self, key: str, kind: Callable[[Any], T], default: T | None = None) -> T | None:
        """One of the veto's own settings (`max_sustained`, `after` ...), `default` when the file has none."""
        value = self.data.get(key)
        return default if value is None else kind(value)


def aligned(data: dict[str, Any], features: Sequence[str]) -> Fitted:
    """`data` (a weights file's JSON) with its per-feature lists put in `features`' order."""
    by = {k: dict(zip(data["features"], data[k], strict=True)) for k in ("mean", "scale", "coef")}
    logistic = Logistic(
        mean=[float(by["mean"].get(f, 0.0)) for f in features],
        scale=[float(by["scale"].get(f, 1.0)) for f in features],
        coef=[float(by["coef"].get(f, 0.0)) for f in features],
        intercept=float(data["intercept"]),
        cut=float(data.get("cut", 0.0)),
        enabled=bool(data.get("enabled", True)),
    )
    return Fitted(logistic, data)


def read(path: Path) -> dict[str, Any] | None:
    """The weights file's JSON, or None without the file (the hand rules then stand)."""
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
