"""A voicemail callback on the desk in Chromium: "Voicemail · callback to make", a link to the recording, its
length and the transcript, above the call's context; the wrap-up is a callback's.

The message is left through the real call workflow (the queue closed, `after_hours: voicemail`); its context
and voicemail are then offered at once by a CallbackWorkflow (a closed queue would ring only at tomorrow's opening).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.browser import CHROMIUM, serve_in_thread
from tests.desk.conftest import QUEUES, eventually
from tests.desk.test_browser import browser_line, signed_in
from warmline.callbacks import CallbackStart, CallbackState, callback_workflow_id
from warmline.context import build_context
from warmline.hours import DAYS
from warmline.voicemail import VoicemailLeft, VoicemailTranscript
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow

playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
URL = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE77"


async def test_a_voicemail_pops_with_its_recording_and_transcript_in_chromium(
    temporal_env: WorkflowEnvironment, tmp_path: Path, line_settings: dict[str, Any]
) -> None:
    tomorrow = DAYS[(datetime.now(UTC).weekday() + 1) % 7]
    closed = {"after_hours": "voicemail", "hours": {"timezone": "UTC", "open": {tomorrow: "00:00-24:00"}}}
    queues = [{**q, "ring_s": 60, **(closed if q["name"] == "complex" else {})} for q in QUEUES]
    async with browser_line(temporal_env, tmp_path, line_settings, queues) as line:
        call_id = await line.start(number="+447700900888")
        asked = await line.turn(call_id, "can I speak to a real person please")
        assert asked.voicemail is not None
        h = line.handle(call_id)
        await h.execute_update(CallWorkflow.voicemail, VoicemailLeft(recording_url=URL, duration_s=23))
        await h.signal(CallWorkflow.voicemail_transcript, VoicemailTranscript(status="completed", text="ring me"))
        st = await eventually(lambda: line.state(call_id), lambda s: bool(s.voicemail and s.voicemail.transcript))
        assert st.escalation is not None and st.voicemail is not None

        now = datetime.now(UTC)
        shown = f"{call_id}-desk"  # offered now, beside the real callback that waits for tomorrow's opening
        context = build_context(st, st.escalation, now).model_copy(update={"call_id": shown})
        start = CallbackStart(call_id=shown, reason="voicemail", context=context, number=st.caller.number,
                              booked_at=now, due_at=now, voicemail=st.voicemail)  # fmt: skip
        await line.client.start_workflow(
            CallbackWorkflow.run, start, id=callback_workflow_id(shown), task_queue=line.settings.task_queue
        )
        with serve_in_thread(create_app(line.settings)) as served:
            async with playwright_api.async_playwright() as pw:
                browser, page = await signed_in(pw, served, "ann-token-1")
                await page.click("#go-available")
                popup = page.locator("#offer .popup")
                await popup.wait_for(state="visible", timeout=10_000)
                assert await page.locator("#offer-kind").inner_text() == "Voicemail · callback to make"
                link = popup.locator('[data-f="recording"]')
                assert await link.get_attribute("href") == URL
                assert await link.inner_text() == "Play the message (23 s)"
                assert await popup.locator('[data-f="voicemail-text"]').inner_text() == "“ring me”"
                facts = await popup.locator("dl").inner_text()
                assert "Ring the caller back on +447700900888" in facts and "(voicemail)" in facts
                await page.click("#accept")
                await page.locator("#call").wait_for(state="visible")
                assert await page.locator("#callback-outcome").is_visible()
                await page.check('input[name=codes][value="none"]')
                await page.check('input[name=callback_outcome][value="reached"]')
                await page.click("#wrap-up button[type=submit]")
                await page.locator("#idle").wait_for(state="visible")
                await browser.close()
        handle = line.client.get_workflow_handle(callback_workflow_id(shown), result_type=CallbackState)
        final = await handle.result()
        assert final.outcome == "reached" and final.agent_id == "ann" and final.voicemail is not None
