"""Embeddings of the phrasing sets the project ships, computed once ahead of time for the base encoder.

The dialog-act set and the off-policy background are a few thousand phrasings; embedding them at every
worker start would cost seconds of CPU. For the base all-MiniLM-L6-v2 their embeddings ship beside them
(float16, `<name>.base.npz`, written by `python -m activities.understanding.vectors`); an adapted encoder
computes its own once and keeps them in `WARMLINE_DATA_DIR/vectors/`. Either way they are read once per
process: every policy's head is fitted on the same background.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import structlog

from activities.understanding.encoder import MiniLmEncoder, shared_encoder

HERE = Path(__file__).resolve().parent
log = structlog.get_logger()
_BUILD = "python -m activities.understanding.vectors"
_loaded: dict[tuple[str, str, str], np.ndarray] = {}  # (set, encoder fingerprint, digest of the texts)


def digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def shipped_path(name: str, fingerprint: str = "base") -> Path:
    """`<name>.base.npz` for the base encoder (and its first k layers mapped to six's, `layer_map.py`);
    `<name>.base-first<k>.npz` for its first k layers unmapped."""
    return HERE / "vectors" / f"{name}.{fingerprint}.npz"


def _cache_path(name: str, encoder: MiniLmEncoder) -> Path:
    from warmline.settings import get_settings

    key = hashlib.sha256(encoder.fingerprint.encode()).hexdigest()[:12]
    return get_settings().data_dir / "vectors" / f"{name}.{key}.npz"


def _read(path: Path, texts: list[str]) -> np.ndarray | None:
    try:
        with np.load(path) as f:
            if str(f["digest"]) != digest(texts) or f["vectors"].shape[0] != len(texts):
                return None
            return np.asarray(f["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return None


def _write(path: Path, texts: list[str], vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, digest=np.asarray(digest(texts)), vectors=vectors.astype(np.float16))
    tmp.replace(path)


def load(name: str, texts: list[str], encoder: MiniLmEncoder | None = None) -> np.ndarray:
    """Unit-length embeddings of `texts` by `encoder` (the base one when None): shipped, cached or computed."""
    enc = encoder or shared_encoder()
    key = (name, enc.fingerprint, digest(texts))
    if key in _loaded:
        return _loaded[key]
    path = shipped_path(name, enc.sets_fingerprint) if enc.base else _cache_path(name, enc)
    vectors = _read(path, texts)
    if vectors is None and enc.base and enc.sets_fingerprint != "base":
        # A few seconds per set at every start otherwise, and a turn of the line's first call waits for them.
        raise ValueError(f"{path} is missing or stale: write it with {_BUILD} (WARMLINE_ENCODER_LAYERS set)")
    if vectors is None:
        log.info("embedding a shipped phrasing set", set=name, phrasings=len(texts), encoder=enc.fingerprint)
        vectors = enc.encode(texts)
        if not enc.base:
            try:
                _write(path, texts, vectors)
            except OSError as e:  # a read-only data directory: computed again next start, no harm
                log.warning("could not keep the embeddings", set=name, path=str(path), error=str(e))
    else:
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    _loaded[key] = vectors
    return vectors


def build_shipped(sets: dict[str, list[str]]) -> None:
    """Write the base encoder's embeddings of every shipped set (run after a set changes)."""
    enc = shared_encoder()
    if enc.fingerprint != enc.sets_fingerprint:
        raise ValueError(f"the {enc.fingerprint} encoder reads six layers' sets; write them with six (the default)")
    for name, texts in sets.items():
        _write(shipped_path(name, enc.sets_fingerprint), texts, enc.encode(texts))
        print(f"wrote {shipped_path(name, enc.sets_fingerprint)} ({len(texts)} phrasings)", file=sys.stderr)


def shipped_sets() -> dict[str, list[str]]:
    """Every phrasing set the embedded back-end embeds at start, by name."""
    from activities.understanding.act_model import act_texts
    from activities.understanding.background import background_phrases, chatter_phrases
    from activities.understanding.head_data import embedding_text
    from activities.understanding.mood import upset_rows

    return {
        "background": [embedding_text(t) for t in background_phrases()],
        "chatter": [embedding_text(t) for t in chatter_phrases()],
        "acts": act_texts(),
        "upset": [t for t, _ in upset_rows()],
    }


if __name__ == "__main__":
    build_shipped(shipped_sets())
