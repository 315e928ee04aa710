"""The ONNX Runtime forward pass (8-bit products) stays close to the numpy float pass, and embeds a text the same
whatever it is encoded with."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from activities.understanding import onnx_encoder
from activities.understanding.encoder import MiniLmEncoder

pytestmark = pytest.mark.skipif(not onnx_encoder.available(), reason="needs onnxruntime and onnx")

TEXTS = [
    "yes",
    "what are your opening hours",
    "my broadband keeps dropping out every evening and I've restarted the router three times already",
    "wat tim do yous open tomoro",
    "I want to cancel my contract or maybe upgrade, I'm not sure",
    "£50 on my bill?!",
]


def test_the_8_bit_pass_stays_within_the_documented_distance_of_the_float_one() -> None:
    reference, fast = MiniLmEncoder(use_ort=False), MiniLmEncoder()
    assert fast._ort is not None and reference._ort is None and fast._numpy is None
    got, expected = fast.encode(TEXTS), reference.encode(TEXTS)
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * expected).sum(axis=1)
    # onnx_encoder.py's docstring: within 0.990 of the float pass, 0.9975 on average (measured on callers' turns)
    assert float(cosine.min()) > 0.98 and float(cosine.mean()) > 0.99, cosine


def test_a_text_embeds_the_same_alone_or_among_others() -> None:
    """The 8-bit products scale activations by what they are computed with: each text must go alone."""
    together = MiniLmEncoder().encode(TEXTS)
    alone = MiniLmEncoder()
    assert np.array_equal(np.vstack([alone.encode([t]) for t in reversed(TEXTS)])[::-1], together)


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="writing the graphs needs `onnx` (the dev extra)")
def test_the_shipped_graphs_are_a_fresh_build_and_hold_no_weights() -> None:
    from activities.understanding import onnx_graph

    assert onnx_graph.main(["--check"]) == 0
    assert all(p.stat().st_size < 50_000 for p in onnx_graph.built())  # names and shapes only


def test_an_encoder_of_another_depth_is_refused_before_the_graph_runs() -> None:
    w = {"embeddings.word_embeddings.weight": np.zeros((4, 384), np.float32)}
    with pytest.raises(ValueError, match="the ONNX graph has 6 layers, these weights 12"):
        onnx_encoder.OrtForward(w, 12)
