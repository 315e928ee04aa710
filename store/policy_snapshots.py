"""The policy snapshots the line's calls have run on, kept by content digest (warmline/policy_snapshots.py).

A call's history records only its snapshot's digest. The worker keeps its own snapshot here at start
and registers every kept one, so a worker started after the policy file changed still reads the
snapshot a live call began on when it replays that call. Rows are never changed: a digest names its content.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from store.engine import get_engine
from store.tables import policy_snapshots
from warmline import policy_snapshots as registry
from warmline.policy import Policy

log = structlog.get_logger("warmline.policy_snapshots")


async def keep(db_url: str, snapshot: Policy) -> str:
    """Keep `snapshot` under its digest (once: a kept row is left as it is); returns the digest."""
    engine = await get_engine(db_url)
    digest = registry.digest_of(snapshot)
    async with engine.connect() as conn:
        if (await conn.execute(select(policy_snapshots.c.digest).where(policy_snapshots.c.digest == digest))).first():
            return digest
    row = {
        "digest": digest,
        "version": snapshot.version,
        "kept_at": datetime.now(UTC),
        "snapshot": snapshot.model_dump(mode="json"),
    }
    try:
        async with engine.begin() as conn:
            await conn.execute(policy_snapshots.insert().values(**row))
    except IntegrityError:
        pass  # another worker kept it first: the same content
    return digest


async def register_kept(db_url: str, only: set[str] | None = None) -> int:
    """Register every kept snapshot (or those in `only`) in this process; returns how many were new to it."""
    engine = await get_engine(db_url)
    query = select(policy_snapshots.c.digest, policy_snapshots.c.snapshot)
    if only is not None:
        query = query.where(policy_snapshots.c.digest.in_(sorted(only)))
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return sum(registry.add(Policy.model_validate(snapshot), digest) for digest, snapshot in rows)


async def serve(db_url: str, policy: Policy) -> int:
    """The worker's start: keep its own snapshot, register every kept one, and fetch one a replay lacks.

    Returns how many snapshots this process now knows from the store (0 while the store is unreachable).
    """
    try:
        await keep(db_url, policy.without_examples())
        known = await register_kept(db_url)
    except (SQLAlchemyError, OSError) as e:
        # The worker still runs its own policy's calls; older snapshots are fetched when a replay asks for one.
        log.warning("policy snapshots not kept: the store is unreachable", error=repr(e))
        known = 0
    loop = asyncio.get_running_loop()
    fetching: set[str] = set()

    def fetch(digest: str) -> None:
        if digest in fetching:
            return
        fetching.add(digest)
        task = loop.create_task(register_kept(db_url, {digest}))

        def done(t: asyncio.Task[int]) -> None:
            fetching.discard(digest)
            if t.exception() is not None:
                log.warning("policy snapshot fetch failed", digest=digest, error=repr(t.exception()))
            else:
                log.info("policy snapshot fetched" if t.result() else "policy snapshot not kept", digest=digest)

        task.add_done_callback(done)

    # Called from workflow code on the SDK's workflow thread: hand the digest to the worker's own loop.
    def missed(digest: str) -> None:
        loop.call_soon_threadsafe(fetch, digest)

    registry.on_miss(missed)
    return known
