"""The shipped three-layer student (`distilled3/`): where it is, how the line loads it, and whether it is the one built.

The running line needs only this much of the distillation: at the worker's start with `WARMLINE_ENCODER=distilled3`
the encoder (`encoder.py`) refuses the setting when the student's files are missing and otherwise puts the student's
three layers in place of the base model's six. Training the student is another job, offline and with torch
(`distil.py`, `python -m activities.understanding.distil`); it lives apart so that the worker never imports the
training tool (a test checks that neither it nor torch is loaded by a worker reading turns with the student).
`python -m activities.understanding.distil --check` reports this module's `check`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

OUT_DIR = Path(__file__).resolve().parent / "distilled3"
MODEL = "model.safetensors"
RANGES = "input_ranges.npz"  # smoothing.RANGES
BUILD = "python -m activities.understanding.distil"
K = 3  # the student's layers
DIM = 384
# sha256 of the shipped distilled3/model.safetensors (tests check it; `--check` prints the file's).
SHIPPED_SHA256 = "0cb22413218ab17a0ec77ec495b589517d55ebd71cd49e6f85bf009eaf526fe6"


def missing_files(out: Path | None = None) -> list[str]:
    """The student's files that are not there (the line refuses `WARMLINE_ENCODER=distilled3` without them)."""
    out = out or OUT_DIR
    return [str(out / n) for n in (MODEL, RANGES) if not (out / n).is_file()]


def with_student(stored: dict[str, np.ndarray], out: Path | None = None) -> dict[str, np.ndarray]:
    """The base model's stored tensors with its six layers replaced by the student's three (8-bit, as stored)."""
    from activities.understanding.weights import load_stored

    out = out or OUT_DIR
    missing = missing_files(out)
    if missing:
        raise ValueError(
            f"WARMLINE_ENCODER=distilled3: the distilled encoder's {', '.join(missing)} missing: write it with {BUILD}"
        )
    student = load_stored(out / MODEL)
    return {k: v for k, v in stored.items() if not k.startswith("encoder.layer.")} | student


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(out: Path | None = None) -> list[str]:
    """What is wrong with the shipped student (empty: its file is the one built, three layers of 384)."""
    from activities.understanding.weights import load_weights

    path = (out or OUT_DIR) / MODEL
    if not path.is_file():
        return [f"{path} is missing: write it with {BUILD}"]
    problems = [] if sha256(path) == SHIPPED_SHA256 else [f"{path} is not the student built (sha256 differs)"]
    w = load_weights(path)
    layers = sorted({int(k.split(".")[2]) for k in w if k.startswith("encoder.layer.")})
    if layers != list(range(K)) or any(not k.startswith("encoder.layer.") for k in w):
        problems.append(f"{path} holds layers {layers} (and {len(w)} tensors), not the student's {K} layers only")
    q = w.get("encoder.layer.0.attention.self.query.weight")
    if q is None or q.shape != (DIM, DIM):
        problems.append(f"{path}: no {DIM} x {DIM} query weight in layer 0")
    return problems
