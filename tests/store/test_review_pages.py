"""The weekly review reads its calls page by page (activities/reviews.py): each page carries the wrap-ups that came
back after the record, as /v1/metrics and staffing do, so a Zendesk or callback disposition is reviewed too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from activities.reviews import ReviewActivities
from store.calls import save_call
from store.dispositions import save_disposition
from tests.store_records import T0, rec
from warmline.dispositions import LateDisposition
from warmline.models import DispositionCode, Outcome, Reason
from warmline.policy_file import load_policy
from warmline.review_models import PageRequest

DEMO_POLICY = Path(__file__).resolve().parents[2] / "policies" / "demo.yaml"
LACKED, NONE = DispositionCode.AI_LACKED_KNOWLEDGE, DispositionCode.NONE


async def test_a_review_page_counts_a_late_wrap_up_and_never_overrides_the_calls_own(
    engine: AsyncEngine, db_url: str
) -> None:
    esc: dict[str, Any] = {"outcome": Outcome.ESCALATED, "reason": Reason.OUT_OF_SCOPE, "queue": "complex"}
    await save_call(engine, rec("late", **esc))
    own: dict[str, Any] = {"disposition_codes": [NONE], "disposition_source": "call"}
    await save_call(engine, rec("own", timedelta(minutes=1), **esc, **own))
    await save_call(engine, rec("none", timedelta(minutes=2), **esc))
    for call_id in ("late", "own"):
        late = {"call_id": call_id, "source": "zendesk", "codes": [LACKED], "ticket_id": f"t-{call_id}"}
        await save_disposition(engine, LateDisposition.model_validate({**late, "at": T0 + timedelta(hours=1)}))

    acts = ReviewActivities(db_url, load_policy(DEMO_POLICY))
    since, until = (T0 - timedelta(days=1)).isoformat(), (T0 + timedelta(days=1)).isoformat()
    first = await acts.load_review_page(PageRequest(since=since, until=until, offset=0, limit=2))
    rest = await acts.load_review_page(PageRequest(since=since, until=until, offset=2, limit=2))

    assert first.more and not rest.more
    codes = {r.call_id: (r.disposition_codes, r.disposition_source) for r in [*first.records, *rest.records]}
    assert codes == {"late": ([LACKED], "zendesk"), "own": ([NONE], "call"), "none": ([], None)}
