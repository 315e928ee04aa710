"""bench/install_size.py: the run-time install follows pyproject's dependencies and leaves the heavy ones out."""

from __future__ import annotations

from typing import Any

from bench.install_size import closure


def test_closure_follows_requirements_through_installed_metadata() -> None:
    got = closure(["fastapi"])
    assert {"fastapi", "starlette", "pydantic", "pydantic-core"} <= set(got.sizes)
    assert got.total > 0 and not got.missing


def test_a_requirement_behind_an_extra_is_followed_only_when_named() -> None:
    plain = closure(["uvicorn"])
    standard = closure(["uvicorn[standard]"])
    assert "uvloop" not in plain.sizes and "uvloop" in standard.sizes


def test_the_run_time_install_has_none_of_the_heavy_libraries_issue_18_names(install_report: dict[str, Any]) -> None:
    report = install_report
    runtime = set(report["largest"]) | set(report["heavy_in_runtime"])
    for heavy in ("torch", "transformers", "sentence-transformers", "ortools", "pandas", "sympy"):
        assert heavy not in runtime
    assert report["extras_add_mb"]["embeddings"] > report["runtime_mb"] / 2  # torch lives there
