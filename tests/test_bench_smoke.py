"""The benchmarks run: bench/run.py at a tiny size on the real stack (structure only, never timings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib", reason="the bench extra (pip install -e '.[bench]') draws the chart")

from bench import run


@pytest.mark.timeout(300)
def test_bench_runs_end_to_end_at_a_tiny_size(
    tmp_path: Path, install_report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, chart = tmp_path / "results.json", tmp_path / "latency.png"
    # The install size is measured once a session (conftest.py); the run reports it as it would its own.
    monkeypatch.setattr(run, "measure_install", lambda: install_report)
    results = run.main(
        [
            *("--levels", "2", "--turns-per-call", "2", "--period", "0.5"),
            *("--rounds", "1", "--floor-per-round", "3", "--calls-per-round", "2", "--turns-per-round-call", "2"),
            *("--handoffs", "1", "--memory-calls", "2", "--out", str(out), "--chart", str(chart)),
            *("--spike", "2", "--spike-runs", "1", "--arrival-turns", "2", "--poisson", "2", "--rate", "5"),
            *("--kills", "1", "--crash-calls", "2"),
        ]
    )

    assert json.loads(out.read_text())["ratio_p50"] == results["ratio_p50"]
    assert results["ratio_p50_echo"] > 0
    assert chart.stat().st_size > 0
    for part in ("floor", "floor_understand", "turn"):
        assert results[part]["n"] > 0 and results[part]["p50"] > 0
    assert set(results["turn"]["cpu_ms_per_turn"]) == {"worker", "api", "temporal"}
    [level] = results["load"]
    assert level["calls"] == 2 and level["turns_sent"] == 4 and level["errors"] == 0
    assert set(results["handoff"]) >= {"total", "context_build", "publish", "ack_wait", "transfer_answer"}
    assert set(results["memory"]["per_100_calls_mb"]) == {"worker", "api"}
    assert results["machine"]["nproc"] and results["machine"]["cpu"]
    assert (
        results["install"] is install_report
        and install_report["runtime_mb"] > 0
        and "dev" in results["install"]["extras_add_mb"]
    )
    [spike] = results["spike"]
    assert spike["calls"] == 2 and spike["starts"]["n"] == 2 and spike["turns"]["n"] == 4 and spike["errors"] == 0
    assert set(spike["cpu_ms_per_turn"]) == {"worker", "api", "temporal"}
    assert results["poisson"]["calls"] == 2 and results["poisson"]["turns"]["n"] == 4
    assert results["crash"]["kills"] == 1 and results["crash"]["errors"] == 0
