"""Where an OpenAI-compatible server answers: the recogniser (ASR) and the LLM back-end are both configured
with a base URL, and both accept it with or without `/v1`, or as the full endpoint URL."""

from __future__ import annotations


def endpoint_url(base: str, endpoint: str) -> str:
    """The URL of `endpoint` (e.g. "chat/completions") on the server at `base`, which may already name it."""
    base = base.rstrip("/")
    if base.endswith(f"/{endpoint}"):
        return base
    return f"{base}/{endpoint}" if base.endswith("/v1") else f"{base}/v1/{endpoint}"
