"""`/dashboard`: assets served locally; in a real browser, the key form, flagged bands, charts, reviews rendered
as HTML, calls in progress shown live, and days labelled as the operator's browser counts them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_in_thread
from tests.line import Line, running_line
from tests.review.conftest import KEY, T0, Ops
from tests.review.seed import seed, week


async def test_page_and_assets_are_served_without_a_cdn(ops: Ops) -> None:
    page = await ops.http.get("/dashboard", headers={"Authorization": ""})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert not re.search(r"(src|href)=\"https?://", page.text)  # every asset is ours
    for name, kind in (("dashboard.js", "javascript"), ("dashboard.css", "text/css")):
        r = await ops.http.get(f"/dashboard/assets/{name}", headers={"Authorization": ""})
        assert r.status_code == 200 and kind in r.headers["content-type"]
    assert (await ops.http.get("/dashboard/assets/../__init__.py")).status_code == 404


@pytest.fixture
async def line_for_browser(temporal_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Line]:
    target = temporal_env.client.service_client.config.target_host
    async with running_line(
        temporal_env.client, tmp_path, None, operator_keys=KEY, temporal_address=target, log_json=False
    ) as line:
        await seed(line.settings.db_url, week(T0))
        yield line


@pytest.fixture
def served(line_for_browser: Line) -> Iterator[str]:
    """The real API under uvicorn in a thread, with its own event loop and Temporal client."""
    with serve_in_thread(create_app(line_for_browser.settings)) as url:
        yield url


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
async def test_dashboard_in_chromium(served: str, tmp_path: Path) -> None:
    pw_api = pytest.importorskip("playwright.async_api")
    async with pw_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1200, "height": 1600}, timezone_id="UTC")
            await page.goto(f"{served}/dashboard")
            await pw_api.expect(page.locator("#status")).to_have_text("Enter a valid operator key.")
            await page.fill("#since", "2025-03-03")
            await page.fill("#until", "2025-03-10")
            await page.fill("#key", KEY)
            await page.click("#key-form button")
            await pw_api.expect(page.locator("#status")).to_have_text("11 calls · 1 flagged")
            gap = page.locator('.card[data-metric="CSAT gap (points)"]')
            await pw_api.expect(gap).to_have_class(re.compile("flagged"))
            await pw_api.expect(gap).to_contain_text("escalation experience needs redesign")
            await pw_api.expect(page.locator('.card[data-metric="Escalation rate"]')).not_to_have_class(
                re.compile("flagged")
            )
            await pw_api.expect(page.locator("#reasons-chart svg rect")).to_have_count(5)
            await pw_api.expect(page.locator("#rate-chart svg polyline")).to_have_count(1)
            await pw_api.expect(page.locator("#staffing-chart svg rect")).to_have_count(5)
            await pw_api.expect(page.locator("#mix tbody tr")).to_have_count(2)
            # Disposition codes per code, with the queues and query types they came from.
            await pw_api.expect(page.locator("#dispositions tbody tr")).to_have_count(5)
            await pw_api.expect(page.locator("#coded")).to_have_text("(5 coded calls)")
            over = page.locator('#dispositions tr[data-code="ai_over_escalated"] td')
            await pw_api.expect(over).to_have_text(["ai over escalated", "3", "complex 3", "unknown 3"])
            missed = page.locator('#dispositions tr[data-code="ai_misidentified_intent"] td')
            await pw_api.expect(missed).to_have_text(
                ["ai misidentified intent", "2", "transactional 2", "payment methods 2"]
            )
            await pw_api.expect(
                page.locator('#dispositions tr[data-code="ai_lacked_knowledge"] td').nth(1)
            ).to_have_text("0")

            # The review covers the period on screen (To included) and is shown rendered, not as Markdown.
            await page.click("#run-review")
            await pw_api.expect(page.locator("#reviews tbody tr")).to_have_count(1, timeout=20_000)
            await pw_api.expect(page.locator("#reviews tbody td").first).to_have_text("2025-03-03 – 2025-03-10")
            report = page.locator("#review")
            await pw_api.expect(report.locator("h1")).to_have_text("Weekly review 2025-03-03 – 2025-03-10")
            await pw_api.expect(report.locator("h1 + p")).to_contain_text("11 calls, 5 escalated, 5 with dispositions")
            await pw_api.expect(report.locator("ol li strong").first).to_be_visible()  # a proposal, in bold
            await pw_api.expect(report.locator("ol li ul li").first).to_have_text("“why was I charged twice”")
            quote = report.locator("blockquote").filter(has_text="caller: why was I charged twice").first
            await pw_api.expect(quote.locator("br")).to_have_count(2)  # an example call, one line per utterance
            assert "**" not in await report.inner_text() and "# " not in await report.inner_text()
            await page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        finally:
            await browser.close()


AUCKLAND = "Pacific/Auckland"  # UTC+13 in March: its days start 11 hours before the UTC day does


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
async def test_live_calls_local_days_and_the_review_of_the_period_on_screen(
    line_for_browser: Line, served: str, tmp_path: Path
) -> None:
    """An operator in Auckland: real calls in progress appear and leave without a reload, finished ones count
    on today's local date, the day-by-day chart is cut at Auckland's midnights, and the review reviews
    exactly the period on screen."""
    line = line_for_browser
    for _ in range(2):  # two calls already over today
        done = await line.start()
        await line.turn(done, "what are your opening hours")
        await line.hang_up(done)
    with_ai = await line.start()
    assert (await line.turn(with_ai, "what are your opening hours")).action == "reply"
    transferring = await line.start(authenticated=True, auth_method="pin", account_id="AC-1")
    assert (await line.turn(transferring, "can I speak to a real person please")).action == "transfer"

    pw_api = pytest.importorskip("playwright.async_api")
    expect = pw_api.expect
    async with pw_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1200, "height": 1600}, timezone_id=AUCKLAND)
            await page.goto(f"{served}/dashboard")
            await page.fill("#key", KEY)
            await page.click("#key-form button")

            # Calls in progress, per phase, with the phase of each.
            live = page.locator("#live-counts")
            await expect(live.locator('[data-phase="ai"] .value')).to_have_text("1")
            await expect(live.locator('[data-phase="transferring"] .value')).to_have_text("1")
            await expect(live.locator('[data-phase="with_agent"] .value')).to_have_text("0")
            await expect(page.locator(f'#live tr[data-call="{transferring}"] td').nth(1)).to_have_text("Transferring")
            await expect(page.locator(f'#live tr[data-call="{transferring}"] td').nth(5)).to_have_text(
                "customer request"
            )
            # A new call shows up, and an ended one leaves, while the page stays open (no reload).
            newcomer = await line.start()
            await expect(page.locator(f'#live tr[data-call="{newcomer}"]')).to_have_count(1, timeout=15_000)
            await expect(live.locator('[data-phase="ai"] .value')).to_have_text("2")
            await line.hang_up(with_ai)
            await expect(page.locator(f'#live tr[data-call="{with_ai}"]')).to_have_count(0, timeout=15_000)

            # The default period is the last 14 days where the browser is, today included: the finished calls.
            today = datetime.now(ZoneInfo(AUCKLAND)).date()
            first = today - timedelta(days=13)
            assert await page.input_value("#until") == today.isoformat()
            assert await page.input_value("#since") == first.isoformat()
            await page.click("#filters button")  # finished calls reload on demand; the live panel by itself
            await expect(page.locator("#status")).to_have_text("3 calls")  # the two, and the one just hung up
            await page.click("#run-review")
            await expect(page.locator("#review h1")).to_have_text(
                f"Weekly review {first.isoformat()} – {today.isoformat()}", timeout=20_000
            )
            await expect(page.locator("#review h1 + p")).to_contain_text("3 calls, 0 escalated")

            # Seeded calls around Auckland's midnight: Monday 22:00 and 23:00 there, then Tuesday from 00:00.
            await page.fill("#since", "2025-03-03")
            await page.fill("#until", "2025-03-05")
            await page.click("#filters button")
            await expect(page.locator("#status")).to_have_text("11 calls · 1 flagged")
            dots = page.locator("#rate-chart svg circle title")
            await expect(dots).to_have_text(["03-03: 0.0%", "03-04: 42.9%", "03-05: 100.0%"])
            # One local day: Tuesday in Auckland is 11:00 UTC Monday to 11:00 UTC Tuesday.
            await page.fill("#since", "2025-03-04")
            await page.fill("#until", "2025-03-04")
            await page.click("#filters button")
            await expect(page.locator("#status")).to_have_text("7 calls · 1 flagged")
            await page.click("#run-review")
            await expect(page.locator("#review h1")).to_have_text(
                "Weekly review 2025-03-04 – 2025-03-04", timeout=20_000
            )
            await expect(page.locator("#review h1 + p")).to_contain_text("7 calls, 3 escalated")
            await expect(page.locator("#reviews tbody tr").first.locator("td").first).to_have_text(
                "2025-03-04 – 2025-03-04"
            )
            await page.screenshot(path=str(tmp_path / "dashboard-auckland.png"), full_page=True)
        finally:
            await browser.close()
