"""The three-layer student distilled from six (`distil.py`, `WARMLINE_ENCODER=distilled3`): its training texts
(`distil_texts.py`) hold no CLINC150 test text, a tiny seeded run is reproducible and moves towards the teacher, the
shipped student is the file built (checksum, three layers of 384: `student.py`), the setting is refused when its
files are missing, and a worker reading turns with it never imports the training tool nor torch."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from activities.understanding import distil, distil_texts, onnx_encoder, student
from activities.understanding.encoder import MiniLmEncoder
from tests.understanding.test_encoder_layers import TEXTS  # the same five sentences the cut encoder is checked on
from warmline.settings import Settings

needs_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="needs the embeddings extra",
)
needs_clinc = pytest.mark.skipif(not distil_texts.clinc_path().is_file(), reason="needs CLINC150's data_full.json")


@needs_clinc
def test_the_training_texts_are_the_phrasing_sets_calibration_and_clinc_train_never_its_test_split() -> None:
    from activities.understanding.smoothing import calibration_texts
    from activities.understanding.vectors import shipped_sets

    texts = distil_texts.training_texts()
    assert texts == distil_texts.training_texts() and len(texts) == len(set(texts))
    data = distil_texts._clinc()
    held = {t.strip() for t, _ in data["test"] + data["oos_test"]}
    assert not held & set(texts) and not set(distil_texts.held_out_texts()) & set(texts)
    assert len(distil_texts.held_out_texts()) == 1600
    train = {t.strip() for t, _ in data["train"]} - held
    assert train <= set(texts)
    assert set(shipped_sets()["chatter"]) - held <= set(texts)
    assert set(calibration_texts()) - held <= set(texts)


@needs_torch
def test_a_tiny_seeded_run_is_reproducible_and_moves_the_student_towards_the_teacher(tmp_path: Path) -> None:
    six = MiniLmEncoder()
    train = [f"{a} {b}" for a in ("please", "could you", "I need to", "help me") for b in TEXTS] * 2
    opts = distil.Options(init="024", steps=6, batch=8, lr=3e-4, report_every=6, watch=len(TEXTS))
    runs = [distil.train(train, TEXTS, opts, teacher=six.encode) for _ in range(2)]
    first, second = runs
    assert set(first.state) == set(second.state) and all(
        np.array_equal(first.state[k], second.state[k]) for k in first.state
    )
    (_, _, before), (_, _, after) = first.history[0], first.history[-1]
    assert after > before
    distil.write(first.state, tmp_path / "student", {"model": "a tiny test run"})
    assert student.missing_files(tmp_path / "student") == []
    problems = student.check(tmp_path / "student")
    assert problems == [f"{tmp_path / 'student' / student.MODEL} is not the student built (sha256 differs)"]


def test_the_shipped_student_is_the_one_built_three_layers_of_384() -> None:
    assert student.check() == []
    assert student.sha256(student.OUT_DIR / student.MODEL) == student.SHIPPED_SHA256
    assert (student.OUT_DIR / "LICENSE.txt").is_file() and "Apache" in (student.OUT_DIR / "README.md").read_text()


@pytest.mark.skipif(not onnx_encoder.available(), reason="needs onnxruntime")
def test_the_distilled_encoder_runs_three_layers_reads_six_layers_sets_and_lands_near_six() -> None:
    three, six = MiniLmEncoder(distilled=True), MiniLmEncoder()
    assert three.layers == 3 and three.fingerprint == "base-distilled3" and three.sets_fingerprint == "base"
    # Held out it reaches mean cosine ~0.83 to six layers' (the first three as they are: ~0.34): nearer, not equal.
    cos = (three.encode(TEXTS) * six.encode(TEXTS)).sum(axis=1)
    raw = (MiniLmEncoder(layers=3, raw=True).encode(TEXTS) * six.encode(TEXTS)).sum(axis=1)
    assert float(cos.min()) > 0.7 and float(cos.mean()) > 0.75 and float(cos.mean() - raw.mean()) > 0.3
    float_pass = MiniLmEncoder(use_ort=False, distilled=True).encode(TEXTS)
    assert float((three.encode(TEXTS) * float_pass).sum(axis=1).min()) > 0.98
    with pytest.raises(ValueError, match="three layers of its own"):
        MiniLmEncoder(layers=4, distilled=True)


def test_the_setting_is_refused_naming_it_when_the_students_files_are_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert Settings().encoder == "base"
    monkeypatch.setattr(student, "OUT_DIR", tmp_path)
    assert Settings(encoder="distilled3").encoder == "distilled3"  # the files are the encoder's to check, at start
    with pytest.raises(
        ValueError, match=r"WARMLINE_ENCODER=distilled3: the distilled encoder's .*model\.safetensors.* missing"
    ):
        MiniLmEncoder(distilled=True)


def test_the_setting_is_refused_beside_a_cut_of_the_six_layers() -> None:
    with pytest.raises(ValueError, match="leave WARMLINE_ENCODER_LAYERS at 6"):
        Settings(encoder="distilled3", encoder_layers=3)


# A worker started with the student reads a turn; what it imported is printed (issue 18: the line never loads the
# training tool, `distil.py`, nor what only training needs).
WORKER_CHILD = r"""
import json, sys
import worker  # noqa: F401
from activities.understanding.encoder import shared_encoder
from activities.understanding.factory import make_understander
from warmline.policy_file import load_policy
from warmline.understanding import UnderstandingRequest

u = make_understander(load_policy("policies/demo.yaml"), "embedded")
read = u.understand_now(UnderstandingRequest(call_id="c", turn=1, text="what time do you open tomorrow"))
heavy = ("torch", "transformers", "sentence_transformers")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy or m.startswith("activities.understanding.distil"))
print(json.dumps({"fingerprint": shared_encoder().fingerprint, "loaded": loaded}))
"""


def test_a_worker_reading_turns_with_the_student_never_imports_the_training_tool_nor_torch(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARMLINE_", "PYTHON"))}
    env |= {"WARMLINE_DATA_DIR": str(tmp_path), "WARMLINE_ENCODER": "distilled3"}
    env |= {"WARMLINE_POLICY": str(root / "policies" / "demo.yaml")}
    command = [sys.executable, "-c", WORKER_CHILD]
    r = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr[-4000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out == {"fingerprint": "base-distilled3", "loaded": []}
