"""The lexical back-end: the embedded back-end's reading without its sentence encoder (TF-IDF similarity only)."""

from __future__ import annotations

from activities.understanding.embedded import EmbeddedUnderstander


class LexicalUnderstander(EmbeddedUnderstander):
    """The embedded back-end without the sentence encoder: TF-IDF similarity only.

    For lines that need the cheapest turn (about 1-2 ms of CPU instead of ~15 ms for a never-seen
    utterance) and whose policy's query types are few and lexically distinct; it reads paraphrases
    far less well (docs/understanding.md has both back-ends' figures).
    """

    backend = "lexical"
    semantic = False
