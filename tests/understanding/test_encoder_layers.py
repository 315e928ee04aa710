"""The encoder cut to its first k layers (`WARMLINE_ENCODER_LAYERS`): its own graph, its own phrasing-set
embeddings (refused at start when missing), the same 8-bit distance from the float pass as all six layers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from activities.understanding import onnx_encoder, vectors
from activities.understanding.encoder import MiniLmEncoder
from warmline.settings import Settings

pytestmark = pytest.mark.skipif(not onnx_encoder.available(), reason="needs onnxruntime")

TEXTS = ["what are your opening hours", "I want to cancel my contract or maybe upgrade, I'm not sure", "yes"]


def test_the_first_four_layers_run_their_own_graph_within_the_8_bit_distance_of_the_float_pass() -> None:
    four, reference = MiniLmEncoder(layers=4), MiniLmEncoder(use_ort=False, layers=4)
    assert four.layers == 4 and four.fingerprint == "base-first4"
    got, expected = four.encode(TEXTS), reference.encode(TEXTS)
    assert float((got * expected).sum(axis=1).min()) > 0.98
    # Not the six-layer embedding: the line reads other vectors, so every set embedded ahead is its own.
    six = MiniLmEncoder().encode(TEXTS)
    assert float((got * six).sum(axis=1).max()) < 0.99


def test_a_cut_encoder_is_centred_so_unrelated_texts_sit_near_zero_as_with_six_layers() -> None:
    """Uncentred, four layers put every pair of turns at cosine ~0.5 and every threshold set on six reads "near"."""
    x = MiniLmEncoder(layers=4).encode(TEXTS)
    assert float((x @ x.T)[np.triu_indices(len(TEXTS), 1)].max()) < 0.2


def test_a_depth_the_model_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot run the first 7"):
        MiniLmEncoder(layers=7)
    with pytest.raises(ValueError, match="must be 3, 4 or 6"):
        Settings(encoder_layers=5)


def test_a_first_k_encoder_without_its_shipped_embeddings_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Embedding the act set at every start would cost seconds and the first call's turn would wait for it."""
    monkeypatch.setattr(vectors, "HERE", tmp_path)
    enc = MiniLmEncoder(layers=3)
    with pytest.raises(ValueError, match=r"base-first3\.npz is missing"):
        vectors.load("acts", ["hello there"], enc)
    vectors._write(vectors.shipped_path("acts", enc.fingerprint), ["hello there"], enc.encode(["hello there"]))
    assert np.allclose(vectors.load("acts", ["hello there"], enc), enc.encode(["hello there"]), atol=1e-3)
