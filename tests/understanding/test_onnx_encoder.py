"""The ONNX Runtime forward pass (8-bit products) stays close to the numpy float pass, and embeds a text the same
whatever it is encoded with."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from activities.understanding import onnx_encoder
from activities.understanding.encoder import MiniLmEncoder

pytestmark = pytest.mark.skipif(not onnx_encoder.available(), reason="needs onnxruntime and onnx")

TEXTS = [
    "yes",
    "what are your opening hours",
    "my broadband keeps dropping out every evening and I've restarted the router three times already",
    "wat tim do yous open tomoro",
    "I want to cancel my contract or maybe upgrade, I'm not sure",
    "£50 on my bill?!",
]


def test_the_8_bit_pass_stays_within_the_documented_distance_of_the_float_one() -> None:
    reference, fast = MiniLmEncoder(use_ort=False), MiniLmEncoder()
    assert fast._ort is not None and reference._ort is None and fast._numpy is None
    got, expected = fast.encode(TEXTS), reference.encode(TEXTS)
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * expected).sum(axis=1)
    # onnx_encoder.py's docstring: within 0.990 of the float pass, 0.9975 on average (measured on callers' turns)
    assert float(cosine.min()) > 0.98 and float(cosine.mean()) > 0.99, cosine


def test_a_text_embeds_the_same_alone_or_among_others() -> None:
    """The 8-bit products scale activations by what they are computed with: each text must go alone."""
    together = MiniLmEncoder().encode(TEXTS)
    alone = MiniLmEncoder()
    assert np.array_equal(np.vstack([alone.encode([t]) for t in reversed(TEXTS)])[::-1], together)


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="writing the graphs needs `onnx` (the dev extra)")
def test_the_shipped_graphs_are_a_fresh_build_and_hold_no_weights() -> None:
    from activities.understanding import onnx_graph

    assert onnx_graph.main(["--check"]) == 0
    assert all(p.stat().st_size < 50_000 for p in onnx_graph.built())  # names and shapes only


def test_an_encoder_of_another_depth_is_refused_before_the_graph_runs() -> None:
    w = {"embeddings.word_embeddings.weight": np.zeros((4, 384), np.float32)}
    with pytest.raises(ValueError, match="no ONNX graph of 12 layers"):
        onnx_encoder.OrtForward(w, 12)


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="building a one-node graph needs `onnx`")
def test_the_8_bit_products_are_exact_where_uint8_by_int8_would_saturate() -> None:
    """Activations near 255 against weights near 127 overflow the 16-bit pair sums of ONNX Runtime's uint8 x int8
    kernel on CPUs without VNNI (AVX2): the weights go as uint8 around a zero point, which is exact everywhere."""
    from onnx import TensorProto, helper, numpy_helper

    k = n = 64
    rng = np.random.default_rng(7)
    q = np.where(rng.random((k, n)) < 0.5, 127, 120).astype(np.int8)
    scale = np.full(n, 0.01, np.float32)
    inits = [
        numpy_helper.from_array(onnx_encoder.as_uint8(q), "w"),
        numpy_helper.from_array(scale, "s"),
        numpy_helper.from_array(np.full(n, onnx_encoder.ZERO_POINT, np.uint8), "z"),
    ]
    node = helper.make_node("DynamicQuantizeMatMul", ["x", "w", "s", "z"], ["y"], domain="com.microsoft")
    io = [helper.make_tensor_value_info(v, TensorProto.FLOAT, [None, d]) for v, d in (("x", k), ("y", n))]
    graph = helper.make_graph([node], "linear", [io[0]], [io[1]], inits)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    import onnxruntime as ort

    session = ort.InferenceSession(helper.make_model(graph, opset_imports=opsets).SerializeToString())
    x = np.full((2, k), 2.0, np.float32)
    x[:, 0] = -0.001  # the activations' range starts below 0: quantised, the rest sit at 255
    got = session.run(None, {"x": x})[0]
    lo, hi = float(min(0.0, x.min())), float(max(0.0, x.max()))
    step = (hi - lo) / 255
    zero = np.round(-lo / step)
    xq = np.clip(np.round(x / step) + zero, 0, 255)
    exact = ((xq - zero) @ q.astype(np.float64)) * step * scale
    assert np.allclose(got, exact, rtol=1e-5), float(np.abs(got - exact).max())


def test_the_layers_weights_go_as_uint8_around_the_zero_point() -> None:
    m = np.array([[1.0, -2.0], [0.5, 4.0]], np.float32)
    q, _ = onnx_encoder.per_column_int8(m)
    assert q.dtype == np.int8 and q.max() == 127 and q.min() == -64
    u = onnx_encoder.as_uint8(q)
    assert u.dtype == np.uint8 and np.array_equal(u.astype(np.int16) - onnx_encoder.ZERO_POINT, q)


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="reading the graph needs `onnx`")
def test_the_graph_runs_gelu_fused_and_lays_out_the_heads_without_a_five_dimensional_transpose() -> None:
    """Measured on an AVX2 box without VNNI: the fused GELU and the plainer attention layout take ~4 % off a pass,
    with the same hidden states to the bit (bench/README.md, "Understanding's CPU on a CPU without VNNI")."""
    import onnx

    model = onnx.load(str(onnx_encoder.graph_path(True)), load_external_data=False)
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("Gelu") == onnx_encoder.N_LAYERS and "Erf" not in ops and "Squeeze" not in ops


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="building a one-node graph needs `onnx`")
def test_the_fused_gelu_gives_the_written_out_one_to_the_bit() -> None:
    """ONNX Runtime's `Gelu` is 0.5 x (1 + erf(x / sqrt 2)) with the same erf as its `Erf` node: the readings stay."""
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    consts = [
        numpy_helper.from_array(np.array(v, np.float32), name)
        for name, v in (("h", 0.5), ("o", 1.0), ("r", np.sqrt(0.5)))
    ]
    nodes = [
        helper.make_node("Gelu", ["x"], ["fused"], domain="com.microsoft"),
        helper.make_node("Mul", ["x", "r"], ["xr"]),
        helper.make_node("Erf", ["xr"], ["e"]),
        helper.make_node("Add", ["e", "o"], ["e1"]),
        helper.make_node("Mul", ["x", "h"], ["xh"]),
        helper.make_node("Mul", ["xh", "e1"], ["written"]),
    ]
    io = [helper.make_tensor_value_info(v, TensorProto.FLOAT, [None, 1536]) for v in ("x", "fused", "written")]
    graph = helper.make_graph(nodes, "gelu", [io[0]], io[1:], consts)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # keep the written-out one apart
    session = ort.InferenceSession(helper.make_model(graph, opset_imports=opsets).SerializeToString(), opts)
    x = (np.random.default_rng(3).standard_normal((40, 1536)) * 4).astype(np.float32)
    fused, written = session.run(None, {"x": x})
    assert np.array_equal(fused, written)
