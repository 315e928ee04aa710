"""Review fixtures: the contract policy, and call records with a transcript built from the caller's words."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.conftest import BRIGHTWAVE
from tests.line import Line, running_line
from tests.store_records import T0, rec
from warmline.models import ActionRecord, DispositionCode, Outcome, Reason, Speaker, Utterance
from warmline.policy import Policy
from warmline.policy_file import load_policy
from warmline.records import CallRecord

CODE = DispositionCode


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(BRIGHTWAVE)


def call(
    call_id: str,
    said: list[str],
    *,
    reason: Reason | None = None,
    codes: list[DispositionCode] | None = None,
    at: timedelta = timedelta(0),
    failed: list[str] | None = None,
    **kw: Any,
) -> CallRecord:
    """A call where the caller said `said` (the AI answering each), escalated on the last turn if `reason`."""
    lines: list[Utterance] = [Utterance(speaker=Speaker.AI, text="Hello", at=T0 + at)]
    for i, text in enumerate(said):
        lines.append(Utterance(speaker=Speaker.CALLER, text=text, at=T0 + at + timedelta(seconds=10 * i + 5)))
        lines.append(Utterance(speaker=Speaker.AI, text="ok", at=T0 + at + timedelta(seconds=10 * i + 8)))
    escalated = reason is not None
    return rec(
        call_id,
        at,
        kw.pop("outcome", Outcome.ESCALATED if escalated else Outcome.CONTAINED),
        reason,
        turns=len(said),
        transcript=lines,
        escalation_turn=len(said) if escalated else None,
        disposition_codes=codes or [],
        repeat_explanation=False if codes else None,
        actions=[ActionRecord(name=n, status="failed", turn=1) for n in failed or []],
        **kw,
    )


KEY = "operator-key"


@dataclass
class Ops:
    http: httpx.AsyncClient
    line: Line


@pytest.fixture
async def ops(temporal_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Ops]:
    async with running_line(temporal_env.client, tmp_path, None, operator_keys=KEY, api_keys="gw") as line:
        from tests.review.seed import seed, week  # seed.py imports this module

        await seed(line.settings.db_url, week(T0))
        app = create_app(line.settings)
        app.state.warmline.client = temporal_env.client
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://warmline",
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=30,
        ) as http:
            yield Ops(http, line)
