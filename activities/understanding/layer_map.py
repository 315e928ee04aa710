"""A fitted map from the first k layers' sentence vector to all six layers': a cut encoder that reads like six.

Running only the first k of all-MiniLM-L6-v2's six layers saves 30–47 % of understanding's CPU per turn, but
its pooled vectors are not six layers' (they crowd into one cone), and every cosine threshold and phrasing set
the line has was set on six layers' (bench/README.md, "Fewer of MiniLM's layers"). This module fits, once and
offline, an affine map `y = x W + b` (384 x 384 and a bias, ridge least squares) from layer k's pooled unit
vector to layer 6's on texts that are no eval call: the shipped phrasing sets, the calibration phrasings and
CLINC150's train split. At run time the cut encoder applies it to every pooled vector and normalises again
(one 384 x 384 product, ~0.04 ms measured), so the phrasing sets keep their six-layer embeddings (`vectors/*.base.npz`).

    python -m activities.understanding.layer_map       # fits first3.npz and first4.npz (seeded), prints cosines
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MAPS = HERE / "maps"
BUILD = "python -m activities.understanding.layer_map"
DIM = 384
SEED = 15
RIDGE = 1e-5  # times the number of texts; the diagonal of the Gram matrix is ~n / 384
CLINC = HERE.parent.parent.parent / "shared" / "data" / "clinc150" / "data_full.json"
TRAIN_PER_INTENT = 40  # of CLINC150's 100 train texts per intent (time to embed three ways, ~16 k texts in all)
TEST_PER_INTENT = 10  # held out: CLINC150's test split, never fitted on


def map_path(layers: int) -> Path:
    return MAPS / f"first{layers}.npz"


@dataclass(frozen=True)
class LayerMap:
    """`y = x @ w + b`, then unit length: a first-k pooled vector read as six layers' would be."""

    w: np.ndarray  # [384, 384] float32
    b: np.ndarray  # [384] float32

    def apply(self, x: np.ndarray) -> np.ndarray:
        y = x @ self.w + self.b
        return (y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def load(layers: int) -> LayerMap:
    """The shipped map for the first `layers` layers; refused when it is missing (the line would read otherwise)."""
    path = map_path(layers)
    try:
        with np.load(path) as f:
            w, b = np.asarray(f["w"], np.float32), np.asarray(f["b"], np.float32)
    except (OSError, KeyError, ValueError) as e:
        raise ValueError(f"{path} is missing or unreadable ({e}): write it with {BUILD}") from e
    if w.shape != (DIM, DIM) or b.shape != (DIM,):
        raise ValueError(f"{path} holds a {w.shape} map, not {DIM} x {DIM}: write it again with {BUILD}")
    return LayerMap(w, b)


def fit(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE) -> LayerMap:
    """Ridge least squares of `y` on `x` with a bias (the bias not shrunk): closed form, deterministic."""
    xa = np.hstack([x, np.ones((len(x), 1))]).astype(np.float64)
    gram = xa.T @ xa
    gram[np.arange(DIM), np.arange(DIM)] += ridge * len(x)
    sol = np.linalg.solve(gram, xa.T @ y.astype(np.float64))
    return LayerMap(sol[:DIM].astype(np.float32), sol[DIM].astype(np.float32))


def clinc_sample(split: str, per_intent: int) -> list[str]:
    """A seeded sample of CLINC150's `split`: `per_intent` texts of each intent and as many out-of-scope."""
    data = json.loads(CLINC.read_text())
    by_intent: dict[str, list[str]] = {}
    for text, intent in data[split]:
        by_intent.setdefault(intent, []).append(text)
    rng = random.Random(SEED)
    out = [t for intent in sorted(by_intent) for t in rng.sample(by_intent[intent], per_intent)]
    return out + rng.sample([t for t, _ in data[f"oos_{split}"]], min(len(data[f"oos_{split}"]), 10 * per_intent))


def fit_texts() -> tuple[dict[str, list[str]], list[str]]:
    """The shipped phrasing sets (their six-layer vectors ship) and the other fitting texts (calibration, CLINC)."""
    from activities.understanding.smoothing import calibration_texts
    from activities.understanding.vectors import shipped_sets

    return shipped_sets(), list(dict.fromkeys(calibration_texts() + clinc_sample("train", TRAIN_PER_INTENT)))


def _cosines(a: np.ndarray, b: np.ndarray) -> str:
    c = (a * b).sum(axis=1)
    return f"mean {c.mean():.4f}  p5 {np.percentile(c, 5):.4f}  min {c.min():.4f}"


def main() -> None:
    from activities.understanding import vectors
    from activities.understanding.encoder import MiniLmEncoder

    sets, others = fit_texts()
    held_out = clinc_sample("test", TEST_PER_INTENT)
    six = MiniLmEncoder()
    y = np.vstack([vectors.load(name, texts, six) for name, texts in sets.items()] + [six.encode(others)])
    y_test = six.encode(held_out)
    set_texts = [t for texts in sets.values() for t in texts]
    print(f"fitting on {len(y)} texts ({len(set_texts)} phrasings, {len(others)} others); {len(held_out)} held out")
    MAPS.mkdir(exist_ok=True)
    for k in (4, 3):
        cut = MiniLmEncoder(layers=k, raw=True)
        x, x_test = cut.encode(set_texts + others), cut.encode(held_out)
        m = fit(x, y)
        np.savez(map_path(k), w=m.w, b=m.b)
        print(f"k={k}  held-out cosine to six layers: cut {_cosines(x_test, y_test)}", file=sys.stderr)
        print(f"k={k}  mapped: fit texts {_cosines(m.apply(x), y)}; held out {_cosines(m.apply(x_test), y_test)}")
        print(f"wrote {map_path(k)} ({map_path(k).stat().st_size // 1024} kB)", file=sys.stderr)


if __name__ == "__main__":
    main()
