"""One real stack for the whole directory: dev server on a SQLite file, two workers, two APIs, a webhook fake.

Starting it costs seconds a test would otherwise pay again, so it is shared; each
test starts with `heal()` (every process back up), and the fake helpdesk routes
by call-id prefix so tests do not see each other's calls. A failing test shows
the end of every process's log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.fakes.helpdesk import Behaviour, FakeHelpdesk
from tests.reliability.stack import Stack

HELPDESK_TIMEOUT_S = 5.0


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: a real-stack reliability scenario (seconds to a minute); in the default run"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.failed:
        item.stash[FAILED] = True


FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def helpdesk() -> Iterator[FakeHelpdesk]:
    """The helpdesk every worker of the stack delivers to (acks at once unless a test says otherwise)."""
    with FakeHelpdesk(max_hang_s=30) as fake:
        yield fake


@pytest.fixture(scope="session")
async def shared_stack(tmp_path_factory: pytest.TempPathFactory, helpdesk: FakeHelpdesk) -> AsyncIterator[Stack]:
    stack = Stack.create(
        tmp_path_factory.mktemp("reliability"),
        workers=2,
        apis=2,
        extra_env={
            "WARMLINE_HELPDESK": "webhook",
            "WARMLINE_HELPDESK_URL": helpdesk.url,
            "WARMLINE_HELPDESK_SECRET": helpdesk.secret,
            "WARMLINE_HELPDESK_TIMEOUT_S": str(HELPDESK_TIMEOUT_S),
        },
    )
    try:
        await stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture
async def stack(shared_stack: Stack, helpdesk: FakeHelpdesk, request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The shared stack with every process running; its logs are printed when the test fails."""
    await shared_stack.heal()
    helpdesk.default = Behaviour.ok()
    yield shared_stack
    if request.node.stash.get(FAILED, False):
        print(shared_stack.logs())
