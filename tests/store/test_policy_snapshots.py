"""The policy snapshots a line's calls have run on, kept by digest so a later worker can read a live call's."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store import policy_snapshots as kept
from store.tables import policy_snapshots
from tests.conftest import BRIGHTWAVE
from warmline import policy_snapshots as registry
from warmline.policy_file import load_policy
from warmline.policy_snapshots import PolicyRef, UnknownPolicySnapshot


async def _rows(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(policy_snapshots))).scalar_one())


async def test_a_snapshot_is_kept_once_whoever_keeps_it(engine: AsyncEngine, db_url: str) -> None:
    snapshot = load_policy(BRIGHTWAVE).without_examples()
    digests = await asyncio.gather(*(kept.keep(db_url, snapshot) for _ in range(3)))
    assert set(digests) == {registry.digest_of(snapshot)}
    assert await _rows(engine) == 1


async def test_a_worker_reads_a_snapshot_another_worker_kept(engine: AsyncEngine, db_url: str) -> None:
    # A policy this process has never registered (another worker's, before a deploy changed the file).
    other = load_policy(BRIGHTWAVE).without_examples().model_copy(update={"greeting": "Hi from the old policy"})
    digest = await kept.keep(db_url, other)
    ref = PolicyRef(version=other.version, digest=digest)
    registry._SNAPSHOTS.pop(digest, None)  # as a fresh worker process
    try:
        registry.resolve(ref)
        raise AssertionError("resolved before it was registered")
    except UnknownPolicySnapshot:
        pass
    assert await kept.register_kept(db_url) >= 1
    assert registry.resolve(ref).greeting == "Hi from the old policy"


async def test_a_miss_fetches_the_snapshot_for_the_retry(engine: AsyncEngine, db_url: str) -> None:
    policy = load_policy(BRIGHTWAVE)
    other = policy.without_examples().model_copy(update={"greeting": "Kept by a newer worker"})
    await kept.serve(db_url, policy)  # this worker starts before the other keeps its policy
    try:
        digest = await kept.keep(db_url, other)
        registry._SNAPSHOTS.pop(digest, None)
        ref = PolicyRef(version=other.version, digest=digest)
        # Workflow code runs on the SDK's thread: the miss is handed to the worker's loop from there.
        failed = await asyncio.to_thread(_resolve_fails, ref)
        assert failed
        for _ in range(100):
            if digest in registry._SNAPSHOTS:
                break
            await asyncio.sleep(0.02)
        assert registry.resolve(ref).greeting == "Kept by a newer worker"
    finally:
        registry.on_miss(None)


def _resolve_fails(ref: PolicyRef) -> bool:
    try:
        registry.resolve(ref)
    except UnknownPolicySnapshot:
        return True
    return False


async def test_an_unreachable_store_does_not_stop_the_worker() -> None:
    policy = load_policy(BRIGHTWAVE)
    try:
        assert await kept.serve("sqlite+aiosqlite:////proc/no-such-dir/store.db", policy) == 0
        ref = registry.register(policy.without_examples())  # its own policy is still read by digest
        assert registry.resolve(ref).version == policy.version
    finally:
        registry.on_miss(None)
