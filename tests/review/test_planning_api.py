"""`/v1/staffing` and `/v1/trends` over the seeded week, and the `/dashboard` page that charts them."""

from __future__ import annotations

from datetime import timedelta

from tests.review.conftest import T0, Ops

WEEK = {"since": T0.isoformat(), "until": (T0 + timedelta(days=7)).isoformat()}


async def test_staffing_per_queue_and_hour(ops: Ops) -> None:
    r = await ops.http.get("/v1/staffing", params={**WEEK, "shrinkage": 0})
    assert r.status_code == 200, r.text
    body = r.json()
    slots = [(s["queue"], s["label"], s["calls_per_hour"], s["agents"]) for s in body["slots"]]
    assert slots == [
        ("complex", "Mon 19:00", 1.0, 1),
        ("complex", "Mon 20:00", 1.0, 1),
        ("complex", "Mon 21:00", 1.0, 1),
        ("transactional", "Tue 15:00", 1.0, 1),
        ("transactional", "Tue 16:00", 1.0, 1),
    ]
    mix = {q["queue"]: (q["share"], q["share_before"], q["handle_s"]) for q in body["queues"]}
    assert mix == {"complex": (0.6, None, 180.0), "transactional": (0.4, None, 300.0)}
    assert body["target"]["service_level"] == 0.8 and body["target"]["answer_within_s"] == 20.0
    assert (await ops.http.get("/v1/staffing", params={"service_level": 2})).status_code == 422


async def test_trends_day_by_day(ops: Ops) -> None:
    days = (
        await ops.http.get(
            "/v1/trends", params={"since": T0.isoformat(), "until": (T0 + timedelta(days=3)).isoformat()}
        )
    ).json()
    assert [d["metrics"]["calls"] for d in days] == [9, 2, 0]
    assert days[0]["metrics"]["escalation_rate"]["value"] == 0.3333
    assert days[1]["metrics"]["agent_handle_time_s"]["mean"] == 300.0
    bad = await ops.http.get(
        "/v1/trends", params={"since": T0.isoformat(), "until": (T0 + timedelta(days=100)).isoformat()}
    )
    assert bad.status_code == 422
