"""Writes the ONNX graphs `onnx_encoder.py` runs: all-MiniLM-L6-v2's layers (6, or the first 3 or 4), weights left out.

A build step (it needs the `onnx` package, which the `dev` extra brings; the line needs ONNX Runtime
only): each weight is declared as an external initializer with its name, shape and type, and the
session is handed the arrays at start (`onnx_encoder.initializers`). Two graphs per choice of layers: the word
table as float32 (an adapted encoder) or as int8 rows with float16 group scales (the shipped base model).

    python -m activities.understanding.onnx_graph           # rewrite graphs/ (after changing this file)
    python -m activities.understanding.onnx_graph --check   # prove graphs/ is a fresh build
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

from activities.understanding.onnx_encoder import DIM, GRAPHS, HEADS, LAYER_CHOICES, graph_path, initializers
from activities.understanding.weights import BASE_DIR, GROUP, load_stored, scale_of

OPSET = 17
MS = "com.microsoft"  # ONNX Runtime's contrib operators (in every onnxruntime wheel)


def build_graph(weights: dict[str, np.ndarray], words_int8: bool) -> bytes:
    """The serialized model: ids [n, L], position ids [L], additive attention bias [n, 1, 1, L] → [n, L, 384].

    As many layers as `weights` hold (`initializers(w, n_layers)`): the output is the last one's hidden states.
    """
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    inits: list[Any] = []

    def weight(name: str) -> str:
        """A weight supplied at session start: declared here with its shape and type, no data."""
        t = TensorProto(name=name, data_type=helper.np_dtype_to_tensor_dtype(weights[name].dtype))
        t.dims.extend(weights[name].shape)
        t.data_location = TensorProto.EXTERNAL
        t.external_data.add(key="location", value="supplied-at-start")
        inits.append(t)
        return name

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def linear(x: str, name: str) -> str:
        """x @ W + b with W as 8-bit columns (uint8 around a zero point) and x quantised per call (a contrib op)."""
        w, s, b = weight(f"{name}.wq"), weight(f"{name}.ws"), weight(f"{name}.b")
        smoothed = node("Mul", [x, weight(f"{name}.is")], f"{name}.in")
        inputs = [smoothed, w, s, weight(f"{name}.wz"), b]
        nodes.append(helper.make_node("DynamicQuantizeMatMul", inputs, [f"{name}.out"], domain=MS))
        return f"{name}.out"

    def layer_norm(x: str, name: str) -> str:
        ln = [x, weight(f"{name}.g"), weight(f"{name}.beta")]
        return node("LayerNormalization", ln, f"{name}.out", axis=-1, epsilon=1e-12)

    d = DIM // HEADS
    if not words_int8:
        words = node("Gather", [weight("emb.words"), "ids"], "emb.w")
    else:
        rows = node("Cast", [node("Gather", [weight("emb.words.q"), "ids"], "emb.wq")], "emb.wqf", to=1)
        row_scales = node("Gather", [weight("emb.words.s"), "ids"], "emb.ws")
        grouped = node("Reshape", [rows, const("shape.groups", np.array([0, 0, -1, GROUP], np.int64))], "emb.wg")
        row_scales = node("Unsqueeze", [row_scales, const("axes.last", np.array([-1], np.int64))], "emb.wsu")
        scaled = node("Mul", [grouped, row_scales], "emb.wgs")
        words = node("Reshape", [scaled, const("shape.words", np.array([0, 0, DIM], np.int64))], "emb.w")
    positions = node("Gather", [weight("emb.pos"), "pos"], "emb.p")
    x = node("Add", [node("Add", [words, positions], "emb.wp"), weight("emb.type")], "emb.sum")
    x = layer_norm(x, "emb.ln")
    heads_shape = const("shape.heads", np.array([0, 0, HEADS, d], dtype=np.int64))
    ctx_shape = const("shape.ctx", np.array([0, 0, DIM], dtype=np.int64))
    split = const("split.qkv", np.array([DIM, DIM, DIM], dtype=np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(d), dtype=np.float32))
    n_layers = sum(1 for k in weights if k.endswith(".qkv.wq"))
    for i in range(n_layers):
        n = f"l{i}"
        # Q, K and V cut apart first, then each laid out by head: K straight into the [d, L] the product reads.
        nodes.append(
            helper.make_node("Split", [linear(x, f"{n}.qkv"), split], [f"{n}.q2", f"{n}.k2", f"{n}.v2"], axis=-1)
        )
        q, kt, v = (
            node("Transpose", [node("Reshape", [f"{n}.{t}2", heads_shape], f"{n}.{t}.r")], f"{n}.{t}", perm=perm)
            for t, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3]))
        )
        scores = node("MatMul", [node("Mul", [q, scale], f"{n}.qs"), kt], f"{n}.scores")
        probs = node("Softmax", [node("Add", [scores, "bias"], f"{n}.masked")], f"{n}.probs", axis=-1)
        ctx = node("Transpose", [node("MatMul", [probs, v], f"{n}.ctx")], f"{n}.ctx.t", perm=[0, 2, 1, 3])
        out = linear(node("Reshape", [ctx, ctx_shape], f"{n}.ctx.r"), f"{n}.ao")
        x = layer_norm(node("Add", [out, x], f"{n}.res1"), f"{n}.ln1")
        up = linear(x, f"{n}.up")
        # BERT's erf GELU as ONNX Runtime's one fused node: the same erf as its `Erf` node, so the same numbers to
        # the bit as the five nodes written out, in one sweep over the [L, 1536] activations instead of five.
        gelu = node("Gelu", [up], f"{n}.gelu", domain=MS)
        x = layer_norm(node("Add", [linear(gelu, f"{n}.down"), x], f"{n}.res2"), f"{n}.ln2")
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
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS, 1)], producer_name="warmline"
    )
    model.ir_version = 8
    if set(weights) != {t.name for t in inits if t.data_location == TensorProto.EXTERNAL}:
        raise ValueError("the graph and onnx_encoder.initializers name different weights")
    return bytes(model.SerializeToString())


def built() -> dict[Path, bytes]:
    """Both graphs for each choice of layers, shaped after the shipped base model's weights."""
    from activities.understanding.weights import dequantise

    stored = load_stored(BASE_DIR / "model.safetensors")
    w = dequantise(stored)
    scales = scale_of(stored, "embeddings.word_embeddings.weight")
    assert scales is not None
    int8 = (stored["embeddings.word_embeddings.weight"], scales)
    graphs: dict[Path, bytes] = {}
    for k in LAYER_CHOICES:
        graphs[graph_path(False, k)] = build_graph(initializers(w, k), False)
        graphs[graph_path(True, k)] = build_graph(initializers(w, k, words_int8=int8), True)
    return graphs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m activities.understanding.onnx_graph", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--check", action="store_true", help="compare graphs/ with a fresh build")
    args = ap.parse_args(argv)
    graphs = built()
    if args.check:
        stale = [p.name for p, data in graphs.items() if not p.is_file() or p.read_bytes() != data]
        if stale:
            print(f"error: {', '.join(stale)} differ from a fresh build", file=sys.stderr)
            return 1
        return 0
    GRAPHS.mkdir(exist_ok=True)
    for path, data in graphs.items():
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
