"""How large each layer's inputs get, per channel: what lets the encoder's products run in 8 bits accurately.

The ONNX Runtime pass (`onnx_encoder.py`) quantises each activation to 8 bits with ONE scale for the whole
matrix. BERT's activations have a few channels up to 15 times larger than the rest (the feed-forward layer's
input and output, mostly), so one scale leaves the other channels a handful of levels: embeddings only
within cosine 0.97 of the float pass. SmoothQuant (Xiao et al., 2023) divides those channels down and
multiplies the matching weight rows up by the same factor, `max|x_j|^α / max|W_j|^(1-α)`, which changes
nothing in float arithmetic and evens out what 8 bits must cover: within 0.990 (0.9975 on average).

The factors need each channel's largest input, measured with the float numpy pass over calibration
phrasings (`base_model/calibration.txt`: every 10th training row of the dialog-act set as it was when the
8-bit pass came, frozen so that editing the phrasing sets never changes the encoder; our own writing and
public corpora, licences in `acts_data/sources/LICENSES.md`, never an evaluation line's calls). For the
base model they ship (`base_model/input_ranges.npz`, rebuilt by `python -m activities.understanding.smoothing`,
`--check` proves it fresh); an adapted encoder measures its own once at load (a few seconds) and keeps it
beside its weights.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import structlog
from threadpoolctl import threadpool_limits

from activities.understanding.weights import BASE_DIR

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# α: how much of an outlier moves into the weights. Chosen on the dev lines' turns (skylark_air and millbrook_council:
# cosine to the float pass, lowest / mean): none 0.970 / 0.9909, 0.7 → 0.988 / 0.9969, 0.8 → 0.990 / 0.9975,
# 0.9 → 0.981 / 0.9971 (0.5 and below are worse than none).
ALPHA = 0.8
RANGES = "input_ranges.npz"
CALIBRATION = BASE_DIR / "calibration.txt"
log = structlog.get_logger()


def factors(m: np.ndarray, x_range: np.ndarray | None) -> np.ndarray:
    """Per-input-channel factors s for `x @ m` (m [K, N]): run `(x / s) @ (s[:, None] * m)`; ones without ranges."""
    if x_range is None:
        return np.ones(m.shape[0], np.float32)
    w_range = np.maximum(np.abs(m).max(axis=1), 1e-5)
    return np.clip(np.maximum(x_range, 1e-5) ** ALPHA / w_range ** (1 - ALPHA), 1e-2, 1e2).astype(np.float32)


def calibration_texts() -> list[str]:
    return [line for line in CALIBRATION.read_text().splitlines() if line.strip()]


def measure(w: dict[str, np.ndarray], n_layers: int, tokenizer: Tokenizer, texts: list[str]) -> dict[str, np.ndarray]:
    """Each linear layer's largest input per channel (`l{i}.qkv`, `.ao`, `.up`, `.down`) over `texts`."""
    from activities.understanding.numpy_pass import HEADS, NumpyWeights, gelu, layer_norm

    # One BLAS thread, as the encoder runs: two split the sums differently and the ranges move by ~1e-6.
    threadpool_limits(limits=1, user_api="blas")
    m, h = NumpyWeights(w, n_layers), HEADS
    d = 384 // h
    out: dict[str, np.ndarray] = {}

    def seen(key: str, x: np.ndarray) -> None:
        out[key] = np.maximum(out.get(key, np.zeros(x.shape[1], np.float32)), np.abs(x).max(axis=0))

    for text in texts:
        ids = np.array(tokenizer.encode(text).ids)
        length = len(ids)
        x = layer_norm(m.words[ids] + m.positions[:length] + m.token_type, *m.ln)
        for i, layer in enumerate(m.layers):
            seen(f"l{i}.qkv", x)
            qkv = (x @ layer.qkv + layer.qkv_b).reshape(length, 3, h, d).transpose(1, 2, 0, 3)
            att = (qkv[0] / np.float32(np.sqrt(d))) @ qkv[1].transpose(0, 2, 1)
            att = np.exp(att - att.max(axis=-1, keepdims=True))
            att /= att.sum(axis=-1, keepdims=True)
            ctx = (att @ qkv[2]).transpose(1, 0, 2).reshape(length, h * d)
            seen(f"l{i}.ao", ctx)
            x = layer_norm(ctx @ layer.out + layer.out_b + x, *layer.ln1)
            seen(f"l{i}.up", x)
            g = gelu(x @ layer.up + layer.up_b)
            seen(f"l{i}.down", g)
            x = layer_norm(g @ layer.down + layer.down_b + x, *layer.ln2)
    return {k: v.astype(np.float32) for k, v in out.items()}


def input_ranges(
    directory: Path, w: dict[str, np.ndarray], n_layers: int, tokenizer: Tokenizer
) -> dict[str, np.ndarray]:
    """The ranges stored beside the weights, or measured now (and stored there when the directory is writable)."""
    path = directory / RANGES
    if path.is_file():
        with np.load(path) as stored:
            return {k: stored[k] for k in stored.files}
    log.info("measuring the encoder's input ranges for its 8-bit products", directory=str(directory))
    ranges = measure(w, n_layers, tokenizer, calibration_texts())
    try:
        _save(path, ranges)
    except OSError as e:
        log.warning("could not keep the measured input ranges", directory=str(directory), error=str(e))
    return ranges


def _save(path: Path, ranges: dict[str, np.ndarray]) -> None:
    arrays: dict[str, Any] = dict(ranges)  # np.savez's keywords, typed loosely (one is `allow_pickle`)
    np.savez(path, **arrays)


def _built() -> dict[str, np.ndarray]:
    from tokenizers import Tokenizer

    from activities.understanding.weights import dequantise, load_stored

    w = dequantise(load_stored(BASE_DIR / "model.safetensors"))
    n_layers = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
    tokenizer = Tokenizer.from_file(str(BASE_DIR / "tokenizer.json"))
    tokenizer.no_padding()  # as the encoder reads text: the file pads to 128, which would measure padding too
    tokenizer.enable_truncation(256)
    return measure(w, n_layers, tokenizer, calibration_texts())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m activities.understanding.smoothing", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--check", action="store_true", help=f"compare base_model/{RANGES} with a fresh measurement")
    args = ap.parse_args(argv)
    ranges, path = _built(), BASE_DIR / RANGES
    if args.check:
        with np.load(path) as stored:
            # Fresh to float rounding: numpy's BLAS on another CPU sums in another order (~1e-6 relative).
            same = set(stored.files) == set(ranges) and all(
                np.allclose(stored[k], ranges[k], rtol=1e-4) for k in ranges
            )
        if not same:
            print(f"error: {path} differs from a fresh measurement", file=sys.stderr)
            return 1
        return 0
    _save(path, ranges)
    print(f"wrote {path} ({len(ranges)} layers' inputs)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
