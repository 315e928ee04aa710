"""Misread phrasings as the review shows them once grouped by meaning: what the AI read, what the caller meant.

`misread_phrasings` picks the words to embed (the caller's opening words on every
call an agent coded `ai_misidentified_intent`); the review workflow has them
grouped by the `group_by_meaning` activity and hands the groups to
`meaning_patterns`, which turns each group into a pattern. The query type the
caller meant is the one agents chose at wrap-up ("should have been"); only when
no agent in the group chose one does the old guess from a query type named in the
notes stand in, and the pattern says so. Pure: tested without Temporal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from warmline.models import DispositionCode
from warmline.policy import Policy
from warmline.records import CallRecord
from warmline.review import MAX_EXAMPLES, NO_INTENT, caller_turns, example, new_phrasings, true_query_type
from warmline.review_models import MeaningGroups, Pattern, Phrasing


def _misread(records: Sequence[CallRecord]) -> list[CallRecord]:
    return [r for r in records if DispositionCode.AI_MISIDENTIFIED_INTENT in r.disposition_codes]


def misread_phrasings(records: Sequence[CallRecord]) -> list[Phrasing]:
    """What each misread caller first said (calls with no caller words are grouped by the AI's reading instead)."""
    out = []
    for r in _misread(records):
        said = caller_turns(r)
        if said and said[0].strip():
            out.append(Phrasing(call_id=r.call_id, text=said[0]))
    return out


def _top(counts: Counter[str]) -> str:
    """The most common value; ties go to the first name in order, so a replay picks the same one."""
    return min(counts, key=lambda k: (-counts[k], k))


def _pattern(rs: list[CallRecord], policy: Policy, read_by_intent: Counter[str]) -> Pattern:
    reads = Counter(r.intent or NO_INTENT for r in rs)
    read_as = _top(reads)
    chosen = Counter(r.intended_query_type for r in rs if r.intended_query_type)
    noted = Counter(t for r in rs if (t := true_query_type(r, policy)))
    n = len(rs)
    read_words = ", ".join(f"{k} ({reads[k]})" for k in sorted(reads, key=lambda k: (-reads[k], k)))
    detail = f"{n} call(s) meaning the same thing were read as {read_words}"
    if chosen:
        intended, source = _top(chosen), "agent"
        others = ", ".join(f"{k} on {chosen[k]}" for k in sorted(chosen) if k != intended)
        detail += f"; agents chose {intended} on {chosen[intended]} of {n}" + (f" (and {others})" if others else "")
    elif noted:
        intended, source = _top(noted), "notes"
        detail += f"; no agent chose a query type: {intended} is named in the agents' notes"
    else:
        intended, source = None, None
        detail += "; no agent said which query type the caller meant"
    return Pattern(
        kind="misidentified_intent",
        key=f"{read_as} → {intended}" if intended else read_as,
        count=n,
        of=read_by_intent[read_as],
        detail=detail,
        phrasings=new_phrasings(rs, policy, intended),
        examples=[example(r) for r in rs[:MAX_EXAMPLES]],
        read_as=read_as,
        intended=intended,
        intended_from=source,
    )


def meaning_patterns(records: Sequence[CallRecord], policy: Policy, meaning: MeaningGroups) -> list[Pattern]:
    """One pattern per meaning group (most calls first); misread calls in no group, one per AI reading."""
    misread = {r.call_id: r for r in _misread(records)}
    groups = [[misread[c] for c in g if c in misread] for g in meaning.groups]
    grouped = {r.call_id for g in groups for r in g}
    leftover: dict[str, list[CallRecord]] = {}
    for r in misread.values():
        if r.call_id not in grouped:
            leftover.setdefault(r.intent or NO_INTENT, []).append(r)
    read_by_intent = Counter(r.intent or NO_INTENT for r in records)
    patterns = [_pattern(rs, policy, read_by_intent) for rs in [*(g for g in groups if g), *leftover.values()]]
    return sorted(patterns, key=lambda p: -p.count)  # stable: the activity's order within a count
