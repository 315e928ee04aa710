"""The numpy all-MiniLM-L6-v2 encoder: same vectors as sentence-transformers, cached, offline, fast enough."""

from __future__ import annotations

import importlib.util
import time

import numpy as np
import pytest

from activities.understanding import weights
from activities.understanding.encoder import DIM, MiniLmEncoder, embed, model_dir, shared_encoder
from activities.understanding.weights import BASE_DIR, FORMAT, GROUP, dequantise, quantise, reference_dir

TEXTS = [
    "what time do you open tomorrow",
    "I want to cancel my contract",
    "hi",
    "wat tim do yous open tomoro",
    "My wifi keeps cutting out every few minutes, it's driving me mad!",
    "",
    "so um yeah I was looking at my statement and there's a charge that looks wrong " * 40,  # > 256 tokens
]


def test_vectors_are_unit_length_and_one_per_text() -> None:
    vecs = embed(TEXTS)
    assert vecs.shape == (len(TEXTS), DIM) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_a_text_embeds_the_same_alone_and_in_a_padded_batch() -> None:
    alone = MiniLmEncoder().encode(["hi"])  # a fresh encoder: no cache shared with the batch below
    batch = shared_encoder().encode(TEXTS)
    assert float(alone[0] @ batch[2]) > 0.99999


def test_paraphrases_are_closer_than_unrelated_requests() -> None:
    a, b, c = embed(["what time do you open", "when are you open until", "my tooth is really painful"])
    assert float(a @ b) > 0.6 > float(a @ c)


def test_embeddings_are_cached_by_text() -> None:
    enc = shared_encoder()
    enc.encode(["a phrase cached for the test"])
    started = time.perf_counter()
    for _ in range(100):
        enc.encode(["a phrase cached for the test"])
    assert (time.perf_counter() - started) / 100 < 0.001


def test_the_weights_ship_with_the_package_8_bit() -> None:
    assert model_dir() == BASE_DIR and (BASE_DIR / "tokenizer.json").is_file()
    from safetensors import safe_open

    with safe_open(str(BASE_DIR / "model.safetensors"), "np") as f:
        assert f.metadata()["format"] == FORMAT
        assert f.get_tensor("embeddings.word_embeddings.weight").dtype == np.int8
    assert (BASE_DIR / "model.safetensors").stat().st_size < 25_000_000  # git stays reasonable


def test_quantising_keeps_every_weight_within_half_a_step_of_its_group() -> None:
    rng = np.random.default_rng(0)
    m = rng.normal(size=(8, 2 * GROUP)).astype(np.float32)
    m[3] = 0.0  # an all-zero group must not divide by zero
    w: dict[str, np.ndarray] = {"encoder.layer.0.m": m, "encoder.layer.0.b": np.ones(8)}
    stored = quantise({**w, "pooler.dense.weight": w["encoder.layer.0.m"]})
    assert set(stored) == {"encoder.layer.0.m", "encoder.layer.0.m.scale", "encoder.layer.0.b"}
    back = dequantise(stored)
    step = stored["encoder.layer.0.m.scale"].astype(np.float32).repeat(GROUP, axis=1)
    assert np.all(np.abs(back["encoder.layer.0.m"] - w["encoder.layer.0.m"]) <= step * 0.5 + 1e-7)
    assert back["encoder.layer.0.b"].dtype == np.float32 and not back["encoder.layer.0.m"][3].any()


@pytest.mark.skipif(reference_dir() is None, reason="the float32 weights come with the `embeddings` extra")
def test_the_shipped_weights_are_a_fresh_build_of_the_float32_ones() -> None:
    assert weights.main(["--check"]) == 0


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("sentence_transformers") is None,
    reason="the reference needs the `embeddings` extra (torch + sentence-transformers)",
)
def test_matches_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    original = reference_dir()
    assert original is not None
    reference = np.asarray(SentenceTransformer(str(original), device="cpu").encode(TEXTS, normalize_embeddings=True))
    same_weights = (reference * MiniLmEncoder(original, use_ort=False).encode(TEXTS)).sum(axis=1)
    assert same_weights.min() > 0.9999, same_weights  # the float forward pass is sentence-transformers'
    stored = (reference * MiniLmEncoder(use_ort=False).encode(TEXTS)).sum(axis=1)
    assert stored.min() > 0.999, stored  # the 8-bit stored weights stay close to the float32 ones
    shipped = (reference * embed(TEXTS)).sum(axis=1)  # and the line's 8-bit products (onnx_encoder.py)
    assert shipped.min() > 0.98 and shipped.mean() > 0.99, shipped
