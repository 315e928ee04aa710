from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.fakes.helpdesk import FakeHelpdesk, fake_helpdesk  # noqa: F401
from tests.line import Line, running_line


@pytest.fixture
async def line(
    temporal_env: WorkflowEnvironment,
    tmp_path: Path,
    fake_helpdesk: FakeHelpdesk,  # noqa: F811
) -> AsyncIterator[Line]:
    async with running_line(temporal_env.client, tmp_path, fake_helpdesk) as ln:
        yield ln
