"""The start-up's objects set aside from the garbage collector, in the worker and the API.

A full collection walks every object the collector tracks. Once the worker has loaded the policy, the
understanding's models and the SDK, that is ~135 000 objects and ~100-140 ms of CPU with the interpreter
held (the API's ~168 000: ~100 ms): every call's turn waits. A spike of new calls leaves enough surviving
objects to trigger one (bench/README.md, "A spike of 150"). What the start-up built lives as long as the
process, so it is frozen (`gc.freeze`: never collected, never walked again) after one collection clears the
start-up's own garbage; what calls create later is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Collect once, then move every surviving object out of the collector's sight; returns how many."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
