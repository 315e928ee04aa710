"""The distillation's texts: what the three-layer student is fitted on, what it is held out on, and the teacher's
vectors of them.

The student (`distil.py`) must learn to read like six layers on text that is no evaluation call: the shipped
phrasing sets, the calibration phrasings, CLINC150's train split and the public dialogue extracts under
`acts_data/` (the rule of `layer_map.py`'s fitting set); CLINC150's test split is held out for the cosine report,
the same seeded 1 600 texts as the map's. Which texts, and the teacher's vectors of them (computed by the line's
own six-layer encoder and cached), are one job apart from the torch training loop, which they do not need.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from activities.understanding.student import DIM


def clinc_path() -> Path:
    """CLINC150's data_full.json, where `layer_map.py` reads it (the shared data beside the checkout)."""
    from activities.understanding import layer_map

    return layer_map.CLINC


def _clinc() -> dict[str, list[list[str]]]:
    data: dict[str, list[list[str]]] = json.loads(clinc_path().read_text())
    return data


def held_out_texts() -> list[str]:
    """CLINC150's test split held out as `layer_map.py` holds it (the same seeded 1 600 texts): never trained on."""
    from activities.understanding import layer_map

    return layer_map.clinc_sample("test", layer_map.TEST_PER_INTENT)


def _clinc_test_all() -> set[str]:
    data = _clinc()
    return {t.strip() for t, _ in data["test"] + data["oos_test"]}


def _acts_texts() -> list[str]:
    """Every row of the dialog-act set and of its public source extracts (own writing, SGD, HWU64, CLINC150)."""
    from activities.understanding.acts_data import ACTS_PATH, SOURCES_DIR

    out: list[str] = []
    for path in [ACTS_PATH, *sorted(SOURCES_DIR.glob("*.jsonl"))]:
        with path.open(encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f if line.strip()]
    return out


def training_texts() -> list[str]:
    """The texts the student is fitted on, in a fixed order: no evaluation call, no CLINC150 test text."""
    from activities.understanding.smoothing import calibration_texts
    from activities.understanding.vectors import shipped_sets

    data = _clinc()
    clinc_train = [t for t, _ in data["train"] + data["oos_train"]]
    sets = [t for texts in shipped_sets().values() for t in texts]
    held = _clinc_test_all()
    texts = dict.fromkeys(t.strip() for t in sets + calibration_texts() + clinc_train + _acts_texts())
    return [t for t in texts if t and t not in held]


def teacher_vectors(texts: list[str]) -> np.ndarray:
    """The six-layer encoder's unit vectors as the line computes them (8-bit, ONNX Runtime): what the student
    must match. The shipped phrasing sets' come from their shipped vectors; the rest are kept in the data
    directory by the texts' digest (~7 min of CPU on a busy box)."""
    from activities.understanding import vectors
    from activities.understanding.encoder import MiniLmEncoder
    from warmline.settings import get_settings

    enc = MiniLmEncoder()
    known: dict[str, np.ndarray] = {}
    for name, set_texts in vectors.shipped_sets().items():
        known |= dict(zip(set_texts, vectors.load(name, set_texts, enc), strict=True))
    rest = [t for t in dict.fromkeys(texts) if t not in known]
    cache = get_settings().data_dir / "distil" / f"teacher-{vectors.digest(rest)}.npy"
    if cache.is_file():
        got = np.load(cache)
    else:
        got = enc.encode(rest)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, got)
    known |= dict(zip(rest, got, strict=True))
    return np.vstack([known[t] for t in texts]).astype(np.float32) if texts else np.zeros((0, DIM), np.float32)
