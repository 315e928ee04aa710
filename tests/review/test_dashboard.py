"""`/dashboard`: assets served locally; in a real browser, the key form, flagged bands, charts and reviews."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

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
            page = await browser.new_page(viewport={"width": 1200, "height": 1600})
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

            await page.click("#run-review")
            await pw_api.expect(page.locator("#reviews tbody tr")).to_have_count(1, timeout=20_000)
            await pw_api.expect(page.locator("#review-text")).to_contain_text("# Weekly review 2025-03-03")
            await pw_api.expect(page.locator("#review-text")).to_contain_text("why was I charged twice")
            await page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        finally:
            await browser.close()
