"""What the sentence encoder is shown: one normalisation for every phrasing, and the head's classes.

Shared by the intent head (`classifier.py`), its offline adaptation (`adapt.py`) and the shipped
phrasing sets (acts, background, upset), so a phrasing reads the same wherever it is embedded.
"""

from __future__ import annotations

from activities.understanding.text import clean
from warmline.names import humanize
from warmline.policy import Policy


def embedding_text(phrase: str) -> str:
    """What the encoder sees: the same normalisation for examples and for callers' (act-stripped) turns."""
    return clean(phrase).replace(" , ", ", ")


def head_training_set(policy: Policy) -> tuple[list[str], list[int], int]:
    """(texts, labels, number of classes) the embedding head learns: each query type's examples and name,
    then the out-of-scope examples as one more class (label = number of query types) when there are any.

    The encoder's adaptation (`adapt.py`) trains on exactly this set, so the two agree on what a class is.
    """
    texts: list[str] = []
    labels: list[int] = []
    for i, qt in enumerate(policy.query_types):
        for phrase in [*qt.examples, humanize(qt.name)]:
            texts.append(embedding_text(phrase))
            labels.append(i)
    oos = [embedding_text(t) for t in policy.out_of_scope_examples]
    texts += oos
    labels += [len(policy.query_types)] * len(oos)
    return texts, labels, len(policy.query_types) + bool(oos)
