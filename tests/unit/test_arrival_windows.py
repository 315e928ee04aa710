"""bench/arrivals.py says which turns of a spike the tail belongs to: latency by the window each turn was due in."""

from __future__ import annotations

from bench.arrivals import by_window, window_line


def test_turns_are_grouped_by_the_period_they_were_due_in() -> None:
    # A spike's first turns (due 2-4 s after its start) waited behind the starts; later ones did not.
    samples = [(2.1, 300.0), (3.9, 500.0), (2.5, 100.0), (4.0, 20.0), (5.99, 40.0), (9.0, 30.0)]

    windows = by_window(samples, 2.0)

    assert [w["from_s"] for w in windows] == [2.0, 4.0, 8.0]
    assert [w["n"] for w in windows] == [3, 2, 1]
    assert windows[0]["max_ms"] == 500.0 and windows[1]["max_ms"] == 40.0
    assert window_line(windows).startswith("2s: 300/")


def test_no_turns_no_windows() -> None:
    assert by_window([], 2.0) == []
    assert window_line([]) == ""
