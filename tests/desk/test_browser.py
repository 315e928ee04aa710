"""The desk end to end in a real browser (Debian's Chromium driven by Playwright).

An agent signs in, goes available, an escalated call pops up live (server-sent
events, no reload) with the whole context before acceptance (screenshot kept),
Accept reaches the call as `agent_connected`, and the wrap-up form sends the
disposition and `agent_completed`. On Twilio, Accept rings the agent's own phone
instead, and the call connects when Twilio says it answered.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_in_thread
from tests.desk.conftest import QUEUES, eventually
from tests.fakes.twilio import FakeTwilio
from tests.fakes.twilio_rest import FakeTwilioRest
from tests.line import Line, policy_file, running_line
from warmline.callbacks import CallbackState, callback_workflow_id
from warmline.models import CallbackChoice, Csat, DispositionCode, Status
from warmline.policy_file import load_policy
from workflows.call import CallWorkflow

TOKENS = "ann:ann-token-1:disputes+billing"
playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")


@pytest.fixture
def served(line_for_browser: Line) -> Iterator[str]:
    """The real API under uvicorn in a thread, with its own event loop and Temporal client."""
    with serve_in_thread(create_app(line_for_browser.settings)) as url:
        yield url


@asynccontextmanager
async def browser_line(
    env: WorkflowEnvironment, tmp: Path, settings: dict[str, Any], queues: list[dict[str, Any]]
) -> AsyncIterator[Line]:
    """A desk line whose API (in another thread, with its own client) reaches the same Temporal."""
    target = env.client.service_client.config.target_host
    policy = policy_file(tmp, queues=queues)
    async with running_line(
        env.client, tmp, None, policy=policy, temporal_address=target, **{"agent_tokens": TOKENS, **settings}
    ) as line:
        yield line


@pytest.fixture
async def line_for_browser(
    temporal_env: WorkflowEnvironment, tmp_path: Path, line_settings: dict[str, Any]
) -> AsyncIterator[Line]:
    # A human-paced ring time: the test reads and photographs the pop-up before accepting.
    async with browser_line(temporal_env, tmp_path, line_settings, [{**q, "ring_s": 60} for q in QUEUES]) as line:
        yield line


async def test_desk_offer_pops_live_accept_and_wrap_up_in_chromium(
    line_for_browser: Line, served: str, tmp_path: Path
) -> None:
    line = line_for_browser
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1100, "height": 900})
        external: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(served) else external.append(r.url))

        await page.goto(f"{served}/desk")
        assert page.url.endswith("/desk/login")  # anonymous: sent to sign in
        await page.fill("#token", "ann-token-1")
        await page.click("button[type=submit]")
        await page.wait_for_url(f"{served}/desk")
        await page.click("#go-available")
        await page.wait_for_selector("#status.available")

        # The call escalates while the page stays open: answered, then the caller wants a person to confirm.
        call_id = await line.start(authenticated=True, auth_method="pin", account_id="AC-1")
        assert (await line.turn(call_id, "what are your opening hours")).action == "reply"
        assert (await line.turn(call_id, "can I speak to a real person please")).action == "transfer"
        popup = page.locator("#offer .popup")
        await popup.wait_for(state="visible", timeout=10_000)
        context = popup.locator(".context")
        # The first 15 seconds: the suggested opening on top, quoting what the caller was told.
        coaching = context.locator(".coaching")
        assert await coaching.locator(".opening").is_visible()
        opening = await coaching.locator(".opening").inner_text()
        assert opening.startswith('Say first: Thanks for holding — I can see you were told "') and "confirm" in opening
        assert await coaching.locator(".avoid").inner_text() == "Verified by PIN — no need to re-verify."
        first = await coaching.bounding_box()
        top = await context.locator(".summary").bounding_box()
        assert first is not None and top is not None and first["y"] < top["y"]
        summary = context.locator(".summary")
        assert (await summary.inner_text()).startswith("Verified caller (pin), account AC-1 about opening hours")
        boxes = [
            await context.locator(sel).first.bounding_box() for sel in (".summary", "dl", ".actions", ".transcript")
        ]
        ys = [b["y"] for b in boxes if b]
        assert len(ys) == 4 and ys == sorted(ys)  # summary on top, then facts, actions, transcript
        facts = await context.locator("dl").inner_text()
        assert "opening hours · confidence" in facts and "Verified · pin" in facts and "customer request" in facts
        assert "Yes · the AI already answered" in facts  # the confirmation-seeking flag
        actions = await context.locator(".actions li").all_inner_texts()
        assert actions == ["✓ answer:opening hours · succeeded · Gave the answer for opening hours."]
        transcript = await context.locator(".transcript li").all_inner_texts()
        assert len(transcript) == 4 and transcript[0].startswith("AI Thanks for calling")
        assert transcript[-1] == "Caller can I speak to a real person please"
        shot = tmp_path / "offer-popup.png"
        await popup.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
        if keep := _screenshot_dir():
            shutil.copy(shot, keep / "offer-popup.png")
        assert (await line.state(call_id)).status == Status.TRANSFERRING  # nothing connected before Accept

        await page.click("#accept")
        await page.locator("#call").wait_for(state="visible")
        assert await page.locator("#offer").is_hidden()
        assert await page.locator("#call .coaching .opening").is_visible()  # still there on the call
        assert (await line.state(call_id)).status == Status.WITH_AGENT

        await page.check('input[name=codes][value="ai_over_escalated"]')
        await page.check("input[name=repeat_explanation]")
        await page.fill("#notes", "Caller only wanted a human to confirm.")
        await page.click("#wrap-up button[type=submit]")
        await page.locator("#idle").wait_for(state="visible")
        st = await eventually(lambda: line.state(call_id), lambda s: s.disposition is not None)
        assert st.status == Status.WRAP_UP and st.agent_id == "ann"
        assert st.disposition is not None and st.disposition.codes == [DispositionCode.AI_OVER_ESCALATED]
        assert st.disposition.repeat_explanation and st.disposition.notes == "Caller only wanted a human to confirm."
        assert st.disposition.intended_query_type is None  # "should have been" left at its empty default
        assert await page.locator("#status").inner_text() == "available"
        assert external == []  # no CDN, no third-party request
        await browser.close()


async def test_wrap_up_says_which_query_type_a_misread_call_should_have_been(
    line_for_browser: Line, served: str
) -> None:
    line = line_for_browser
    async with playwright_api.async_playwright() as pw:
        browser, page = await signed_in(pw, served, "ann-token-1")
        await page.click("#go-available")
        await page.wait_for_selector("#status.available")
        call_id = await line.start()
        assert (await line.turn(call_id, "my bill is wrong, put me through to someone")).action == "transfer"
        await page.locator("#offer .popup").wait_for(state="visible", timeout=10_000)
        await page.click("#accept")
        await page.locator("#call").wait_for(state="visible")

        select = page.locator("#intended-query-type")
        assert await select.input_value() == ""  # optional: nothing chosen until the agent picks one
        options = await select.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
        names = [qt.name for qt in load_policy(line.settings.policy).query_types]
        assert options == [["", "— not set —"], *[[n, n.replace("_", " ")] for n in names]]
        label = await page.locator('label[for="intended-query-type"]').inner_text()
        assert label.startswith("Should have been")

        await page.check('input[name=codes][value="ai_misidentified_intent"]')
        await select.select_option("bill_dispute")
        await page.click("#wrap-up button[type=submit]")
        await page.locator("#idle").wait_for(state="visible")
        st = await eventually(lambda: line.state(call_id), lambda s: s.disposition is not None)
        assert st.disposition is not None and st.disposition.codes == [DispositionCode.AI_MISIDENTIFIED_INTENT]
        assert st.disposition.intended_query_type == "bill_dispute"
        await browser.close()


async def signed_in(pw: Any, served: str, token: str) -> tuple[Any, Any]:
    """Chromium on the desk, signed in with `token`: the browser (to close) and its page."""
    browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = await browser.new_page(viewport={"width": 1100, "height": 900})
    await page.goto(f"{served}/desk/login")
    await page.fill("#token", token)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{served}/desk")
    return browser, page


def _screenshot_dir() -> Path | None:
    import os

    where = os.environ.get("WARMLINE_SCREENSHOT_DIR")
    return Path(where) if where else None


@pytest.fixture
async def hold_line(
    temporal_env: WorkflowEnvironment, tmp_path: Path, line_settings: dict[str, Any]
) -> AsyncIterator[Line]:
    """The complex queue offers a callback after half a second on hold."""
    queues = [{**q, "ring_s": 60, **({"max_wait_s": 0.5} if q["name"] == "complex" else {})} for q in QUEUES]
    async with browser_line(temporal_env, tmp_path, line_settings, queues) as line:
        yield line


async def test_a_callback_pops_as_one_to_make_and_its_wrap_up_asks_the_outcome(hold_line: Line) -> None:
    line = hold_line
    with serve_in_thread(create_app(line.settings)) as served:
        async with playwright_api.async_playwright() as pw:
            browser, page = await signed_in(pw, served, "ann-token-1")

            # Ann is away while the caller holds past the limit and takes the callback.
            call_id = await line.start(number="+447700900777")
            assert (await line.turn(call_id, "agent please")).action == "transfer"
            st = await eventually(lambda: line.state(call_id), lambda s: s.callback_offer is not None)
            assert st.status == Status.TRANSFERRING
            answer = await line.handle(call_id).execute_update(
                CallWorkflow.callback_choice, CallbackChoice(accept=True)
            )
            assert answer.action == "end"

            await page.click("#go-available")
            popup = page.locator("#offer .popup")
            await popup.wait_for(state="visible", timeout=10_000)
            assert await page.locator("#offer-kind").inner_text() == "Callback to make"
            facts = await popup.locator("dl").inner_text()
            assert "Ring the caller back on +447700900777 · attempt 1 of 3" in facts
            await page.click("#accept")
            await page.locator("#call").wait_for(state="visible")
            assert await page.locator("#callback-outcome").is_visible()

            await page.check('input[name=codes][value="none"]')
            await page.click("#wrap-up button[type=submit]")
            assert "reached the caller" in await page.locator("#wrap-error").inner_text()
            await page.check('input[name=callback_outcome][value="reached"]')
            await page.click("#wrap-up button[type=submit]")
            await page.locator("#idle").wait_for(state="visible")
            handle = line.client.get_workflow_handle(callback_workflow_id(call_id), result_type=CallbackState)
            final = await handle.result()
            assert final.outcome == "reached" and final.agent_id == "ann"
            await browser.close()


async def _now(created: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(created)


async def test_accepting_a_twilio_caller_in_chromium_rings_the_agents_phone(
    temporal_env: WorkflowEnvironment, tmp_path: Path, line_settings: dict[str, Any]
) -> None:
    sid, token, phone = "AC" + "1" * 32, "twilio-test-auth-token", "+447700900001"
    with FakeTwilioRest(sid, token) as rest:
        twilio_settings = {"twilio_auth_token": token, "twilio_account_sid": sid, "twilio_api_base": rest.base_url}
        settings = {**line_settings, **twilio_settings, "agent_tokens": f"ann:ann-token-1:disputes+billing:{phone}"}
        queues = [{**q, "ring_s": 60} for q in QUEUES]
        async with browser_line(temporal_env, tmp_path, settings, queues) as line:
            with serve_in_thread(create_app(line.settings)) as served:
                twilio = FakeTwilio(served, served, token, account_sid=sid, rest=rest)
                async with playwright_api.async_playwright() as pw:
                    browser, page = await signed_in(pw, served, "ann-token-1")
                    await page.click("#go-available")
                    await page.wait_for_selector("#status.available")

                    call_id = "CA" + uuid.uuid4().hex  # a Twilio caller, holding in the plain queue
                    rest.inbound[call_id] = {"from": "+447700900777", "to": "+441234567890"}
                    await line.start(call_id=call_id, number="+447700900777")
                    assert (await line.turn(call_id, "agent please")).action == "transfer"
                    await page.locator("#offer .popup").wait_for(state="visible", timeout=10_000)
                    await page.click("#accept")
                    await page.locator("#call").wait_for(state="visible")  # shown once the store has the accept
                    rang = await eventually(
                        lambda: _now(rest.created), lambda created: len(created) > 0
                    )  # then the ring
                    assert [(c["To"], c["From"]) for c in rang] == [(phone, "+441234567890")]
                    assert "<Dial><Queue>complex</Queue></Dial>" in rest.created[0]["Twiml"]
                    assert (await line.state(call_id)).status == Status.TRANSFERRING  # the phone is ringing

                    assert (await twilio.ring_leg(rest.created[0]).event("in-progress")).status_code == 204
                    st = await line.state(call_id)
                    assert st.status == Status.WITH_AGENT and st.agent_id == "ann"

                    # The wrap-up on the desk is the call's disposition, counted in /v1/metrics.
                    await page.check('input[name=codes][value="ai_misidentified_intent"]')
                    await page.click("#wrap-up button[type=submit]")
                    await page.locator("#idle").wait_for(state="visible")
                    await line.handle(call_id).signal(CallWorkflow.csat, Csat(score=4))
                    await line.handle(call_id).result()
                    async with httpx.AsyncClient(base_url=served) as http:
                        counted = (await http.get("/v1/metrics")).json()["dispositions"]
                    assert counted["coded_calls"] == 1 and counted["by_code"]["ai_misidentified_intent"] == 1
                    assert counted["by_queue"]["complex"]["ai_misidentified_intent"] == 1
                    await browser.close()
