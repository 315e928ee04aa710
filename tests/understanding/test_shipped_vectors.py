"""The base encoder's embeddings of the shipped phrasing sets are fresh: a worker never re-embeds them at start."""

from __future__ import annotations

import pytest

from activities.understanding import vectors


@pytest.mark.parametrize("name", sorted(vectors.shipped_sets()))
def test_the_shipped_vectors_match_their_phrasings(name: str) -> None:
    texts = vectors.shipped_sets()[name]
    assert vectors._read(vectors.shipped_path(name), texts) is not None, (
        f"{name}.base.npz is stale: run python -m activities.understanding.vectors"
    )
