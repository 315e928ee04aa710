"""`/v1/reviews`: run one now for a period, list, read as JSON and Markdown; operator key required."""

from __future__ import annotations

from datetime import timedelta

from tests.review.conftest import T0, Ops


async def test_run_a_review_now_then_read_it_back(ops: Ops) -> None:
    period = {"since": T0.isoformat(), "until": (T0 + timedelta(days=7)).isoformat()}
    r = await ops.http.post("/v1/reviews/run", json=period)
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["calls"] == 11 and report["disposed"] == 5
    assert report["metrics"]["escalation_rate"]["numerator"] == 5
    assert {p["key"] for p in report["patterns"]} == {"low_confidence", "payment_methods → bill_dispute"}

    listed = (await ops.http.get("/v1/reviews")).json()
    assert [x["review_id"] for x in listed] == [report["review_id"]]
    assert listed[0]["proposals"] == 2 and listed[0]["calls"] == 11

    assert (await ops.http.get(f"/v1/reviews/{report['review_id']}")).json() == report
    md = await ops.http.get(f"/v1/reviews/{report['review_id']}", params={"format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Weekly review 2025-03-03 – 2025-03-10")
    # The seeded calls have no turn logs: nothing can be replayed, so the unneeded escalations point at the field
    # with no guessed number (tests/review/test_fit_api.py has a week the fit can replay).
    assert "agents judged 3 escalations unnecessary, but no new value is proposed" in md.text
    assert "## Threshold fit" in md.text and "0 of 11 calls replayed" in md.text and "**untrusted**" in md.text
    assert "- “why was I charged twice”" in md.text  # the phrasing to add, in the caller's words
    assert "> caller: umm the thing with the stuff" in md.text  # an example transcript


async def test_an_empty_period_still_makes_a_report(ops: Ops) -> None:
    r = await ops.http.post("/v1/reviews/run", json={"since": "2020-01-01T00:00:00Z", "until": "2020-01-08T00:00:00Z"})
    assert r.status_code == 201 and r.json()["calls"] == 0 and r.json()["proposals"] == []
    md = await ops.http.get(f"/v1/reviews/{r.json()['review_id']}?format=markdown")
    assert md.text.startswith("# Weekly review 2020-01-01 – 2020-01-07")  # the last day it covers
    assert "None this week" in md.text


async def test_errors(ops: Ops) -> None:
    assert (await ops.http.get("/v1/reviews/nope")).status_code == 404
    bad = await ops.http.post(
        "/v1/reviews/run", json={"since": "2025-03-08T00:00:00Z", "until": "2025-03-01T00:00:00Z"}
    )
    assert bad.status_code == 422
    assert (await ops.http.get("/v1/reviews", headers={"Authorization": "Bearer gw"})).status_code == 403  # gateway
    assert (await ops.http.get("/v1/reviews", headers={"Authorization": ""})).status_code == 401
