"""Finding patterns in a week of dispositions: what the AI misread, did not know, could not do, or gave up on.

Agents wrap up every escalated call with disposition codes; one call is an
anecdote, a code that repeats for one query type, account type or trigger is
something to fix. Pure functions over `CallRecord`s, so the review workflow runs
them deterministically and tests drive them without a store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from warmline.models import DispositionCode, Speaker
from warmline.policy import Policy
from warmline.records import CallRecord
from warmline.review_models import Example, Pattern, PatternKind

MAX_EXAMPLES = 3
MAX_PHRASINGS = 10
NO_INTENT = "(no intent)"


def caller_turns(r: CallRecord) -> list[str]:
    """The caller's words up to the turn that escalated (all of them for a contained call)."""
    said = [u.text for u in r.transcript if u.speaker == Speaker.CALLER]
    return said[: r.escalation_turn] if r.escalation_turn else said


def example(r: CallRecord) -> Example:
    return Example(
        call_id=r.call_id, lines=[f"{u.speaker.value}: {u.text}" for u in r.transcript], notes=r.disposition_notes
    )


def true_query_type(r: CallRecord, policy: Policy) -> str | None:
    """The query type the agent's notes name (by name or in words), when the notes say what the caller meant."""
    notes = (r.disposition_notes or "").lower()
    for qt in policy.query_types:
        if qt.name != r.intent and (qt.name.lower() in notes or qt.name.replace("_", " ").lower() in notes):
            return qt.name
    return None


def account_type(r: CallRecord) -> str:
    """The account's kind: the prefix of its id ("BIZ-123" → "BIZ"), else whether the caller was verified."""
    if r.account_id and "-" in r.account_id:
        return r.account_id.split("-", 1)[0].upper()
    return "verified" if r.authenticated else "unverified"


def integration_failures(r: CallRecord) -> list[str]:
    """The back-end actions that failed on the call (answers a caller rejected are not integrations)."""
    return [a.name for a in r.actions if a.status == "failed" and not a.name.startswith("answer:")]


def new_phrasings(records: Sequence[CallRecord], policy: Policy, query_type: str | None) -> list[str]:
    """Opening words of each call, minus what the query type already lists as examples."""
    known = {e.lower().strip() for qt in policy.query_types if qt.name == query_type for e in qt.examples}
    out: list[str] = []
    for r in records:
        turns = caller_turns(r)
        if turns and turns[0].strip().lower() not in known and turns[0] not in out:
            out.append(turns[0])
    return out[:MAX_PHRASINGS]


def _group(
    records: Sequence[CallRecord], keep: Callable[[CallRecord], bool], key: Callable[[CallRecord], str]
) -> dict[str, list[CallRecord]]:
    groups: dict[str, list[CallRecord]] = defaultdict(list)
    for r in records:
        if keep(r):
            groups[key(r)].append(r)
    return groups


def _has(code: DispositionCode) -> Callable[[CallRecord], bool]:
    return lambda r: code in r.disposition_codes


def _patterns(
    kind: PatternKind,
    groups: dict[str, list[CallRecord]],
    of: Callable[[str], int],
    detail: Callable[[str, list[CallRecord]], str],
    phrasings: Callable[[str, list[CallRecord]], list[str]] = lambda _k, _rs: [],
) -> list[Pattern]:
    return [
        Pattern(
            kind=kind,
            key=k,
            count=len(rs),
            of=of(k),
            detail=detail(k, rs),
            phrasings=phrasings(k, rs),
            examples=[example(r) for r in rs[:MAX_EXAMPLES]],
        )
        for k, rs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def find_patterns(records: Sequence[CallRecord], policy: Policy) -> list[Pattern]:
    """Every pattern of the four kinds, most frequent first within a kind."""
    by_intent = _group(records, lambda r: True, lambda r: r.intent or NO_INTENT)
    disposed = [r for r in records if r.disposition_codes]

    def misread_key(r: CallRecord) -> str:
        meant = true_query_type(r, policy)
        return f"{r.intent or NO_INTENT} → {meant}" if meant else r.intent or NO_INTENT

    misread = _group(disposed, _has(DispositionCode.AI_MISIDENTIFIED_INTENT), misread_key)
    gaps = _group(disposed, _has(DispositionCode.AI_LACKED_KNOWLEDGE), lambda r: r.intent or NO_INTENT)
    broken = _group(
        records,
        lambda r: DispositionCode.AI_INTEGRATION_FAILURE in r.disposition_codes or bool(integration_failures(r)),
        lambda r: f"{r.intent or NO_INTENT} · {account_type(r)}",
    )
    over = _group(disposed, _has(DispositionCode.AI_OVER_ESCALATED), lambda r: r.reason.value if r.reason else "none")
    disposed_by_reason = _group(disposed, lambda r: True, lambda r: r.reason.value if r.reason else "none")

    def intent_count(k: str) -> int:
        return len(by_intent.get(k.split(" → ")[0].split(" · ")[0], []))

    def failed_actions(rs: list[CallRecord]) -> str:
        names = sorted({n for r in rs for n in integration_failures(r)})
        return f"; failed actions: {', '.join(names)}" if names else ""

    return [
        *_patterns(
            "misidentified_intent",
            misread,
            intent_count,
            lambda k, rs: f"{len(rs)} call(s) read as {k.split(' → ')[0]} were about something else",
            lambda k, rs: new_phrasings(rs, policy, k.split(" → ")[-1]),
        ),
        *_patterns(
            "knowledge_gap",
            gaps,
            intent_count,
            lambda k, rs: f"the AI lacked knowledge agents had to supply on {len(rs)} {k} call(s)",
            lambda k, rs: new_phrasings(rs, policy, k),
        ),
        *_patterns("integration_failure", broken, intent_count, lambda k, rs: f"{len(rs)} call(s){failed_actions(rs)}"),
        *_patterns(
            "over_escalation",
            over,
            lambda k: len(disposed_by_reason.get(k, [])),
            lambda k, rs: (
                f"agents judged {len(rs)} of {len(disposed_by_reason.get(k, []))} disposed {k} "
                "escalation(s) unnecessary"
            ),
            lambda k, rs: new_phrasings(rs, policy, None),
        ),
    ]
