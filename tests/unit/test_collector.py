"""runtime/collector.py: what the start-up built is out of the collector's sight; what comes later is collected."""

from __future__ import annotations

import gc
import weakref

from runtime.collector import freeze_startup_objects


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_startup_objects_frozen_and_later_garbage_still_collected() -> None:
    kept = [_Node()]
    try:
        assert freeze_startup_objects() > 0
        assert not any(o is kept[0] for o in gc.get_objects())  # frozen: no collection walks it
        later = _cycle()
        gc.collect()
        assert later() is None  # a cycle made after the freeze is still collected
    finally:
        gc.unfreeze()
