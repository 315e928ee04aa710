"""Workflows for tests/workflow/test_sandbox.py: one reads the wall clock (the sandbox must refuse it), one shouts."""

from __future__ import annotations

import datetime
from datetime import timedelta

from temporalio import activity, workflow


@activity.defn
async def shout(text: str) -> str:
    return text.upper()


@workflow.defn
class ReadsTheClock:
    @workflow.run
    async def run(self) -> str:
        return datetime.datetime.now().isoformat()  # not deterministic: the sandbox refuses it


@workflow.defn
class Shouts:
    @workflow.run
    async def run(self, text: str) -> str:
        said = await workflow.execute_activity(shout, text, start_to_close_timeout=timedelta(seconds=10))
        return await workflow.execute_local_activity(shout, said + "!", start_to_close_timeout=timedelta(seconds=10))
