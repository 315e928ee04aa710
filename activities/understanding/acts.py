"""Dialog acts found with regexes over `text.clean()` output (lower-case, contractions expanded).

Acts are phrased in a few dozen stock ways on a phone line, so hand-written
patterns beat a model trained on nothing. `find_acts` returns every match with
its span (the patterns themselves: `acts_patterns.py`); `in_context.py` decides which apply in the dialog
context (a "no" after an offer is a deny; "that didn't help" counts only after an answer) and `embedded.py` strips
their spans before classifying, so "lovely, thanks" is never mistaken for a topic.
"""

from __future__ import annotations

import re

from activities.understanding.acts_patterns import ASKED_OF_SOMEONE, NEGATED, PATTERNS
from warmline.understanding import DialogAct

_COMPILED = {act: [re.compile(p) for p in pats] for act, pats in PATTERNS.items()}
# Words that tie a failure to the step just given: "it / the form" (what the caller was told to use) still fails,
# keeps failing, failed again; "done that twice". "My wifi keeps cutting out" names a new subject: not tied.
_STEP_SUBJECT = r"(?:it|that|this|the (?:form|app|website|site|page|screen|system|link|code|portal|machine))"
_PERSISTING = re.compile(
    rf"\b{_STEP_SUBJECT}(?: is| has| was| does| did)?(?: \w+)? (?:still|keeps?|kept|again)\b"
    r"|\b(?:done|tried|did|pressed|clicked)(?: \w+){0,4}? (?:twice|again|three times|four times|several times)\b"
    r"|\b(?:(?:the|exactly the|still the) same thing|exactly the same)\b"
    # "that's not sorted it", "that hasn't fixed it", "that didn't work": "that" is the step just given
    r"|\bthat (?:is |has |did |does |was )?(?:not|never) (?:really |actually |quite )?"
    r"(?:sorted|fixed|worked|work|helped|help|done)\b"
)


# Steps the caller reports having done ("signed out and back in", "i've refreshed it", "pulled it down"): with a
# failure right after an answer, the steps are the ones just given, whatever topic their words name.
_DID_STEPS = re.compile(
    r"\b(?:refreshed|restarted|rebooted|reinstalled|uninstalled|updated|deleted|cleared|unplugged|re ?entered"
    r"|re ?typed|retyped|pressed|clicked|tapped|swiped|pulled (?:it|that|the \w+) (?:down|up)|followed"
    r"|(?:logged|signed) (?:out|in|off|on|back)|turned (?:it|that|the \w+) (?:off|on)"
    r"|switched (?:it|that|the \w+) (?:off|on)"
    # a thing handed in or keyed in, taken out, looked for where it should be: "sent that form off", "put the
    # number in", "filled all that in", "took it out", "looked in the junk folder", "gone in the app"
    r"|sent (?:it|that|them|the \w+|my \w+)(?: \w+)? (?:off|in|back|over)|filled(?: \w+){0,2}? in"
    r"|put (?:it|that|them|the \w+|my \w+)(?: \w+){0,2}? in|typed|took (?:it|that|them|the \w+) (?:out|off)"
    r"|(?:looked|checked) in (?:the|my)|(?:went|gone|been) (?:in|into|on) (?:the|my) (?:app|website|site|account"
    r"|page|portal|link|email|emails|inbox))\b"
)


# What the step gives back each time, said as a habit of the thing ("the link just opens a blank page", "it just
# comes up no results", "the photo just sits there spinning"): a result seen, not the problem first told.
_JUST_GIVES = re.compile(
    r"\bjust (?:opens|comes up|came up|says|said|sits|shows|spins|loads|hangs|freezes|crashes|flashes|beeps"
    r"|goes (?:back|round|blank|to)|gives (?:me|an?|the)|takes me|throws me|kicks me|bounces)\b"
    # or the control the step needs does nothing: "the button's grey", "i can't press it"
    r"|\b(?:greyed|(?:button|option|link|box|tab) is (?:grey|gray|dead))\b"
    r"|\b(?:can not|cannot|could not) (?:press|click|tap|select|submit)\b"
)


def gives_back(cleaned: str) -> bool:
    """The turn says what the step gives back each time ("it just comes up no results"): near-certain words."""
    return bool(_JUST_GIVES.search(cleaned))


def did_steps(cleaned: str) -> bool:
    """The turn reports steps the caller went through ("logged out, closed it, back in"): near-certain verbs."""
    return bool(_DID_STEPS.search(cleaned))


# The step worked, in near-certain words ("that's done it", "there they are", "found it", "working now"): no failure.
_WORKED = re.compile(
    r"\b(?:(?:that|this|which) (?:has |is )?(?:did|done|does) (?:it|the trick)|did the trick"
    r"|(?:there|here) (?:they|it) (?:are|is)\b(?! (?:no|not|still))|(?<!never )(?<!not )(?<!cannot )found (?:it|them)\b"
    r"|(?<!not )(?:working|sorted) now|(?<!not )(?:that|it) worked\b)"
)


def worked(cleaned: str) -> bool:
    """The turn says the step just given worked ("signed out and in and there they are"): near-certain words."""
    return bool(_WORKED.search(cleaned))


# The caller approves the answer just given ("that's clear", "that's really useful", "that's what I thought"): asking
# for a person then is to confirm it, not a report that it failed.
_APPROVED = re.compile(
    r"\b(?:that|this|which) is (?:(?:really|very|ever so|so|all|pretty|super|quite) )?(?:clear|useful|helpful|handy"
    r"|what i thought|what i expected|good to know|great|lovely|brilliant|perfect|grand|champion|spot on|fine)\b"
    r"|\b(?:that|it) (?:all )?makes sense\b|(?<!of )(?<!if )\bthat (?:has )?(?:helped|helps)\b"
)


def approved(cleaned: str) -> bool:
    """The turn approves the answer just given ("that's clear, but could someone confirm it"): near-certain words."""
    return bool(_APPROVED.search(cleaned))


# The caller says they are going back to an earlier topic: a failure then is that topic's, not the last answer's.
_BACK_TO = re.compile(r"\b(?:going|go|coming|come|getting|get) back to\b|\bback to (?:the|my|our|what|that)\b")


def back_to_earlier(cleaned: str) -> bool:
    """The turn goes back to something said earlier ("going back to my broadband ..."): near-certain wording."""
    return bool(_BACK_TO.search(cleaned))


def persisting(cleaned: str) -> bool:
    """The turn says the step just given goes on failing ("it's still ...", "the form keeps ...", "done that
    twice"): near-certain wording."""
    return bool(_PERSISTING.search(cleaned))


_UNNEGATED = {DialogAct.REQUEST_HUMAN}  # "I don't want to talk to a person" is not a request


def find_acts(cleaned: str) -> dict[DialogAct, list[tuple[int, int]]]:
    """Every act whose patterns match `cleaned`, with the matched spans."""
    found: dict[DialogAct, list[tuple[int, int]]] = {}
    for act, patterns in _COMPILED.items():
        for rx in patterns:
            for m in rx.finditer(cleaned):
                if (
                    act in _UNNEGATED
                    and NEGATED.search(cleaned[: m.start()])
                    and "robot" not in m.group(0)
                    and not ASKED_OF_SOMEONE.match(m.group(0))  # a clause of its own: "..., can somebody reset it"
                ):
                    continue
                found.setdefault(act, []).append(m.span())
    return found


def strip_spans(cleaned: str, spans: list[tuple[int, int]]) -> str:
    """`cleaned` with the given spans blanked out, so the classifier sees only what is left."""
    chars = list(cleaned)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return " ".join("".join(chars).split())


# Words that make an angry turn after an answer a report on that answer, not a rant about the service: what the caller
# was told or shown ("you've told me that", "no help", "the same"), what they did with it ("done", "tried", "round in
# circles"), what they found ("it's not there", "nothing came", "still", "won't"), the time it gave gone by ("been over
# a fortnight"). "Sick of it", "a joke", "why do I bother" carry none. Read on cleaned text (contractions spelt out).
_ON_THE_STEP = re.compile(
    r"\b(?:(?<!nobody )(?<!no one )(?<!never )told|said|says|saying|reading|read (?:\w+ )?(?:me|out)"
    r"|help|helps|helped|same|tried|done|did|doing"
    r"|followed|went through|still|again|twice|round in circles|getting nowhere|no further"
    r"|not there|not (?:even )?(?:listed|showing|shown|on there)|will not|does not|did not|can ?not find|no sign"
    r"|nothing(?: is| has)? (?:come|came|happened|there|showing|showed|turned up|arrived|changed)"
    r"|(?:been|waited)(?: \w+)? (?:over|more than|longer than|past)"
    # what should have come has not ("no text off anyone", "nobody's rung", "nobody's ever come back to me"), the
    # hour it was due gone by ("it's gone nine fifteen", "it's half ten and ..."); "nobody told me" is a grievance
    r"|no (?:text|texts|email|emails|call|message|messages|letter|reply|word|price|quote) (?:off|from|yet|back)"
    r"|(?:nobody|no one|no body) (?:is |has |have )?(?:ever |yet )?(?:texted|rung|called|phoned|emailed|come|turned up"
    r"|shown up|got back|come back|replied|picked up)"
    r"|it is (?:gone|past|after|now) (?:half |quarter )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|noon|midday))\b"
)


# A question doubting what a person would add ("what's a manager going to do that you can't", "what would a
# specialist tell me anyway"): no request for one, whatever the act model leans to.
_DOUBTS_A_PERSON = re.compile(
    r"\bwhat (?:is|would|will|could|can|are) (?:a|an|the|your|some|any|one of your) \w+(?: \w+)? "
    r"(?:be )?(?:going to |gonna )?(?:do|tell|say|know|change|add|sort)\b"
    # Nor asking after work at the company ("are you taking anyone on", "any jobs going"): people, but none to speak to.
    r"|\b(?:taking (?:anyone|anybody|people|staff|on)|(?:are|is) (?:you|anyone|anybody) (?:hiring|recruiting)"
    r"|(?:any|got) (?:jobs|vacancies|openings) (?:going|on|for)|any work going|apprenticeships?)\b"
)


# A person turned down ("no i don't need anyone", "i don't need passing on to anybody", "no need to put me through"):
# the act model hears the person words and leans to a request; the patterns' own negation check (`NEGATED`) never
# reaches a learned act.
_REFUSES_A_PERSON = re.compile(
    r"\b(?:do not|dont|no|never) (?:need|want)(?: to (?:speak|talk) to| passing on to| putting through to"
    r"| transferring to| to be (?:passed|put through|transferred|handed) (?:on )?to)? (?:anyone|anybody|someone"
    r"|somebody|a person|a human|an agent|a manager|a specialist)\b"
    r"|\b(?:do not|dont) need (?:passing|putting|transferring|handing) (?:on|through|over)\b"
    r"|\bno need to (?:pass|put|transfer|hand) me\b"
)


def doubts_a_person(cleaned: str) -> bool:
    """The turn asks what a person would add, doubting it, or turns one down (near-certain words): no request."""
    return bool(_DOUBTS_A_PERSON.search(cleaned) or _REFUSES_A_PERSON.search(cleaned))


# A turn that breaks off or stutters ("and what if the the permit on the", "the other thing, with the, what he
# said"): an article or a possessive left hanging at a pause or at the end, or a small word said twice. Torn words
# say nothing about whether the step worked, whatever the act model leans to.
_BROKEN_OFF = re.compile(
    r"\b(?:the|a|an|my|your|our|their|his|her|of)(?: ,|$)|\b(?P<w>the|a|an|to|of|on|in|with|for|my|and) (?P=w)\b"
)


def broken_off(cleaned: str) -> bool:
    """The turn breaks off or stutters (near-certain: an article left hanging, a small word twice)."""
    return bool(_BROKEN_OFF.search(cleaned))


def on_the_step(cleaned: str) -> bool:
    """The turn speaks of the answer or step given: what was said, done or found (near-certain words)."""
    return bool(_ON_THE_STEP.search(cleaned)) or persisting(cleaned) or did_steps(cleaned)


_ALREADY_TRIED = re.compile(
    # "if i just checked it with someone" is a wish, not a step done (a hypothetical "if")
    r"(?<!\bif )\b(?:already|i have|i just|i did|we have|we already)\b"
    r"(?: (?!not\b|never\b|want|need|would|like)\w+){0,2}? "
    r"(?:tried|done|restarted|rebooted|reset|switched|turned|unplugged|cleared|reinstalled|updated|checked)\b"
)


def already_tried(cleaned: str) -> bool:
    """The caller reports having done a step already ("I've already restarted it"): near-certain wording only."""
    return bool(_ALREADY_TRIED.search(cleaned))


# Whom or how a request for a person is addressed: someone, a team, a desk, a human, a call back, speaking, a
# machine refused. The learned request is kept only on a turn with such a word: a garbled fragment ("and the er for
# the kids can we the") or a rant ("i could scream") that the head leans towards names nobody to be put through to.
ADDRESSEE = re.compile(
    r"\b(?:some ?(?:one|body|bod)|sum ?one|any ?(?:one|body)|every ?(?:one|body)|persons?|persn|people|human|humen"
    r"|team|staff|agents?|advis|represent|reps?\b|operator|manag|supervis|colleague|reception|desk|office|department"
    r"|specialist|expert|officer|leader|boss|bods?\b|lot\b|concierge|switchboard|pharmacist|nurse|doctor|helpdesk"
    r"|customer (?:care|service|support)|voice|call ?back|ring|call|phone|bell|speak|speek|spk|talk|chat|word with"
    r"|transfer|connect|put me|pass me|escalat|automat|computer|robot|machine|bot\b|recording|horse|who ?ever|in charge"
    r"|(?:through|passed|over|across) to|put through|on the line|engineer|interpreter|girls|lad(?:y|ies)|guys"
    r"|folks?\b|techs?\b)"
)


def addresses_someone(cleaned: str) -> bool:
    """The turn names someone to speak to or a way of reaching them (near-certain vocabulary, prefixes)."""
    return bool(ADDRESSEE.search(cleaned))


# Words that turn from the topic just answered to another matter: "while I've got you", "while I'm on", "one more
# thing", "a different thing", "and also" at a clause's start. After an answer such a turn is a new matter, neither a
# report that the answer failed nor a follow-up on it (near-certain wording only; "I've also tried" is no turn).
_NEW_MATTER = re.compile(
    r"\bwhile (?:i'?ve|i have|we'?ve|we have) got (?:you|the \w+|someone|somebody)\b"
    r"|\bwhile (?:i'?m|i am|we'?re|we are) (?:on|at it|here|through)\b"
    r"|\bone (?:more|last|other) (?:thing|question)\b"
    r"|\b(?:another|a different|a separate|different|separate|unrelated) (?:thing|matter|question|issue)\b"
    r"|\bon (?:a|an) (?:different|separate|another|other) (?:note|subject|matter)\b"
    r"|(?:^|[.,;!?] ?|\b(?:and|oh|ok|okay|ta|thanks|right|but) )also\b"
)


def new_matter(cleaned: str) -> bool:
    """The turn says it turns to another matter ("and while I've got you, ...", "also, last time ...")."""
    return bool(_NEW_MATTER.search(cleaned))
