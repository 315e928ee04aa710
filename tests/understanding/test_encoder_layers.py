"""The encoder cut to its first k layers (`WARMLINE_ENCODER_LAYERS`): its own graph, the same 8-bit distance from
the float pass as all six layers, and a fitted map (`layer_map.py`) that makes its vectors read as six layers'
(refused at start when missing), so the shipped six-layer phrasing sets serve it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from activities.understanding import layer_map, onnx_encoder, vectors
from activities.understanding.encoder import MiniLmEncoder
from warmline.settings import Settings

pytestmark = pytest.mark.skipif(not onnx_encoder.available(), reason="needs onnxruntime")

TEXTS = [
    "what are your opening hours",
    "I want to cancel my contract or maybe upgrade, I'm not sure",
    "yes",
    "this is the third time I've rung about it and nobody has called me back",
    "can I pay by card over the phone",
]


def test_the_first_four_layers_run_their_own_graph_within_the_8_bit_distance_of_the_float_pass() -> None:
    four, reference = MiniLmEncoder(layers=4, raw=True), MiniLmEncoder(use_ort=False, layers=4, raw=True)
    assert four.layers == 4 and four.fingerprint == "base-first4"
    got, expected = four.encode(TEXTS), reference.encode(TEXTS)
    assert float((got * expected).sum(axis=1).min()) > 0.98


@pytest.mark.parametrize("k", [3, 4])
def test_a_cut_encoder_mapped_reads_as_six_layers_and_unmapped_does_not(k: int) -> None:
    """Unmapped, four layers put every pair of turns at cosine ~0.5 and every threshold set on six reads "near"."""
    six = MiniLmEncoder().encode(TEXTS)
    mapped, raw = MiniLmEncoder(layers=k), MiniLmEncoder(layers=k, raw=True)
    assert mapped.fingerprint == f"base-first{k}-mapped" and mapped.sets_fingerprint == "base"
    # Held out (CLINC150's test split) the map reaches mean cosine ~0.8 to six layers' from ~0.4: closer, not equal.
    near, far = (mapped.encode(TEXTS) * six).sum(axis=1), (raw.encode(TEXTS) * six).sum(axis=1)
    assert float(near.min()) > 0.65 and float(far.max()) < 0.6 and float(near.mean() - far.mean()) > 0.25
    x = mapped.encode(TEXTS)
    assert float((x @ x.T)[np.triu_indices(len(TEXTS), 1)].max()) < 0.5


def test_a_mapped_cut_encoder_reads_the_shipped_six_layer_phrasing_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    import activities.understanding.encoder as encoder

    texts = vectors.shipped_sets()["chatter"]
    assert np.array_equal(vectors.load("chatter", texts, MiniLmEncoder(layers=3)), vectors.load("chatter", texts))
    # The process's shared encoder swapped for the test only: understanders built earlier keep theirs.
    monkeypatch.setitem(encoder._encoders, None, MiniLmEncoder(layers=3))
    with pytest.raises(ValueError, match="reads six layers' sets"):
        vectors.build_shipped({"chatter": texts})


def test_a_cut_encoder_without_its_map_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(layer_map, "MAPS", tmp_path)
    with pytest.raises(ValueError, match=r"first4\.npz is missing .*python -m activities\.understanding\.layer_map"):
        MiniLmEncoder(layers=4)


def test_the_map_is_a_ridge_least_squares_fit_that_recovers_an_affine_map() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 384)).astype(np.float32)
    w, b = rng.normal(size=(384, 384)).astype(np.float32) / 20, rng.normal(size=384).astype(np.float32)
    m = layer_map.fit(x, x @ w + b, ridge=1e-8)
    assert np.allclose(m.w, w, atol=1e-3) and np.allclose(m.b, b, atol=1e-3)


def test_a_depth_the_model_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot run the first 7"):
        MiniLmEncoder(layers=7)
    with pytest.raises(ValueError, match="must be 3, 4 or 6"):
        Settings(encoder_layers=5)


def test_an_unmapped_first_k_encoder_without_its_shipped_embeddings_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Embedding the act set at every start would cost seconds and the first call's turn would wait for it."""
    monkeypatch.setattr(vectors, "HERE", tmp_path)
    enc = MiniLmEncoder(layers=3, raw=True)
    with pytest.raises(ValueError, match=r"base-first3\.npz is missing"):
        vectors.load("acts", ["hello there"], enc)
    vectors._write(vectors.shipped_path("acts", enc.fingerprint), ["hello there"], enc.encode(["hello there"]))
    assert np.allclose(vectors.load("acts", ["hello there"], enc), enc.encode(["hello there"]), atol=1e-3)
