"""The review's fitted thresholds over HTTP: a turn-logged week whose codes a known threshold generated is
reviewed on a worker, the fitted proposal is read back as the policy file it proposes, and that file, posted
to the what-if as a draft, changes exactly the calls the proposal listed."""

from __future__ import annotations

from datetime import timedelta

import yaml

from store.engine import get_engine
from store.reviews import save_review
from tests.fitting_calls import LIVE, START, coded_week
from tests.review.conftest import Ops
from tests.review.seed import seed
from warmline.policy_file import parse_policy
from warmline.review_models import ReviewReport

TRUE_THRESHOLD = 0.35
PERIOD = {"since": START.isoformat(), "until": (START + timedelta(days=7)).isoformat()}


async def test_a_fitted_proposal_is_a_draft_the_what_if_confirms(ops: Ops) -> None:
    week = coded_week(TRUE_THRESHOLD)
    await seed(ops.line.settings.db_url, week)
    r = await ops.http.post("/v1/reviews/run", json=PERIOD)
    assert r.status_code == 201, r.text
    report = r.json()
    fit = report["fit"]
    assert (fit["trusted"], fit["replayed"], fit["agreement"]) == (True, len(week), 1.0)
    assert fit["labelled"] == {"unneeded": 5, "needed": 8, "unlabelled": 4}
    n, proposal = next((i, p) for i, p in enumerate(report["proposals"], 1) if p["fitted"])
    assert proposal["target"] == "query_types[opening_hours].low_confidence.threshold"
    assert (proposal["current"], proposal["proposed"]) == (LIVE, TRUE_THRESHOLD)
    # No guessed number is left for the trigger the fit answered.
    assert not [p for p in report["proposals"] if p["target"].endswith("threshold") and not p["fitted"]]
    fitted = proposal["fitted"]
    assert (fitted["before"]["cost"], fitted["after"]["cost"]) == (5.0, 0.0)

    got = await ops.http.get(f"/v1/reviews/{report['review_id']}/proposals/{n}/policy")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/yaml")
    proposed = parse_policy(yaml.safe_load(got.text))
    assert proposed.low_confidence_rule("opening_hours").threshold == TRUE_THRESHOLD
    assert proposed.low_confidence_rule("payment_methods").threshold == LIVE  # nothing else moved

    whatif = await ops.http.post(
        "/v1/whatif", content=got.text, params=PERIOD, headers={"Content-Type": "application/yaml"}
    )
    assert whatif.status_code == 200, whatif.text
    changed = {c["call_id"] for c in whatif.json()["changes"]}
    assert changed == {c["call_id"] for c in fitted["changed"]} and whatif.json()["trusted"]
    assert changed == {f"lc-{c:.2f}" for c in (0.35, 0.38, 0.41, 0.44, 0.47)} | {"uncoded-0.48"}

    md = await ops.http.get(f"/v1/reviews/{report['review_id']}", params={"format": "markdown"})
    assert "```" in md.text and "+    threshold: 0.35" in md.text and "## Threshold fit" in md.text
    assert f"`GET /v1/reviews/{report['review_id']}/proposals/{n}/policy`" in md.text

    # A review fitted on another version of the policy cannot be applied to today's file.
    old = ReviewReport.model_validate(report).model_copy(update={"review_id": "old", "policy_version": "0123abcd"})
    await save_review(await get_engine(ops.line.settings.db_url), old)
    stale = await ops.http.get(f"/v1/reviews/old/proposals/{n}/policy")
    assert stale.status_code == 409 and "run a new review" in stale.json()["detail"]


async def test_only_a_fitted_proposal_has_a_policy(ops: Ops) -> None:
    r = await ops.http.post("/v1/reviews/run", json={"since": "2025-03-03T00:00:00Z", "until": "2025-03-10T00:00:00Z"})
    review = r.json()["review_id"]
    plain = await ops.http.get(f"/v1/reviews/{review}/proposals/1/policy")
    assert plain.status_code == 409 and "not a fitted threshold change" in plain.json()["detail"]
    assert (await ops.http.get(f"/v1/reviews/{review}/proposals/9/policy")).status_code == 404
    assert (await ops.http.get(f"/v1/reviews/{review}/proposals/0/policy")).status_code == 422
    assert (await ops.http.get("/v1/reviews/nope/proposals/1/policy")).status_code == 404
