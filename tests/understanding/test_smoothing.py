"""The 8-bit products' smoothing: exact in float arithmetic, and its shipped ranges are a fresh measurement."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

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


def test_the_shipped_ranges_are_a_fresh_measurement() -> None:
    assert smoothing.main(["--check"]) == 0


def test_an_encoder_without_ranges_measures_them_once_and_keeps_them(tmp_path: Path) -> None:
    adapted = tmp_path / "encoder"
    shutil.copytree(BASE_DIR, adapted, ignore=shutil.ignore_patterns(smoothing.RANGES))
    text = ["my parcel never arrived and the tracking has not moved since monday"]
    first = MiniLmEncoder(adapted).encode(text)
    assert (adapted / smoothing.RANGES).is_file()
    assert np.array_equal(MiniLmEncoder(adapted).encode(text), first)
    # The same weights and, measured again, the same ranges to ~1e-6 (numpy's BLAS sums in another order on
    # another CPU); that moves a few weights across an 8-bit rounding step: 0.99958 on an AVX2 box, 1.0 on others.
    assert float((first * MiniLmEncoder().encode(text)).sum()) > 0.999
