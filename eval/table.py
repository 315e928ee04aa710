"""Plain Markdown tables: readable in a terminal and pasteable into docs/understanding.md."""

from __future__ import annotations

from collections.abc import Sequence


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def markdown(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
