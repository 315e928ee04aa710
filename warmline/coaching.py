"""What the agent says in the first 15 seconds: a suggested opening line and one thing not to do.

The desk shows it with the ringing offer, so it has to be readable at a glance
(at most 30 words, one short hint). The wording is the seed's agent guidance:
a caller who wants the AI's answer confirmed hears it quoted back briefly; a
caller whose problem was not solved is not walked through the same steps again;
a verified caller is not asked to verify again. It never blames the AI ("let me
take a look at this for you"), and it never quotes identifiers: only the intent,
the names of what was tried, and the (already redacted) transcript.
"""

from __future__ import annotations

from pydantic import BaseModel

from warmline.context import ContextPayload
from warmline.models import Reason, Speaker
from warmline.names import humanize

OPENING_MAX_WORDS = 30
QUOTE_MAX_WORDS = 12
TRIED_MAX = 3
TAKE_A_LOOK = "Let me take a look at this for you."
# Authentication methods as an agent says them; anything else is humanized.
METHODS = {"pin": "PIN", "ani_match": "caller ID", "gateway": "the phone system"}


class Coaching(BaseModel):
    """The suggested opening line, and (when useful) one thing the agent should not do."""

    opening: str
    avoid: str | None = None


def clip(text: str, words: int) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def topic(ctx: ContextPayload) -> str:
    """What the call is about, as the agent would say it."""
    if ctx.intent is not None:
        return f"you're calling about {humanize(ctx.intent.name)}"
    said = last_caller_words(ctx)
    return f'you mentioned "{clip(said, QUOTE_MAX_WORDS)}"' if said else "you've been waiting to speak to someone"


def last_caller_words(ctx: ContextPayload) -> str:
    return next((u.text for u in reversed(ctx.transcript) if u.speaker == Speaker.CALLER and u.text.strip()), "")


def last_answer(ctx: ContextPayload) -> str:
    """What the caller was last told before asking for a person (what they heard of it, after a barge-in)."""
    spoken = list(ctx.transcript)
    last_caller = max((i for i, u in enumerate(spoken) if u.speaker == Speaker.CALLER), default=len(spoken))
    told = [u.heard or u.text for u in spoken[:last_caller] if u.speaker == Speaker.AI]
    return told[-1].strip() if told else ""


def tried(ctx: ContextPayload) -> list[str]:
    """The resolution attempts that did not work, by name (never their detail, which may quote values)."""
    names: list[str] = []
    for a in ctx.actions:
        if a.kind != "resolution" or a.status != "failed" or not a.name.startswith(("answer:", "action:")):
            continue
        kind, _, name = a.name.partition(":")
        said = f"the {humanize(name)} answer" if kind == "answer" else humanize(name)
        if said not in names:
            names.append(said)
    return names


def _confirming(ctx: ContextPayload) -> str:
    told = last_answer(ctx)
    if not told:
        return f"Thanks for holding — I can see {topic(ctx)}. Let me take a look and confirm that for you."
    return f'Thanks for holding — I can see you were told "{clip(told, QUOTE_MAX_WORDS)}". Let me confirm that for you.'


def _callback(ctx: ContextPayload) -> str:
    about = f" about {humanize(ctx.intent.name)}" if ctx.intent else ""
    return f"Hello, I'm calling you back{about}, as arranged. {TAKE_A_LOOK}"


# One opening per escalation reason (the five triggers), around what the call is about;
# the confirmation and callback cases come first.
OPENINGS: dict[Reason, str] = {
    Reason.CUSTOMER_REQUEST: "Thanks for holding — I can see {topic}.",
    Reason.OUT_OF_SCOPE: "Thanks for holding — I can see {topic}, and I can help with that.",
    Reason.FAILED_RESOLUTION: "Thanks for holding — I can see {topic} and it isn't sorted yet.",
    Reason.SENTIMENT: "Thanks for holding, and I'm sorry for the trouble — I can see {topic}.",
    Reason.LOW_CONFIDENCE: "Thanks for holding — I can see {topic}.",
}


def opening(ctx: ContextPayload) -> str:
    if ctx.callback is not None:
        line = _callback(ctx)
    elif ctx.flags.confirmation_seeking:
        line = _confirming(ctx)
    else:
        line = f"{OPENINGS[ctx.escalation.reason].format(topic=topic(ctx))} {TAKE_A_LOOK}"
    return clip(line, OPENING_MAX_WORDS)


def avoid(ctx: ContextPayload) -> str | None:
    """The one thing most worth not doing: repeating what was tried, re-verifying, or starting over."""
    if names := tried(ctx):
        shown = ", ".join(names[:TRIED_MAX]) + (" and more" if len(names) > TRIED_MAX else "")
        return f"Already tried: {shown} — don't ask them to go through it again."
    auth = ctx.authentication
    if auth.verified:
        method = METHODS.get(auth.method or "", humanize(auth.method or "")) or "the line"
        return f"Verified by {method} — no need to re-verify."
    if ctx.flags.confirmation_seeking:
        return "They only want it confirmed — no need to start from scratch."
    return None


def coach(ctx: ContextPayload) -> Coaching:
    """The first 15 seconds for the agent taking the call `ctx` describes."""
    return Coaching(opening=opening(ctx), avoid=avoid(ctx))
