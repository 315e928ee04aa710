"""The three-layer student distilled from six (`distil.py`, `WARMLINE_ENCODER=distilled3`): its training texts
hold no CLINC150 test text, a tiny seeded run is reproducible and moves towards the teacher, the shipped student
is the file built (checksum, three layers of 384), and the setting is refused when its files are missing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from activities.understanding import distil, onnx_encoder
from activities.understanding.encoder import MiniLmEncoder
from tests.understanding.test_encoder_layers import TEXTS  # the same five sentences the cut encoder is checked on
from warmline.settings import Settings

needs_torch = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="needs the embeddings extra",
)
needs_clinc = pytest.mark.skipif(not distil.clinc_path().is_file(), reason="needs CLINC150's data_full.json")


@needs_clinc
def test_the_training_texts_are_the_phrasing_sets_calibration_and_clinc_train_never_its_test_split() -> None:
    from activities.understanding.smoothing import calibration_texts
    from activities.understanding.vectors import shipped_sets

    texts = distil.training_texts()
    assert texts == distil.training_texts() and len(texts) == len(set(texts))
    data = distil._clinc()
    held = {t.strip() for t, _ in data["test"] + data["oos_test"]}
    assert not held & set(texts) and not set(distil.held_out_texts()) & set(texts)
    assert len(distil.held_out_texts()) == 1600
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
    assert distil.missing_files(tmp_path / "student") == []
    problems = distil.check(tmp_path / "student")
    assert problems == [f"{tmp_path / 'student' / distil.MODEL} is not the student built (sha256 differs)"]


def test_the_shipped_student_is_the_one_built_three_layers_of_384() -> None:
    assert distil.check() == []
    assert distil.sha256(distil.OUT_DIR / distil.MODEL) == distil.SHIPPED_SHA256
    assert (distil.OUT_DIR / "LICENSE.txt").is_file() and "Apache" in (distil.OUT_DIR / "README.md").read_text()


@pytest.mark.skipif(not onnx_encoder.available(), reason="needs onnxruntime")
def test_the_distilled_encoder_runs_three_layers_reads_six_layers_sets_and_lands_near_six() -> None:
    student, six = MiniLmEncoder(distilled=True), MiniLmEncoder()
    assert student.layers == 3 and student.fingerprint == "base-distilled3" and student.sets_fingerprint == "base"
    # Held out it reaches mean cosine ~0.83 to six layers' (the first three as they are: ~0.34): nearer, not equal.
    cos = (student.encode(TEXTS) * six.encode(TEXTS)).sum(axis=1)
    raw = (MiniLmEncoder(layers=3, raw=True).encode(TEXTS) * six.encode(TEXTS)).sum(axis=1)
    assert float(cos.min()) > 0.7 and float(cos.mean()) > 0.75 and float(cos.mean() - raw.mean()) > 0.3
    float_pass = MiniLmEncoder(use_ort=False, distilled=True).encode(TEXTS)
    assert float((student.encode(TEXTS) * float_pass).sum(axis=1).min()) > 0.98
    with pytest.raises(ValueError, match="three layers of its own"):
        MiniLmEncoder(layers=4, distilled=True)


def test_the_setting_is_refused_naming_it_when_the_students_files_are_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert Settings().encoder == "base"
    monkeypatch.setattr(distil, "OUT_DIR", tmp_path)
    assert Settings(encoder="distilled3").encoder == "distilled3"  # the files are the encoder's to check, at start
    with pytest.raises(
        ValueError, match=r"WARMLINE_ENCODER=distilled3: the distilled encoder's .*model\.safetensors.* missing"
    ):
        MiniLmEncoder(distilled=True)


def test_the_setting_is_refused_beside_a_cut_of_the_six_layers() -> None:
    with pytest.raises(ValueError, match="leave WARMLINE_ENCODER_LAYERS at 6"):
        Settings(encoder="distilled3", encoder_layers=3)
