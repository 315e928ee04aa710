"""Policies by content digest: what a call's history records of its policy, and how a worker reads it back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from temporalio.exceptions import FailureError

from tests.conftest import BRIGHTWAVE
from warmline import policy_snapshots as snapshots
from warmline.policy_file import load_policy
from warmline.policy_snapshots import PolicyRef, UnknownPolicySnapshot


@pytest.fixture
def missed() -> Iterator[list[str]]:
    seen: list[str] = []
    snapshots.on_miss(seen.append)
    try:
        yield seen
    finally:
        snapshots.on_miss(None)


def test_a_registered_snapshot_is_read_back_by_its_digest() -> None:
    snapshot = load_policy(BRIGHTWAVE).without_examples()
    ref = snapshots.register(snapshot)
    assert ref.version == snapshot.version and len(ref.digest) == 64
    assert snapshots.resolve(ref) == snapshot
    assert snapshots.policy_of(ref) == snapshot
    assert snapshots.policy_of(snapshot) is snapshot  # a call recorded before the lean start carries it whole


def test_the_digest_names_the_content_not_the_version() -> None:
    snapshot = load_policy(BRIGHTWAVE).without_examples()
    changed = snapshot.model_copy(update={"greeting": "Hello from a changed policy"})
    assert snapshots.digest_of(snapshot) == snapshots.digest_of(snapshot.model_copy())
    assert snapshots.digest_of(changed) != snapshots.digest_of(snapshot)
    assert snapshots.register(changed).digest != snapshots.register(snapshot).digest


def test_an_unknown_digest_fails_the_task_and_asks_for_the_snapshot(missed: list[str]) -> None:
    ref = PolicyRef(version="0123456789ab", digest="f" * 64)
    with pytest.raises(UnknownPolicySnapshot, match=r"ffffffffffffffff .*version 0123456789ab.* not registered"):
        snapshots.resolve(ref)
    assert missed == ["f" * 64]
    # Not a FailureError: the SDK fails the workflow task (retried, on any worker), never the call.
    assert not issubclass(UnknownPolicySnapshot, FailureError)


def test_a_stored_snapshot_is_registered_under_the_digest_it_was_recorded_with() -> None:
    snapshot = load_policy(BRIGHTWAVE).without_examples().model_copy(update={"company": "Stored Co"})
    assert snapshots.add(snapshot, "e" * 64) is True
    assert snapshots.add(snapshot, "e" * 64) is False  # already known: nothing changes
    assert snapshots.resolve(PolicyRef(version=snapshot.version, digest="e" * 64)).company == "Stored Co"


def test_a_ref_is_not_read_as_a_policy_nor_a_policy_as_a_ref() -> None:
    with pytest.raises(ValidationError):
        PolicyRef.model_validate({"version": "v", "digest": "d", "company": "x"})
