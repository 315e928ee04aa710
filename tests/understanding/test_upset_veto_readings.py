"""The upset veto (`upset_blend.Veto`) reads what the understander already read of the turn, handed over
(`upset_blend.Read`), and nothing twice: the signals it weighs are exactly those it would compute afresh, and on a
policy counting two upset turns it computes none.

Our own phrasings, none taken from a line's calls.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from activities.understanding import upset_blend
from activities.understanding.embedded import EmbeddedUnderstander
from activities.understanding.text import clean
from tests.understanding.conftest import inline_policy
from warmline.understanding import UnderstandingRequest

TURNS = [
    ("this is the third time I've rung and nobody has sorted it, I'm sick to death of it", "answer"),
    ("lovely, thanks ever so much for that", "answer"),
    ("my nan passed away last week, what do I need to send you", None),
    ("no that's not it, it still says the same thing!", "answer"),
    ("er the other thing really", "clarify"),
    ("can I talk to somebody about this please, you're useless", "offer"),
]
QUERY_TYPES = [
    {
        "name": "billing",
        "examples": ["question about my bill", "why is my bill so high"],
        "answer": "Bills.",
        "queue": "a",
    },
    {"name": "account", "examples": ["change my address", "update my details"], "answer": "Details.", "queue": "a"},
]


def _understander(sustained: int) -> EmbeddedUnderstander:
    rule = {"threshold": -0.4, "sustained_turns": sustained, "action": "offer"}
    return EmbeddedUnderstander(inline_policy(QUERY_TYPES, defaults={"sentiment": rule}))


@pytest.fixture
def seen() -> Iterator[list[upset_blend.Signals]]:
    got: list[upset_blend.Signals] = []
    upset_blend.OBSERVERS.append(got.append)
    yield got
    upset_blend.OBSERVERS.remove(got.append)


def test_the_readings_handed_over_are_the_ones_computed_afresh(seen: list[upset_blend.Signals]) -> None:
    u = _understander(1)
    assert u._upset is not None and u._acts is not None
    for n, (text, pending) in enumerate(TURNS, start=1):
        req = UnderstandingRequest(call_id="c", turn=n, text=text, pending=pending)
        u.understand_now(req)
        handed = seen[-1]
        fresh = upset_blend.signals(
            text,
            upset_blend.Read(handed.hand_made, *u._sentiment.readings(text)[::-1], None, None),
            u.model.vector(clean(text)),
            pending,
            u._sentiment,
            u._upset,
            u._acts,
        )
        assert handed == fresh, text
    assert len(seen) == len(TURNS)


def test_a_policy_counting_two_upset_turns_computes_no_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = upset_blend.signals

    def counting(text: str, *args: object, **kw: object) -> upset_blend.Signals:
        calls.append(text)
        return real(text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(upset_blend, "signals", counting)
    blend = upset_blend.shipped()
    assert blend is not None and blend.max_sustained == 1
    for sustained, expected in ((2, 0), (1, len(TURNS))):
        u, calls[:] = _understander(sustained), []
        for n, (text, pending) in enumerate(TURNS, start=1):
            u.understand_now(UnderstandingRequest(call_id="c", turn=n, text=text, pending=pending))
        assert len(calls) == expected, sustained  # two counted: the hand-made reading stands, nothing computed
