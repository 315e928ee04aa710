"""The review's embedding activity: misread callers' words to groups of the same meaning.

The review workflow is deterministic and must not run the sentence encoder (it is
I/O-free, and a model's floats are not a workflow's business), so the words go
through this activity: embedded with the embedded understanding back-end's encoder
(the base all-MiniLM-L6-v2, or the adapted one `WARMLINE_ENCODER_DIR` names), then
grouped by the pure `warmline.meaning.group_by_cosine`. Only call ids come back,
so the history stays small and a replay reads the same groups.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import structlog
from temporalio import activity

from warmline.review_models import MeaningGroups, MeaningRequest

log = structlog.get_logger("warmline.reviews")


def group_phrasings(req: MeaningRequest, encoder_dir: Path | None = None) -> MeaningGroups:
    """Embed the phrasings (one batch) and group them; no phrasings, no encoder load."""
    if not req.phrasings:
        return MeaningGroups(groups=[])
    from activities.understanding.encoder import shared_encoder
    from warmline.meaning import group_by_cosine

    vectors = shared_encoder(encoder_dir).encode([p.text for p in req.phrasings])
    groups = group_by_cosine(vectors, req.threshold)
    return MeaningGroups(groups=[[req.phrasings[i].call_id for i in g] for g in groups])


class MeaningActivities:
    def __init__(self, encoder_dir: Path | None = None) -> None:
        self.encoder_dir = encoder_dir

    @activity.defn(name="group_by_meaning")
    async def group_by_meaning(self, req: MeaningRequest) -> MeaningGroups:
        """Off the event loop: a few hundred phrasings take a second or two of encoder time."""
        out = await asyncio.to_thread(group_phrasings, req, self.encoder_dir)
        log.info("misread phrasings grouped", phrasings=len(req.phrasings), groups=len(out.groups))
        return out
