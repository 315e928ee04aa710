"""MiniLM's transformer layers written out in numpy: the float reference pass, and the one for a box without ONNX
Runtime.

The line runs the encoder's layers on ONNX Runtime with 8-bit products (`onnx_encoder.py`); this pass computes the
same hidden states in float32 over the same (dequantised) weights, exactly as BERT does (erf GELU, layer norms,
masked softmax attention), so that `encoder.py` still reads turns where ONNX Runtime is missing, tests check the
two agree, and `smoothing.py` measures each layer's input ranges on it. Its own module: the arithmetic of a
forward pass is one job, loading and caching an encoder (`encoder.py`) another.
"""

from __future__ import annotations

import numpy as np

HEADS = 12  # all-MiniLM-L6-v2's attention heads


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    xc = x - x.mean(axis=-1, keepdims=True)
    var = np.mean(xc * xc, axis=-1, keepdims=True)
    xc *= 1.0 / np.sqrt(var + eps)
    xc *= weight
    xc += bias
    return xc


# Abramowitz & Stegun 7.1.26: erf within 1.5e-7, four times faster than scipy's on float32 arrays.
_A = tuple(np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429))
_P = np.float32(0.3275911)
_SQRT_HALF = np.float32(np.sqrt(0.5))


def _erf(x: np.ndarray) -> np.ndarray:
    ax = np.abs(x)
    t = 1.0 / (1.0 + _P * ax)
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    return np.copysign(1.0 - poly * np.exp(-ax * ax), x)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact (erf) GELU, not the tanh approximation, so results match the reference."""
    return 0.5 * x * (1.0 + _erf(x * _SQRT_HALF))


class Layer:
    """One transformer encoder layer's weights, pre-transposed for `x @ W` and Q/K/V fused."""

    def __init__(self, w: dict[str, np.ndarray], i: int) -> None:
        p = f"encoder.layer.{i}."
        self.qkv = np.concatenate(
            [w[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1
        ).copy()
        self.qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
        self.out = w[p + "attention.output.dense.weight"].T.copy()
        self.out_b = w[p + "attention.output.dense.bias"]
        self.ln1 = (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
        self.up = w[p + "intermediate.dense.weight"].T.copy()
        self.up_b = w[p + "intermediate.dense.bias"]
        self.down = w[p + "output.dense.weight"].T.copy()
        self.down_b = w[p + "output.dense.bias"]
        self.ln2 = (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])


class NumpyWeights:
    """The embeddings and layers for the numpy pass (kept only when ONNX Runtime is not there)."""

    def __init__(self, w: dict[str, np.ndarray], n_layers: int) -> None:
        self.words = w["embeddings.word_embeddings.weight"]
        self.positions = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [Layer(w, i) for i in range(n_layers)]


def hidden(m: NumpyWeights, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The last layer's hidden states (sequences x tokens x width) of a padded batch of token ids."""
    n, length = ids.shape
    dim = m.words.shape[1]
    # Rows are (sequence, token) pairs kept 2-D: BLAS is fastest on plain matrices.
    x = (m.words[ids] + m.positions[:length] + m.token_type).reshape(n * length, dim)
    x = layer_norm(x, *m.ln)
    bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]  # padding gets no attention
    h, d = HEADS, dim // HEADS
    scale = np.float32(1.0 / np.sqrt(d))
    for layer in m.layers:
        qkv = (x @ layer.qkv + layer.qkv_b).reshape(n, length, 3, h, d).transpose(2, 0, 3, 1, 4)
        att = (qkv[0] * scale) @ qkv[1].transpose(0, 1, 3, 2) + bias
        att = np.exp(att - att.max(axis=-1, keepdims=True))
        att /= att.sum(axis=-1, keepdims=True)
        ctx = (att @ qkv[2]).transpose(0, 2, 1, 3).reshape(n * length, dim)
        x = layer_norm(ctx @ layer.out + layer.out_b + x, *layer.ln1)
        x = layer_norm(gelu(x @ layer.up + layer.up_b) @ layer.down + layer.down_b + x, *layer.ln2)
    return x.reshape(n, length, dim)
