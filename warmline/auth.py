"""Verifying a caller by what they know (knowledge-based authentication), as pure steps.

The workflow asks for the policy's identifiers, finds them in the caller's words
with each identifier's pattern, calls the `verify` action (an activity) and counts
failures. Everything here is pure so the rules are tested without Temporal; the
captured values themselves stay in the workflow's memory, never in `CallState`,
and secret ones are replaced by `[redacted:<name>]` in the transcript.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from warmline.actions import Authentication, Identifier
from warmline.models import Reason
from warmline.names import humanize
from warmline.redact import digits_from_words
from warmline.trigger_models import Fired


class Captured(BaseModel):
    """One identifier found in an utterance: its normalised value and where it was said."""

    name: str
    value: str
    start: int
    end: int


class AuthProgress(BaseModel):
    """A verification under way: which query type waits for it, and how many attempts failed."""

    query_type: str
    failed_attempts: int = 0  # within the call: changing the subject does not reset it
    asking: list[str] = Field(default_factory=list)  # the identifiers the AI's last question asked for
    waiting: bool = True  # the AI's last turn asked for identifiers (False once the caller moved on)


def normalize(ident: Identifier, raw: str) -> str:
    v = raw.strip()
    match ident.normalize:
        case "upper":
            return v.upper()
        case "digits":
            return re.sub(r"\D", "", v)
        case "compact_upper":
            return re.sub(r"\s+", "", v).upper()
    return v


def extract(identifiers: list[Identifier], text: str, wanted: list[str]) -> list[Captured]:
    """The wanted identifiers found in `text` (first match each); a named group `value` narrows the match.

    Digits read out as words count as digits ("one two three…"), as an ASR transcript often has them.
    """
    text = digits_from_words(text)
    found: list[Captured] = []
    for ident in identifiers:
        if ident.name not in wanted:
            continue
        m = re.search(ident.pattern, text)
        if m is None:
            continue
        group = "value" if "value" in m.re.groupindex and m.group("value") is not None else 0
        value = normalize(ident, m.group(group))
        if value:
            found.append(Captured(name=ident.name, value=value, start=m.start(group), end=m.end(group)))
    return found


def redact_secrets(identifiers: list[Identifier], text: str) -> str:
    """`text` with every match of a secret identifier replaced by `[redacted:<name>]` (the `value` group if any).

    Applied to every caller turn of a line with `authentication`, before anything records or
    reads it, so a secret identifier is never in the transcript, the context or understanding's input.
    Numbers read out as words are written as digits first, so a spoken secret is caught as well.
    """
    if any(ident.secret for ident in identifiers):
        text = digits_from_words(text)
    for ident in identifiers:
        if not ident.secret:
            continue

        def hide(m: re.Match[str], name: str = ident.name) -> str:
            g = "value" if "value" in m.re.groupindex and m.group("value") is not None else 0
            start, end = m.start(g) - m.start(), m.end(g) - m.start()
            return m.group(0)[:start] + f"[redacted:{name}]" + m.group(0)[end:]

        text = re.sub(ident.pattern, hide, text)
    return text


def missing(auth: Authentication, have: set[str]) -> list[str]:
    return [i.name for i in auth.identifiers if i.name not in have]


def next_question(auth: Authentication, have: set[str]) -> tuple[list[str], str]:
    """What to ask next: every missing identifier at once (`ask: all`) or the first one (`ask: each`)."""
    todo = [i for i in auth.identifiers if i.name not in have]
    if auth.ask == "each":
        todo = todo[:1]
    return [i.name for i in todo], " ".join(i.prompt for i in todo)


def verification_failed(auth: Authentication, failed_attempts: int, query_type: str) -> Fired | None:
    """Verification failed `max_attempts` times: hand over (failed_resolution), the caller unverified."""
    if failed_attempts < auth.max_attempts:
        return None
    return Fired(
        reason=Reason.FAILED_RESOLUTION,
        detail=(
            f"Identity verification failed {failed_attempts} time{'s' if failed_attempts != 1 else ''} "
            f"({auth.method_name}) before {humanize(query_type)}; the caller is not verified."
        ),
    )
