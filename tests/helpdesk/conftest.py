"""Helpdesk fixtures: the fake webhook helpdesk, and structlog capture that survives cached loggers."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from activities.helpdesk import activity as activity_module
from activities.helpdesk import webhook as webhook_module


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MutableMapping[str, Any]]]:
    """Every structlog event the helpdesk modules emit during the test.

    Fresh logger proxies are swapped in so capture works even after another test
    configured structlog with `cache_logger_on_first_use`.
    """
    with capture_logs() as captured:
        monkeypatch.setattr(activity_module, "log", structlog.get_logger("warmline.helpdesk"))
        monkeypatch.setattr(webhook_module, "log", structlog.get_logger("warmline.helpdesk.webhook"))
        yield captured
