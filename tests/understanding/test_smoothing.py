"""The 8-bit products' smoothing: exact in float arithmetic, and its shipped ranges are a fresh measurement."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from activities.understanding import smoothing
from activities.understanding.encoder import MiniLmEncoder
from activities.understanding.weights import BASE_DIR


def test_factors_move_scale_from_inputs_to_weights_without_changing_the_product() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 8)).astype(np.float32)
    x[:, 3] *= 30  # an outlier channel, as BERT's feed-forward layer has
    m = rng.standard_normal((8, 4)).astype(np.float32)
    s = smoothing.factors(m, np.abs(x).max(axis=0))
    assert np.allclose((x / s) @ (s[:, None] * m), x @ m, rtol=1e-4, atol=1e-4)
    smoothed = np.abs(x / s).max(axis=0)
    assert smoothed.max() / smoothed.min() < np.abs(x).max(axis=0).max() / np.abs(x).max(axis=0).min()
    assert np.array_equal(smoothing.factors(m, None), np.ones(8, np.float32))


@pytest.fixture(scope="module")
def measurements() -> Iterator[list[str]]:
    """`smoothing.measure` remembered by what it reads (weights, layers, tokenizer, texts): the two tests below
    measure the base weights over the same texts (~13 s each on 2 cores), so the second gets the first's ranges.
    Yields the key of each measurement asked for, so a test can tell a measurement from a read of the kept file."""
    measure, made, asked = smoothing.measure, {}, []

    def remembered(w: dict[str, np.ndarray], n_layers: int, tokenizer: Any, texts: list[str]) -> dict[str, np.ndarray]:
        h = hashlib.blake2b("\0".join([str(n_layers), tokenizer.to_str(), *texts]).encode())
        for name in sorted(w):
            h.update(name.encode() + np.ascontiguousarray(w[name]).tobytes())
        key = h.hexdigest()
        asked.append(key)
        if key not in made:
            made[key] = measure(w, n_layers, tokenizer, texts)
        return {k: v.copy() for k, v in made[key].items()}

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(smoothing, "measure", remembered)
        yield asked


def test_the_shipped_ranges_are_a_fresh_measurement(measurements: list[str]) -> None:
    asked = len(measurements)
    assert smoothing.main(["--check"]) == 0
    assert len(measurements) == asked + 1


def test_an_encoder_without_ranges_measures_them_once_and_keeps_them(tmp_path: Path, measurements: list[str]) -> None:
    adapted = tmp_path / "encoder"
    shutil.copytree(BASE_DIR, adapted, ignore=shutil.ignore_patterns(smoothing.RANGES))
    text = ["my parcel never arrived and the tracking has not moved since monday"]
    asked = len(measurements)
    first = MiniLmEncoder(adapted).encode(text)
    assert len(measurements) == asked + 1 and (adapted / smoothing.RANGES).is_file()
    assert np.array_equal(MiniLmEncoder(adapted).encode(text), first)
    assert len(measurements) == asked + 1  # read from the file it kept, not measured again
    # The same weights and, measured again, the same ranges to ~1e-6 (numpy's BLAS sums in another order on
    # another CPU); that moves a few weights across an 8-bit rounding step: 0.99958 on an AVX2 box, 1.0 on others.
    assert float((first * MiniLmEncoder().encode(text)).sum()) > 0.999
