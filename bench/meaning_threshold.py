"""Choosing and measuring the review's meaning-grouping threshold on CLINC150 (warmline/meaning.py).

A week's misread phrasings on one line are requests from one business, so the
hard case is telling apart neighbouring requests. Each trial takes one intent and
its 7 nearest intents (by the mean embedding of their `train` utterances), 5
utterances of each from the split under test, shuffled: 40 phrasings, 8 true
groups. Pairwise precision (pairs grouped together that share an intent), recall
(same-intent pairs grouped together) and F1, summed over 150 trials (one per seed
intent). The threshold is chosen on `val`; `test` is held out and scored once,
at the chosen threshold, beside the baseline the review used before: one group
per AI reading (here all 40 read as one intent, as misreads of neighbours are).

    python -m bench.meaning_threshold            # prints both splits' tables
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import numpy as np

from activities.understanding.encoder import embed
from warmline.meaning import group_by_cosine

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "clinc150" / "data_full.json"
NEIGHBOURS, PER_INTENT = 7, 5
THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(11)]


def _by_intent(rows: list[list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for text, intent in rows:
        out[intent].append(text)
    return out


def trials(split: dict[str, list[str]], train: dict[str, list[str]], seed: int = 7) -> list[list[tuple[str, str]]]:
    names = sorted(train)
    cent = np.stack([embed(train[n]).mean(axis=0) for n in names])
    cent /= np.linalg.norm(cent, axis=1, keepdims=True)
    rnd = random.Random(seed)
    out = []
    for i, name in enumerate(names):
        near = [names[j] for j in np.argsort(-(cent @ cent[i])) if names[j] != name][:NEIGHBOURS]
        items = [(t, n) for n in [name, *near] for t in rnd.sample(split[n], PER_INTENT)]
        rnd.shuffle(items)
        out.append(items)
    return out


def pairwise(groups: list[list[int]], labels: list[str]) -> tuple[int, int, int]:
    """(pairs grouped together that share a label, pairs grouped together, pairs that share a label)."""
    together = {(a, b) for g in groups for a in g for b in g if a < b}
    same = {(a, b) for a in range(len(labels)) for b in range(a + 1, len(labels)) if labels[a] == labels[b]}
    return len(together & same), len(together), len(same)


def score(ts: list[list[tuple[str, str]]], threshold: float | None) -> tuple[float, float, float]:
    hit = grouped = same = 0
    for items in ts:
        labels = [n for _, n in items]
        if threshold is None:
            groups = [list(range(len(items)))]  # baseline: one group per AI reading
        else:
            groups = group_by_cosine(embed([t for t, _ in items]), threshold)
        h, g, s = pairwise(groups, labels)
        hit, grouped, same = hit + h, grouped + g, same + s
    p, r = hit / grouped if grouped else 1.0, hit / same
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    data = json.loads(DATA.read_text())
    train = _by_intent(data["train"])
    val, test = trials(_by_intent(data["val"]), train), trials(_by_intent(data["test"]), train)
    print("val (choose):  threshold  precision  recall  F1")
    best = max(THRESHOLDS, key=lambda t: score(val, t)[2])
    for t in THRESHOLDS:
        p, r, f = score(val, t)
        print(f"               {t:.2f}       {p:.3f}      {r:.3f}   {f:.3f}{'  <- chosen' if t == best else ''}")
    print("test (held out):")
    for label, t in (("baseline: one group per reading", None), (f"meaning, threshold {best:.2f}", best)):
        p, r, f = score(test, t)
        print(f"  {label:32s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")


if __name__ == "__main__":
    main()
