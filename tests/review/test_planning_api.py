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
    # The same calls on Los Angeles' clock (UTC-8): the hours a roster there is written in.
    la = (await ops.http.get("/v1/staffing", params={**WEEK, "shrinkage": 0, "tz": "America/Los_Angeles"})).json()
    assert [(s["queue"], s["label"]) for s in la["slots"]] == [
        ("complex", "Mon 11:00"),
        ("complex", "Mon 12:00"),
        ("complex", "Mon 13:00"),
        ("transactional", "Tue 07:00"),
        ("transactional", "Tue 08:00"),
    ]
    bad = await ops.http.get("/v1/staffing", params={**WEEK, "tz": "Nowhere/Special"})
    assert bad.status_code == 422 and "unknown time zone" in bad.json()["detail"]
    assert (await ops.http.get("/v1/staffing", params={"service_level": 2})).status_code == 422


async def test_trends_day_by_day(ops: Ops) -> None:
    days = (
        await ops.http.get(
            "/v1/trends", params={"since": T0.isoformat(), "until": (T0 + timedelta(days=3)).isoformat()}
        )
    ).json()
    # Calendar days (UTC here), the window's ends clipping the first and the last: 09:00 Mon to 09:00 Thu.
    assert [(d["date"], d["metrics"]["calls"]) for d in days] == [
        ("2025-03-03", 9),
        ("2025-03-04", 2),
        ("2025-03-05", 0),
        ("2025-03-06", 0),
    ]
    assert days[0]["day"] == "2025-03-03T09:00:00Z" and days[0]["end"] == "2025-03-04T00:00:00Z"
    assert days[-1]["day"] == "2025-03-06T00:00:00Z" and days[-1]["end"] == "2025-03-06T09:00:00Z"
    assert days[0]["metrics"]["escalation_rate"]["value"] == 0.3333
    assert days[1]["metrics"]["agent_handle_time_s"]["mean"] == 300.0
    bad = await ops.http.get(
        "/v1/trends", params={"since": T0.isoformat(), "until": (T0 + timedelta(days=100)).isoformat()}
    )
    assert bad.status_code == 422
    zone = await ops.http.get("/v1/trends", params={"since": T0.isoformat(), "tz": "Mars/Olympus_Mons"})
    assert zone.status_code == 422 and "unknown time zone 'Mars/Olympus_Mons'" in zone.json()["detail"]


async def calls_per_day(ops: Ops, since: str, until: str, tz: str) -> list[tuple[str, int]]:
    days = (await ops.http.get("/v1/trends", params={"since": since, "until": until, "tz": tz})).json()
    assert [d["day"][:10] for d in days] == [d["date"] for d in days]  # each starts on the day it is labelled
    return [(d["date"], d["metrics"]["calls"]) for d in days]


async def test_trends_cut_at_the_operators_midnights(ops: Ops) -> None:
    """In Los Angeles (UTC-8 in early March) the seeded Monday's evening calls (19-21h UTC) fall on Monday
    there too, and Tuesday's 15-16h UTC calls on Tuesday morning; each bucket is labelled with its local date."""
    la = await calls_per_day(ops, "2025-03-03T00:00:00-08:00", "2025-03-06T00:00:00-08:00", "America/Los_Angeles")
    assert la == [("2025-03-03", 9), ("2025-03-04", 2), ("2025-03-05", 0)]
    # The same calls cut at Auckland's midnights (UTC+13): Monday 09:00-10:59 UTC is Monday 22:00-23:59
    # there, 11:00 UTC onwards is Tuesday; Tuesday's 15-16h UTC calls are Wednesday 04-05h.
    nz = await calls_per_day(ops, "2025-03-03T00:00:00+13:00", "2025-03-06T00:00:00+13:00", "Pacific/Auckland")
    assert nz == [("2025-03-03", 2), ("2025-03-04", 7), ("2025-03-05", 2)]
