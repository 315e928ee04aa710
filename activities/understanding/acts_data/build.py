"""Merge `sources/*.jsonl` and `own.yaml` into `acts.jsonl`, deterministically.

Why a build step rather than a hand-kept file: the public extracts and our own writing overlap and sometimes
disagree, and the mix needs balancing (SGD alone has thousands of "yes"/"thanks" turns but no request for a
person). Doing it here, seeded, means anyone can regenerate the exact bytes and `--check` catches a committed
file that drifted from its inputs.

    python -m activities.understanding.acts_data.build [--out PATH] [--check]

Rules, in order:
1. Normalise whitespace (casing is kept). Every act and context must be from `ACTS` / `CONTEXTS`.
2. Deduplicate on (lower-cased text, context). Our own writing wins over a public corpus. Public duplicates
   merge their acts; they are dropped when one says "no act" and another names one, or affirm meets deny.
3. Cap every act at `MAX_PER_ACT` rows by dropping seeded-random public rows (own rows are never dropped),
   then sample public no-act rows so no-act rows are `NONE_SHARE` of the total.
4. `split` is "dev" for ~10 % of texts by a seeded hash of the lower-cased text alone, so the same words in
   two contexts never straddle train and dev.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from activities.understanding.acts_data import ACTS, ACTS_PATH, CONTEXTS, OWN_PATH, SOURCES_DIR

SEED = 20240611
MAX_PER_ACT = 3000
NONE_SHARE = 0.45
DEV_PERCENT = 10
OWN = "own"


@dataclass
class _Row:
    text: str
    acts: frozenset[str]
    context: str
    source: str


def _norm(text: str) -> str:
    return " ".join(text.split())


def _checked(text: Any, acts: Any, context: Any, source: str, where: str) -> _Row:
    """A row whose labels are all from the allowed sets: a typo in a label must fail the build, not ship."""
    if not isinstance(text, str) or not _norm(text):
        raise ValueError(f"{where}: text must be a non-empty string, got {text!r}")
    bad = set(acts) - set(ACTS)
    if bad or context not in CONTEXTS:
        raise ValueError(f"{where}: unknown act(s) {sorted(bad)} or context {context!r} for {text!r}")
    return _Row(_norm(text), frozenset(acts), str(context), source)


def read_sources(sources_dir: Path = SOURCES_DIR) -> list[_Row]:
    """Every extract in `sources/`, in file-name then line order."""
    rows: list[_Row] = []
    for path in sorted(sources_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            d = json.loads(line)
            rows.append(_checked(d["text"], d["acts"], d["context"], str(d["source"]), f"{path.name}:{n}"))
    return rows


def read_own(path: Path = OWN_PATH) -> list[_Row]:
    """Our own writing; a phrasing written twice under different labels in one context is an error to fix."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows: list[_Row] = []
    labels: dict[tuple[str, str], frozenset[str]] = {}
    for i, group in enumerate(doc["groups"]):
        for text in str(group["texts"]).splitlines():
            if not text.strip():
                continue
            row = _checked(text, group["acts"] or [], group["context"], OWN, f"{path.name} group {i}")
            key = (row.text.lower(), row.context)
            if labels.setdefault(key, row.acts) != row.acts:
                raise ValueError(f"{path.name}: {row.text!r} ({row.context}) written with two different labels")
            rows.append(row)
    return rows


def merge(rows: list[_Row]) -> tuple[list[_Row], Counter[str]]:
    """One row per (lower-cased text, context); see the module docstring for who wins. Returns drop counts."""
    groups: dict[tuple[str, str], list[_Row]] = {}
    for r in rows:
        groups.setdefault((r.text.lower(), r.context), []).append(r)
    merged: list[_Row] = []
    dropped: Counter[str] = Counter()
    for key in sorted(groups):
        group = groups[key]
        own = [r for r in group if r.source == OWN]
        if own:
            if any(r.acts != own[0].acts for r in group):
                dropped["public overridden by own"] += 1
            merged.append(own[0])
            continue
        group = sorted(group, key=lambda r: (r.source, r.text))
        labels = {r.acts for r in group}
        union = frozenset().union(*labels)
        if len(labels) > 1 and (frozenset() in labels or {"affirm", "deny"} <= union):
            dropped["public conflict"] += 1
            continue
        merged.append(_Row(group[0].text, union, group[0].context, group[0].source))
    return merged, dropped


def _order(r: _Row) -> tuple[str, str, str, str, str]:
    return (",".join(sorted(r.acts)), r.context, r.text.lower(), r.text, r.source)


def balance(rows: list[_Row]) -> list[_Row]:
    """Cap each act at MAX_PER_ACT and make no-act rows NONE_SHARE of the set; own rows always stay."""
    rng = random.Random(SEED)
    rows = sorted(rows, key=_order)
    with_acts = [r for r in rows if r.acts]
    for act in ACTS:
        have = [r for r in with_acts if act in r.acts]
        excess = len(have) - MAX_PER_ACT
        if excess > 0:
            public = [r for r in have if r.source != OWN]
            drop = {id(r) for r in rng.sample(public, min(excess, len(public)))}
            with_acts = [r for r in with_acts if id(r) not in drop]
    none_own = [r for r in rows if not r.acts and r.source == OWN]
    none_public = [r for r in rows if not r.acts and r.source != OWN]
    want = round(len(with_acts) * NONE_SHARE / (1 - NONE_SHARE)) - len(none_own)
    sampled = rng.sample(none_public, max(0, min(want, len(none_public))))
    return sorted(with_acts + none_own + sampled, key=_order)


def split_of(text: str) -> str:
    """'dev' for ~DEV_PERCENT % of texts, by a seeded hash of the lower-cased text (stable across runs)."""
    digest = hashlib.sha256(f"{SEED}:{text.lower()}".encode()).digest()
    return "dev" if int.from_bytes(digest[:8], "big") % 100 < DEV_PERCENT else "train"


def render(rows: list[_Row]) -> bytes:
    """The acts.jsonl bytes: fixed key order, UTF-8, one row a line."""
    lines = [
        json.dumps(
            {
                "text": r.text,
                "acts": sorted(r.acts),
                "context": r.context,
                "source": r.source,
                "split": split_of(r.text),
            },
            ensure_ascii=False,
        )
        for r in rows
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build(sources_dir: Path = SOURCES_DIR, own_path: Path = OWN_PATH) -> tuple[bytes, dict[str, Any]]:
    """The acts.jsonl bytes and a summary (counts per act, context, source, and what merging dropped)."""
    merged, dropped = merge(read_sources(sources_dir) + read_own(own_path))
    rows = balance(merged)
    summary: dict[str, Any] = {
        "rows": len(rows),
        "no_act": sum(1 for r in rows if not r.acts),
        "acts": dict(sorted(Counter(a for r in rows for a in r.acts).items())),
        "contexts": dict(sorted(Counter(r.context for r in rows).items())),
        "sources": dict(sorted(Counter(r.source for r in rows).items())),
        "dev": sum(1 for r in rows if split_of(r.text) == "dev"),
        "dropped": dict(sorted(dropped.items())),
    }
    return render(rows), summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ACTS_PATH, help="where to write (default: the committed file)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out differs from a fresh build")
    args = ap.parse_args(argv)
    data, summary = build()
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print(f"{args.out}: {'up to date' if same else 'differs from a fresh build'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    json.dump(summary, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
