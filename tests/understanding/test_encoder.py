"""The numpy all-MiniLM-L6-v2 encoder: same vectors as sentence-transformers, cached, offline, fast enough."""

from __future__ import annotations

import importlib.util
import time

import numpy as np
import pytest

from activities.understanding.encoder import DIM, MiniLmEncoder, embed, model_dir, shared_encoder

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


def test_the_weights_come_from_the_installed_package() -> None:
    assert (model_dir() / "model.safetensors").is_file() and (model_dir() / "tokenizer.json").is_file()


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("sentence_transformers") is None,
    reason="the reference needs the `embeddings` extra (torch + sentence-transformers)",
)
def test_matches_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(model_dir()), device="cpu").encode(TEXTS, normalize_embeddings=True)
    ours = embed(TEXTS)
    cosines = (np.asarray(reference) * ours).sum(axis=1)
    assert cosines.min() > 0.9999, cosines
