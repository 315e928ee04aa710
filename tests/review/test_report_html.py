"""A review report as HTML, with hostile words from calls in it: rendered, read through the API, never markup."""

from __future__ import annotations

from datetime import timedelta

from store.engine import get_engine
from store.reviews import save_review
from tests.review.conftest import CODE, Ops, call
from tests.store_records import T0
from tests.unit.test_markdown_html import ALLOWED, tags
from warmline.markdown_html import to_html
from warmline.metrics import metrics_of
from warmline.models import Reason
from warmline.policy import Policy
from warmline.review_models import ReviewReport
from warmline.review_report import build_report, to_markdown

HOSTILE = '<script>fetch("/steal")</script> why was I charged twice'
NOTE = 'it was a <b onmouseover="x()">bill dispute</b>'
ESCAPED = "&lt;script&gt;fetch(&quot;/steal&quot;)&lt;/script&gt; why was I charged twice"


def hostile_report(policy: Policy) -> ReviewReport:
    """Callers' words and agents' notes reach the report as quotes and phrasings."""
    calls = [
        call(
            f"bd{i}",
            [HOSTILE],
            reason=Reason.CUSTOMER_REQUEST,
            codes=[CODE.AI_MISIDENTIFIED_INTENT],
            intent="payment_methods",
            queue="transactional",
            disposition_notes=NOTE,
            at=timedelta(hours=i),
        )
        for i in range(3)
    ]
    until = T0 + timedelta(days=7)
    return build_report("r-hostile", T0, until, until, calls, policy, metrics_of(calls, T0, until))


def test_hostile_call_text_stays_text(policy: Policy) -> None:
    report = hostile_report(policy)
    html = to_html(to_markdown(report))
    assert ESCAPED in html
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;bill dispute&lt;/b&gt;" in html
    assert tags(html) <= ALLOWED
    assert html.startswith("<h1>Weekly review 2025-03-03 – 2025-03-10</h1>")
    assert "**" not in html and "\n#" not in html and "\n> " not in html  # every construct became a tag


async def test_the_api_serves_the_report_as_an_html_fragment(ops: Ops, policy: Policy) -> None:
    report = hostile_report(policy)
    await save_review(await get_engine(ops.line.settings.db_url), report)
    r = await ops.http.get(f"/v1/reviews/{report.review_id}", params={"format": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == "default-src 'none'"  # opened on its own: nothing runs
    assert r.text == to_html(to_markdown(report)) and ESCAPED in r.text
    bad = await ops.http.get(f"/v1/reviews/{report.review_id}", params={"format": "pdf"})
    assert bad.status_code == 422
