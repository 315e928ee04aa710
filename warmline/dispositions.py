"""Disposition codes counted per code, query type and queue, for `GET /v1/metrics` and the dashboard.

Until now the codes reached only the weekly review; counted beside the rates, an
operator sees at once whether escalations are the AI lacking knowledge, missing
the intent, an integration failing, or handing over too soon. A record with no
intent counts under "unknown", one with no queue under "none".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from warmline.models import DispositionCode
from warmline.records import CallRecord, DispositionCounts

UNKNOWN_QUERY_TYPE = "unknown"
NO_QUEUE = "none"


def _every_code(counts: Counter[str]) -> dict[str, int]:
    return {c.value: counts[c.value] for c in DispositionCode}


def _grouped(coded: Sequence[CallRecord], key: Callable[[CallRecord], str]) -> dict[str, dict[str, int]]:
    groups: dict[str, Counter[str]] = {}
    for r in coded:
        groups.setdefault(key(r), Counter()).update(c.value for c in r.disposition_codes)
    return {k: _every_code(groups[k]) for k in sorted(groups)}


def count_dispositions(records: Sequence[CallRecord]) -> DispositionCounts:
    """The codes over `records` (already filtered to the window); pure, so it is tested without a database."""
    coded = [r for r in records if r.disposition_codes]
    return DispositionCounts(
        coded_calls=len(coded),
        by_code=_every_code(Counter(c.value for r in coded for c in r.disposition_codes)),
        by_query_type=_grouped(coded, lambda r: r.intent or UNKNOWN_QUERY_TYPE),
        by_queue=_grouped(coded, lambda r: r.queue or NO_QUEUE),
    )
