"""The per-turn CPU cuts (issue 18) compute what the code before them computed, to the bit.

Each shortcut is checked against the arithmetic it replaced, written out here as it was: the cleaned words and
content words (regexes skipped when they cannot match, results cached by text), the one-row TF-IDF vector and
the products read through the columns, and the encoder's pre-packed 8-bit weights. The whole-turn check (every
line's turns, the reading before and after) is `python -m bench.understanding_outputs` (bench/README.md).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from activities.understanding import text as text_mod
from activities.understanding.classifier import IntentModel
from activities.understanding.encoder import shared_encoder
from activities.understanding.head_data import embedding_text
from activities.understanding.lexicon import CONTRACTIONS, STOPWORDS, VAGUE
from activities.understanding.tfidf import SparseRows
from eval import lines

_SUFFIX_RE = text_mod._SUFFIX_RE


def _clean_before(text: str) -> str:
    t = text_mod._REDACTED_RE.sub(" ", text).lower().translate(text_mod._APOSTROPHES)
    t = text_mod._CONTRACTION_RE.sub(lambda m: CONTRACTIONS[m.group(1)], t)
    t = text_mod._NT_RE.sub(r"\1 not", t)
    for rx, rep in _SUFFIX_RE:
        t = rx.sub(rep, t)
    t = t.replace("'s", " is").replace("-", " ")
    t = text_mod._PUNCT_RE.sub(" , ", t)
    t = text_mod._JUNK_RE.sub(" ", t).replace("'", "")
    return " ".join(t.split())


def _content_pairs_before(text: str) -> list[tuple[str, str]]:
    t = _clean_before(text).replace(",", " ")
    t = text_mod._VAGUE_PHRASE_RE.sub(" ", t)
    for rx, rep in text_mod._PHRASE_RE:
        t = rx.sub(rep, t)
    out = []
    for w in t.split():
        if w in STOPWORDS or w in VAGUE or w.isdigit():
            continue
        c = text_mod.canonical(w)
        if c not in STOPWORDS and c not in VAGUE:
            out.append((w, c))
    return out


def _dot_before(m: SparseRows, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
    if len(cols) == 0 or len(m.data) == 0:
        return np.zeros(m.n_rows)
    hit = np.isin(m.indices, cols)
    rows = np.repeat(np.arange(m.n_rows), np.diff(m.indptr))[hit]
    weights = m.data[hit] * vals[np.searchsorted(cols, m.indices[hit])]
    return np.bincount(rows, weights=weights, minlength=m.n_rows).astype(np.float64)


@cache
def _lines() -> list[lines.Line]:
    return lines.load_lines()


def _turn_texts() -> list[str]:
    """Every caller turn of every line, and the awkward cases the shortcuts test for."""
    turns = [t.text for line in _lines() for call in line.calls for t in call.turn_list()]
    odd = [
        "my card is [REDACTED:card] and it’s declined",
        "I can`t log in, I've tried, they'd said it's fine",
        "wi fi keeps dropping out, how much to get rid of it",
        "signing in... sign in! log on?",
        "",
        "   ",
    ]
    return [*turns, *odd]


def test_clean_and_content_words_are_what_they_were() -> None:
    texts = _turn_texts()
    texts += [p for line in _lines() for qt in line.policy.query_types for p in qt.examples]
    for t in texts:
        assert text_mod.clean(t) == _clean_before(t), t
        assert text_mod.content_pairs(t) == _content_pairs_before(t), t
        assert text_mod.content_pairs(text_mod.clean(t)) == _content_pairs_before(_clean_before(t)), t


@pytest.mark.parametrize("name", ["brightwave", "swiftpost_parcels"])
def test_tfidf_row_and_products_are_the_same_to_the_bit(name: str) -> None:
    line = next(ln for ln in _lines() if ln.name == name)
    model = IntentModel(line.policy, semantic=False)
    for t in _turn_texts():
        doc = " ".join(c for _, c in text_mod.content_pairs(t))
        cols, vals = model._embed_one(doc)
        want_cols, want_vals = model._embed([doc]).row(0)
        assert np.array_equal(cols, want_cols) and np.array_equal(vals, want_vals), t
        for m in (model._examples, model._centroids):
            assert np.array_equal(m.dot(cols, vals), _dot_before(m, cols, vals)), t


def test_prepacked_weights_give_the_same_hidden_states_to_the_bit() -> None:
    """The shipped session pre-packs its 8-bit weights; one that packs them on every pass computes the same."""
    from activities.understanding import weights
    from activities.understanding.onnx_encoder import WORDS, OrtForward
    from activities.understanding.smoothing import input_ranges

    enc = shared_encoder()
    assert enc._ort is not None
    stored = weights.load_stored(weights.BASE_DIR / "model.safetensors")
    w = weights.dequantise(stored)
    scales = weights.scale_of(stored, WORDS)
    assert scales is not None
    ranges = input_ranges(weights.BASE_DIR, w, 6, enc._tokenizer)
    unpacked = OrtForward(w, 6, (stored[WORDS], scales), ranges, prepack=False)
    # Packing changes only how the 8-bit products are laid out and walked, and integer products sum exactly in
    # any order: what could differ is the kernel path a shape takes, so one turn of each token count covers every
    # shape the lines' turns give (~70 passes; every fifth turn, as this read before, made ~1,400 over fewer shapes).
    by_length = {
        len(ids): ids for ids in (enc._tokenizer.encode(embedding_text(t)).ids for t in _turn_texts() if t.strip())
    }
    assert len(by_length) > 30  # from a few tokens to the longest turn
    for n, token_ids in sorted(by_length.items()):
        ids = np.asarray([token_ids], dtype=np.int64)
        mask = np.ones(ids.shape, dtype=np.float32)
        assert np.array_equal(unpacked.hidden(ids, mask), enc._ort.hidden(ids, mask)), n
