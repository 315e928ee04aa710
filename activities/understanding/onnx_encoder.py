"""all-MiniLM-L6-v2's forward pass on ONNX Runtime: a shipped graph, the weights supplied from memory.

The numpy forward pass (`encoder.py`) is exact but spends ~10 ms per utterance in
OpenBLAS, whose kernels are slow for a dozen-token matrix; ONNX Runtime's MLAS
kernels do the same products in about half the time, which is the difference
between a 2-core box holding 100 live calls or 50. The graph (`graphs/`, written
node by node by `onnx_graph.py`: the same embeddings, layer norms, attention and
erf GELU as `encoder.py`; no torch, no export step) holds no weights: they are
handed to the session from the arrays built here, as external initializers, so
the line needs ONNX Runtime only (not the `onnx` package), the session holds the
one copy of the weights, and an adapted encoder runs on the same graph.
`tests/understanding/test_onnx_encoder.py` checks it against the numpy pass
(within the 8-bit distance below). Pooling and normalisation stay in numpy, shared with `encoder.py`.

The 8-bit base model's word table (30,522 x 384) stays 8-bit in the session, each
looked-up row scaled back to float32 (the same numbers `dequantise` gives; 12 MB
instead of 47).

The layers' matrix products run in 8 bits too (`DynamicQuantizeMatMul`: each
weight matrix as int8 (handed over as uint8 around 128) with one scale per output column, each activation quantised
to uint8 on the fly), which takes the forward pass from ~8 to ~3 ms of CPU per
utterance — the largest single cost of a turn — for embeddings within cosine 0.990
of the float pass (0.9975 on average), the activations' outlier channels evened
out first (`smoothing.py`; docs/understanding-rounds.md has what it did to decisions).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from activities.understanding.smoothing import factors

DIM, HEADS = 384, 12
N_LAYERS = 6
WORDS = "embeddings.word_embeddings.weight"
GRAPHS = Path(__file__).resolve().parent / "graphs"


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


# The encoders a line may run: all six layers (the shipped default) or the first k (`WARMLINE_ENCODER_LAYERS`,
# measured in bench/README.md, "Fewer of MiniLM's layers"): a graph for each is shipped.
LAYER_CHOICES = (3, 4, 6)


def graph_path(words_int8: bool, n_layers: int = N_LAYERS) -> Path:
    """The graph of the first `n_layers` layers (six: the shipped graph's name since the 8-bit pass came)."""
    stem = "minilm-l6" if n_layers == N_LAYERS else f"minilm-l6-first{n_layers}"
    return GRAPHS / (f"{stem}-words-int8.onnx" if words_int8 else f"{stem}.onnx")


# The weights' zero point: each int8 weight is handed over as uint8 (w + 128) with this zero point per column.
ZERO_POINT = 128


def per_column_int8(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`m` [K, N] as symmetric int8 with one float32 scale per column (what `DynamicQuantizeMatMul` takes)."""
    scale = np.abs(m).max(axis=0) / 127
    safe = np.where(scale == 0, 1, scale)
    return np.clip(np.round(m / safe), -127, 127).astype(np.int8), safe.astype(np.float32)


def as_uint8(q: np.ndarray) -> np.ndarray:
    """Int8 weights as uint8 around `ZERO_POINT`: the same products, computed exactly on every x86 CPU.

    ONNX Runtime's uint8 x int8 kernel on a CPU without VNNI (AVX2, AVX-512 before VNNI) adds pairs of
    products in 16 bits and saturates (255 x 127 x 2 > 32767): measured on an AVX2 box, one product off by 32 of
    207, and the readings of whole lines changed (24 calls of 1786). The uint8 x uint8 kernel widens first and is
    exact there, at the same speed (bench/README.md, "The encoder exact on every CPU"); VNNI CPUs were exact
    already, so their readings do not change.
    """
    return (q.astype(np.int16) + ZERO_POINT).astype(np.uint8)


def initializers(
    w: dict[str, np.ndarray],
    n_layers: int = N_LAYERS,
    words_int8: tuple[np.ndarray, np.ndarray] | None = None,
    ranges: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The graph's weights by name, laid out for it (`x @ W`, Q/K/V fused, as int8 columns), from float32 BERT
    weights `w`; `ranges`: each layer's largest input per channel (`smoothing.py`), to even out what 8 bits cover.

    `words_int8`: the word table as int8 [V, 384] and its float16 scales [V, 384 / 64], used instead of `w`'s.
    """

    def f32(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=np.float32)

    out: dict[str, np.ndarray] = {}
    if words_int8 is None:
        out["emb.words"] = f32(w[WORDS])
    else:
        out["emb.words.q"], out["emb.words.s"] = np.ascontiguousarray(words_int8[0]), f32(words_int8[1])
    out["emb.pos"] = f32(w["embeddings.position_embeddings.weight"])
    out["emb.type"] = f32(w["embeddings.token_type_embeddings.weight"][0])
    out["emb.ln.g"], out["emb.ln.beta"] = f32(w["embeddings.LayerNorm.weight"]), f32(w["embeddings.LayerNorm.bias"])
    for i in range(n_layers):
        p, n = f"encoder.layer.{i}.", f"l{i}"
        qkv = [f"attention.self.{k}" for k in ("query", "key", "value")]
        matrices = {"qkv": np.concatenate([w[p + k + ".weight"] for k in qkv], axis=0).T}
        out[f"{n}.qkv.b"] = f32(np.concatenate([w[p + k + ".bias"] for k in qkv]))
        for short, name in (("ao", "attention.output.dense"), ("up", "intermediate.dense"), ("down", "output.dense")):
            matrices[short], out[f"{n}.{short}.b"] = w[p + name + ".weight"].T, f32(w[p + name + ".bias"])
        for short, m in matrices.items():
            smooth = factors(f32(m), (ranges or {}).get(f"{n}.{short}"))
            q, s = per_column_int8(f32(m) * smooth[:, None])
            out[f"{n}.{short}.wq"], out[f"{n}.{short}.ws"] = np.ascontiguousarray(as_uint8(q)), s
            out[f"{n}.{short}.wz"] = np.full(q.shape[1], ZERO_POINT, np.uint8)
            out[f"{n}.{short}.is"] = f32(1 / smooth)
        for short, name in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
            out[f"{n}.{short}.g"], out[f"{n}.{short}.beta"] = f32(w[p + name + ".weight"]), f32(w[p + name + ".bias"])
    return out


class OrtForward:
    """The transformer layers on ONNX Runtime, one intra-op thread (the same reasoning as `encoder.py`'s BLAS pin)."""

    def __init__(
        self,
        w: dict[str, np.ndarray],
        n_layers: int,
        words_int8: tuple[np.ndarray, np.ndarray] | None = None,
        ranges: dict[str, np.ndarray] | None = None,
        prepack: bool = True,
    ) -> None:
        """`prepack=False` packs the weights again on every pass (as before; tests compare the two)."""
        import onnxruntime as ort

        if not graph_path(words_int8 is not None, n_layers).is_file():
            raise ValueError(f"no ONNX graph of {n_layers} layers (they are {LAYER_CHOICES}: onnx_graph.py)")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # The 8-bit weight matrices are pre-packed once into the layout MLAS's integer kernels read: unpacked, every
        # pass packed all 24 of them again, ~0.7 ms of a 2.5 ms pass for a 15-token turn. The products are the same
        # to the bit (bench/README.md, "Understanding's CPU per turn, part 2"), for ~7 MB of resident memory. The
        # arena would keep the peak of the largest input for good, and saves no CPU on one-text passes.
        opts.enable_cpu_mem_arena = False
        if not prepack:
            opts.add_session_config_entry("session.disable_prepacking", "1")
        weights = initializers(w, n_layers, words_int8, ranges)
        names = list(weights)
        opts.add_external_initializers(names, [ort.OrtValue.ortvalue_from_numpy(weights[k]) for k in names])
        graph = graph_path(words_int8 is not None, n_layers).read_bytes()
        self._session = ort.InferenceSession(graph, opts, providers=["CPUExecutionProvider"])
        # The session copied them (measured: keeping them doubles the resident weights).

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states [n, L, 384] for padded ids [n, L] and a 0/1 mask [n, L]."""
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :].astype(np.float32)
        pos = np.arange(ids.shape[1], dtype=np.int64)
        out: np.ndarray = self._session.run(None, {"ids": ids, "pos": pos, "bias": bias})[0]
        return out
