"""Whether a turn is clear enough to answer: a vague turn still unclear, a reply that answers the clarifying question.

A vague turn ("that business with the van", "the bill and the dates") is asked about, not answered on a middling
guess (DESIGN.md: vague is low_confidence). A reply to a clarifying question answers the options it quoted, often in
few words the learned vague act also fires on ("the second one, ta"), so there only a loose guess keeps it unclear:
"the order, the thing I ordered off you" or "just the money side of things" read at 0.5 names no option, and
answering that guess is the guessing the low_confidence rule exists to stop.

The other side: a caller who, asked what they meant, tells it in more words than the turn asked about, in no vague
word, has answered the question, even where the reading is torn between two near types. Escalating them as unclear
after the last clarifying question the policy allows hands a clear need to a person; what the reply says is no
longer "still unclear" but a matter the reading could not place with certainty, and the best reading is answered.
A wrong guess is told back ("no, not that") and counted as a failure of it. Pure, tested through `triggers.decide`.

A turn the recogniser doubts (under the low-confidence threshold, `misheard`) and reads as upset while a topic is
in hand (after an answer, say) is asked about, not acknowledged as venting about that topic: on a bad line ("so the
... wi ... if it ... no") the sentiment reader scores stray words, and the caller has said nothing the AI could
hear, let alone a complaint about the answer. Acknowledged, the turn was never counted as the still-unclear turn it
is, and the escalation for low confidence came a turn late or never (issue 15 item 3). The sentiment rule still
counts it.
"""

from __future__ import annotations

from warmline import reply_blend
from warmline.leaning import SURE_TOPIC
from warmline.policy import Policy
from warmline.trigger_models import TriggerState
from warmline.understanding import DialogAct, Understanding

# Under this reading a vague reply to a clarifying question named none of the options: a clear short reply ("the
# second one, ta", "the blue bin") reads above it, a still-unclear one reads around 0.5.
NAMED_OPTION = 0.6


def still_unclear(u: Understanding, confidence: float, last_kind: str | None) -> bool:
    """The turn is vague and its reading too loose to answer: under `SURE_TOPIC`, or right after a clarifying
    question under `NAMED_OPTION`."""
    bar = NAMED_OPTION if last_kind == "clarify" else SURE_TOPIC
    return u.has(DialogAct.VAGUE) and confidence < bar


def answers_question(
    policy: Policy, state: TriggerState, u: Understanding, intent: str, asr_confidence: float | None
) -> bool:
    """After the last clarifying question the policy allows, the reply tells the matter: more words than the turn
    asked about, none vague, no failure reported, heard clearly, and read as a type the AI handles.

    Saying more is what separates it from a still-unclear reply: a garbled or vague turn asked about is met with a
    garbled or vague reply of its own length or shorter ("the the thing on the", "you know, the usual").
    """
    qt, rule = policy.query_type(intent), policy.low_confidence_rule(intent)
    return (
        state.last_kind == "clarify"
        and state.clarifications >= rule.clarify_attempts
        and qt is not None
        and qt.handling == "ai"
        and 0 < state.words_asked_about < u.words
        and not u.has(DialogAct.VAGUE)
        and not u.has(DialogAct.NOT_RESOLVED)
        and (asr_confidence is None or asr_confidence >= rule.threshold)
    )


def clear_enough(
    policy: Policy,
    state: TriggerState,
    u: Understanding,
    intent: str,
    confidence: float,
    vague: bool,
    asr_confidence: float | None,
) -> bool:
    """Answer the turn's reading: sure enough and not vague, or a reply that answers the clarifying question."""
    sure = confidence >= policy.low_confidence_rule(intent).threshold and not vague
    hand = sure or answers_question(policy, state, u, intent, asr_confidence)
    return reply_blend.judged(hand, policy, state, u, intent, confidence, asr_confidence)  # a learned veto


def misheard(policy: Policy, state: TriggerState, asr_confidence: float | None) -> bool:
    """The recogniser doubts the transcript: its confidence under the low-confidence threshold (the topic's)."""
    return asr_confidence is not None and asr_confidence < policy.low_confidence_rule(state.topic).threshold
