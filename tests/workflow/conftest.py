from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from runtime.temporal import ensure_search_attributes
from tests.conftest import binary


@asynccontextmanager
async def skipping_server() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping test server: hours of timers (wrap-up, callbacks) pass in moments.

    It skips time only while no work is outstanding, so a workflow left running by an earlier
    test (its worker gone) stalls it: modules whose tests leave workflows behind take one per test.
    """
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=binary("temporal-test-server"), data_converter=pydantic_data_converter
    )
    await ensure_search_attributes(env.client, "default")  # as the worker does against any server
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture(scope="module")
async def skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    async with skipping_server() as env:
        yield env
