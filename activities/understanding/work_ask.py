"""Asking the company for work: the off-topic ask every support line gets, whatever it sells.

"Are you taking anyone on", "do you take on apprentices", "any Saturday jobs going", "my son wants to know if you're
taking on any fitters, he's just got his qualifications": a caller (or their family) after a job, an apprenticeship,
a placement or volunteering. No support line's query types cover it unless its policy says so, and the sentence
encoder reads it as the line's own topic: the job is a fitter, a driver or an engineer, the very people the line's
examples talk about, and the family story around it reads as small talk. So the head answers it as a fitting or a
booking, clarifies it or prompts "how can I help?" (part B of the eighth round tried teaching the background class
such asks and found no weight that moved them without moving covered stories). The form is near-certain, though: the
company *taking people on*, an apprenticeship, work experience, a job going.

Near-certain wording only, over `text.clean()` output (lower-case, contractions expanded). A policy whose own
examples use the same wording covers it (a university's careers line, a council's jobs desk): there the reading is off
(`covers_work`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from activities.understanding.text import clean

# People a company takes on as staff, as the object of "take ... on" ("taking anyone on", "take on apprentices").
# Never customers, patients, pupils, students or bookings: "are you taking on new patients" (a practice), "taking on
# students for january" (a college) are covered questions on many lines.
_HIRED = r"(?:anyone|anybody|someone|somebody|people|staff|apprentices?|trainees?|volunteers?|school leavers)"
# "any <trade>s" as the object needs a word about work or training in the same turn ("he has just got his
# qualifications, are you taking on any plumbers"): "taking on any more removals in december" asks about bookings.
_TRADE = r"any (?!new |more |extra )\w+s"
_WORK_WORDS = re.compile(
    r"\b(?:jobs?|work|apprentic\w*|qualifi\w*|college|career|trained|training|course|vacanc\w*|volunteer\w*)\b"
)
_TAKE = r"(?:take|takes|taking|took)"
_WORK_RE = re.compile(
    r"\b(?:"
    rf"{_TAKE} (?:on )?(?:any |more |new |extra )?{_HIRED} on\b"
    rf"|{_TAKE} on (?:any |more |new |extra |some )?{_HIRED}\b"
    r"|any (?:\w+ ){0,2}(?:jobs|vacancies|openings|positions) (?:going|available|open)"
    r"|are you (?:hiring|recruiting)\b"
    r"|(?:apply|applying) (?:to be|to work|for (?:a |any )?(?:job|jobs|position|vacancy|apprenticeship))"
    r"|work experience|an apprenticeship|apprenticeships|as an? (?:\w+ )?(?:apprentice|trainee|volunteer)\b"
    r")"
)
_TRADE_RE = re.compile(rf"\b(?:{_TAKE} on {_TRADE}\b|{_TAKE} {_TRADE} on\b)")


def asks_for_work(text: str) -> bool:
    """The turn (`text.clean()` output) asks the company for work, an apprenticeship or a placement."""
    if _WORK_RE.search(text):
        return True
    return _TRADE_RE.search(text) is not None and _WORK_WORDS.search(text) is not None


def covers_work(examples: Iterable[str]) -> bool:
    """Some phrasing of the policy's own asks for work: the policy covers it, so the reading is off."""
    return any(asks_for_work(clean(e)) for e in examples)
