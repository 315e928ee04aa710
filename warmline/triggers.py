"""The five escalation triggers, checked after every turn (contract "The five triggers").

One function per rule, each reading like its row of the table; `decide` combines
them in a fixed precedence and returns what the AI does next plus the counters
the next turn needs. Pure: no I/O, no clock, so the workflow can call it and
tests can drive every row without Temporal.
"""

from __future__ import annotations

from warmline.another_matter import new_stretch
from warmline.leaning import LOOSE_GUESS, asked_about, lean, rant_moves, request_moves, upset_about
from warmline.models import Reason
from warmline.names import humanize
from warmline.policy import Policy
from warmline.ranting_on import rants_on
from warmline.trigger_models import Decision, DecisionKind, Fired, TriggerState
from warmline.unclear import clear_enough, misheard, still_unclear
from warmline.unclear_acts import as_unclear
from warmline.understanding import DialogAct, Pending, Understanding
from warmline.venting import vents_about

# What the AI did that leaves an earlier answer open to feedback (with `last_answer_turn` set).
_ANSWER_STANDS = ("empathise", "prompt", "thanks", "offer_declined")


def pending_for(state: TriggerState, callback_offered: bool = False) -> Pending | None:
    """What the AI's previous turn left open, as the understanding step reads the next one."""
    if state.offer_pending or callback_offered:
        return "offer"
    # Acknowledging an upset caller, a thank-you, a "no, I meant..." met with an invitation, or a declined offer
    # leaves the last answer standing: "that's the same answer again" on the next turn is about it.
    if state.last_kind in ("answer", "retry") or (state.last_kind in _ANSWER_STANDS and state.last_answer_turn):
        return "answer"
    if state.last_kind == "clarify":
        return "clarify"
    return None


def effective_confidence(u: Understanding, asr_confidence: float | None) -> float:
    """A confident intent on a transcript the recogniser doubts is still a guess."""
    return min(u.confidence, asr_confidence) if asr_confidence is not None else u.confidence


def known_intent(u: Understanding, policy: Policy) -> str | None:
    return u.intent if policy.query_type(u.intent) is not None else None


# -- the five rules -----------------------------------------------------------------


def customer_request(u: Understanding) -> Fired | None:
    """The caller asks for a person: immediate, whatever else is going on."""
    if u.has(DialogAct.REQUEST_HUMAN):
        return Fired(reason=Reason.CUSTOMER_REQUEST, detail="The caller asked to speak to a person.")
    return None


def out_of_scope(u: Understanding, policy: Policy, confidence: float) -> Fired | None:
    """Outside what the AI handles: unknown to the policy, or a `handling: human` query type."""
    if u.out_of_scope:
        return Fired(reason=Reason.OUT_OF_SCOPE, detail="The request is about something this line's AI does not cover.")
    if u.intent and policy.query_type(u.intent) is None:
        return Fired(reason=Reason.OUT_OF_SCOPE, detail=f"Intent {u.intent!r} is not in the policy.")
    qt = policy.query_type(u.intent)
    if qt is not None and qt.handling == "human" and confidence >= policy.low_confidence_rule(qt.name).threshold:
        return Fired(reason=Reason.OUT_OF_SCOPE, detail=f"{humanize(qt.name)} is handled by people, not the AI.")
    return None


def failed_resolution(failures: dict[str, int], query_type: str | None, policy: Policy) -> Fired | None:
    """Fires when the failures for this query type reach its `max_failed_attempts`."""
    if query_type is None:
        return None
    count, limit = failures.get(query_type, 0), policy.max_failed_attempts(query_type)
    if count >= limit:
        return Fired(
            reason=Reason.FAILED_RESOLUTION,
            detail=f"{count} failed attempt{'s' if count != 1 else ''} at {humanize(query_type)} (limit {limit}).",
        )
    return None


def sentiment(streak: int, policy: Policy, query_type: str | None) -> tuple[Fired | None, bool]:
    """Sustained negative sentiment: escalate at once, or offer a specialist (returns `offer`)."""
    rule = policy.sentiment_rule(query_type)
    if streak < rule.sustained_turns:
        return None, False
    fired = Fired(
        reason=Reason.SENTIMENT,
        detail=f"Sentiment below {rule.threshold} for {streak} consecutive turns.",
    )
    return (fired, False) if rule.action == "escalate" else (None, True)


def low_confidence(
    confidence: float, clarifications: int, policy: Policy, query_type: str | None
) -> tuple[Fired | None, bool]:
    """Below the threshold: ask `clarify_attempts` clarifying questions, then escalate (returns `clarify`)."""
    rule = policy.low_confidence_rule(query_type)
    if confidence >= rule.threshold:
        return None, False
    if clarifications < rule.clarify_attempts:
        return None, True
    return (
        Fired(
            reason=Reason.LOW_CONFIDENCE,
            detail=f"Intent still unclear after {clarifications} clarifying question"
            f"{'s' if clarifications != 1 else ''} (confidence {confidence:.2f} < {rule.threshold}).",
        ),
        False,
    )


# -- combining them --------------------------------------------------------------------


def count_failures(u: Understanding, state: TriggerState, intent: str | None) -> dict[str, int]:
    """Failures this turn, per query type: failed actions, or the caller saying an answer (named or last) failed."""
    counts: dict[str, int] = {}
    for a in u.actions:
        if a.status == "failed" and a.kind == "resolution":
            qt = a.query_type or intent or state.topic
            if qt:
                counts[qt] = counts.get(qt, 0) + 1
    # Saying, right after the answer to the same query type, that its step was already done ("I've done the reset
    # bit and nothing came") reports that the answer did not work, as "it didn't work" does.
    done_already = u.already_tried and pending_for(state) == "answer" and intent in (None, state.topic)
    # A failure already counted for the topic (told in reply to a clarifying question) stands for its answer.
    stands = state.last_answer_turn is not None or bool(state.topic and state.failures.get(state.topic))
    if (u.has(DialogAct.NOT_RESOLVED) or done_already) and stands and state.topic:
        # Naming another query type: its failure if answered earlier in the call, else a new question (no failure).
        if qt := state.topic if intent in (None, state.topic) else intent if intent in state.steps else None:
            counts[qt] = counts.get(qt, 0) + 1
    return counts


def failed_guess(
    u: Understanding, state: TriggerState, policy: Policy, intent: str | None, confidence: float
) -> str | None:
    """The query type a failure reported in answer to a clarifying question is about, with no answer given yet.

    The clarifying question quotes the AI's best guess; a caller who answers it with that step done and failing
    ("paid it through the website twice and the balance hasn't moved") confirms the guess and reports its failure,
    as after an answer: the failure counts for the turn's own guess (from `LOOSE_GUESS` up), else the earlier
    leaning, when the line's AI handles that type (`intent`: the turn's query type, `known_intent`). None: no such
    report, or nothing to count it for.
    """
    if not u.has(DialogAct.NOT_RESOLVED) or state.last_kind != "clarify" or state.topic is not None:
        return None
    own = intent if confidence >= LOOSE_GUESS else None
    guess = own or state.leaning
    qt = policy.query_type(guess) if guess else None
    return guess if qt is not None and qt.handling == "ai" else None


def decide(
    policy: Policy, state: TriggerState, turn: int, u: Understanding, asr_confidence: float | None = None
) -> Decision:
    """Apply the five rules in precedence order and say what the AI does with this turn.

    Precedence: a request for a person, an accepted offer, out of scope, failed
    resolution, sentiment, then low confidence; only when none applies does the AI answer.
    """
    u = as_unclear(policy, state, u, asr_confidence)  # acts that would hide an unclear turn (`unclear_acts`)
    s = new_stretch(state.model_copy(deep=True), u)  # "and the other thing": a new unclear stretch
    confidence = effective_confidence(u, asr_confidence)
    intent = known_intent(u, policy)
    vague = still_unclear(u, confidence, state.last_kind)  # asked about, never answered on a loose guess
    confident = intent is not None and clear_enough(policy, state, u, intent, confidence, vague, asr_confidence)
    confident &= not (ranting := rant_moves(state, u, intent, confidence, policy.sentiment_rule(state.topic).threshold))
    confident &= not request_moves(state, u, intent, confidence)
    about = intent if confident else s.topic

    failures_now = {} if rants_on(state, u, policy) else count_failures(u, s, intent if confident else None)
    if not failures_now and (guess := failed_guess(u, s, policy, intent, confidence)):
        failures_now, s.topic, s.clarifications = {guess: 1}, guess, 0
        about = intent = guess
        confident = False
    for qt, n in failures_now.items():
        s.failures[qt] = s.failures.get(qt, 0) + n
    answered_last_turn = s.last_answer_turn == turn - 1 and not failures_now

    def out(
        kind: DecisionKind,
        fired: Fired | None = None,
        query_type: str | None = about,
        confirmation_seeking: bool = False,
    ) -> Decision:
        s.last_kind = kind
        return Decision(
            kind=kind,
            reason=fired.reason if fired else None,
            detail=fired.detail if fired else "",
            query_type=query_type,
            failures_counted=sum(failures_now.values()),
            state=s,
            confirmation_seeking=confirmation_seeking,
        )

    if confident:
        s.topic = intent

    # Where a person takes the call: the topic, else what the unclear turns the AI asked about leaned to.
    routed = about or s.leaning

    # 1. customer_request: immediate. But a clear yes to a pending specialist offer is that offer accepted, in
    #    whatever words ("yeah go on then, put me through"): the transfer's reason stays the upset that led to it.
    accepting = s.offer_pending and u.has(DialogAct.AFFIRM) and not u.has(DialogAct.DENY)
    if not accepting and (fired := customer_request(u)):
        where = routed if about else asked_about(s, u, intent, confidence)
        return out("escalate", fired, query_type=where, confirmation_seeking=answered_last_turn)

    # 2. A pending specialist offer: only a clear yes transfers, a clear no keeps the caller with the AI
    #    (and restarts the count); anything else is asked once more, then taken as a no.
    offer_was_pending, s.offer_pending = s.offer_pending, False
    negative = u.sentiment < policy.sentiment_rule(about).threshold
    if offer_was_pending:
        yes, no = u.has(DialogAct.AFFIRM) and not u.has(DialogAct.DENY), u.has(DialogAct.DENY)
        if yes:
            return out(
                "escalate",
                Fired(reason=Reason.SENTIMENT, detail="The caller was upset and accepted the offer of a specialist."),
                query_type=routed,
            )
        if not no and not confident and not failures_now and s.offer_asked < 2:
            s.offer_pending, s.offer_asked = True, s.offer_asked + 1
            return out("offer_reask")
        still_upset = negative and not no  # no clear no, still upset: the count goes on (and may offer again)
        s.negative_streak, s.offer_asked = (s.negative_streak + 1 if still_upset else 0), 0
        if not confident and not failures_now and not still_upset:
            return out("offer_declined")
    else:
        s.negative_streak = s.negative_streak + 1 if negative else 0

    # 3. out_of_scope: on the first turn that shows it.
    #    A loose guess of a people-handled type on a vague turn is asked about; on a rant, heard as one (`rant_moves`).
    if fired := out_of_scope(u, policy, 0.0 if vague or ranting else confidence):
        return out("escalate", fired, query_type=intent)  # unknown intent: the fallback queue

    # 4. failed_resolution: per query type, at its limit.
    for qt in failures_now:
        if fired := failed_resolution(s.failures, qt, policy):
            return out("escalate", fired, query_type=qt)

    # 5. sentiment: escalate at once, or offer a specialist.
    fired, offer = sentiment(s.negative_streak, policy, about)
    if (fired or offer) and (kept := upset_about(state, s.topic, confidence)):
        s.topic = about = routed = kept
    if fired:
        return out("escalate", fired, query_type=routed)
    if offer:
        s.offer_pending, s.offer_asked = True, 1
        return out("offer", query_type=about)

    # A failure below the limit: try again, with the next step (never the text that just failed).
    if failures_now and s.topic:
        s.last_answer_turn = turn
        s.steps[s.topic] = s.steps.get(s.topic, 1) + 1
        return out("retry", query_type=s.topic).model_copy(update={"step": s.steps[s.topic]})

    if confident and intent is not None:
        s.clarifications = 0
        s.last_answer_turn = turn
        # A caller who already did the first step ("I've restarted it already") hears the next one.
        s.steps[intent] = 2 if u.already_tried else 1
        return out("answer", query_type=intent).model_copy(update={"step": s.steps[intent]})

    # Upset about what is being discussed, nothing new asked: venting, not unclear (sentiment has counted the turn).
    # A turn the recogniser doubts ("hello yeah it's about the the on the um") said more than we caught: asked
    # about, never acknowledged as venting nor met with "how can I help?" (`unclear.misheard`).
    doubted = misheard(policy, s, asr_confidence)
    if negative and s.topic and not doubted and not u.has(DialogAct.VAGUE) and not u.has(DialogAct.GOODBYE):
        return out("empathise", query_type=s.topic)

    # Nothing to answer, but a conversational move the AI can act on. A vague "the usual" is no such move,
    # and right after a clarifying question a bare "yes" or "no" is no answer to it.
    if u.has(DialogAct.GOODBYE):
        return out("goodbye")
    if not u.has(DialogAct.VAGUE):
        if u.has(DialogAct.THANKS):
            return out("thanks")
        if u.has(DialogAct.DENY) and s.topic and s.last_kind in ("offer_declined", "offer_reask", "empathise"):
            # "No, just fix it" from a caller still on their problem: stay on it, never "anything else?".
            return out("empathise", query_type=s.topic)
        social = u.has(DialogAct.AFFIRM) or u.has(DialogAct.DENY) or u.has(DialogAct.GREETING)
        if social and s.last_kind != "clarify" and not doubted:  # a doubted greeting is asked about, not prompted
            s.leaning = lean(s, u, intent)
            return out("prompt")

    # 6. low_confidence: clarify, then escalate instead of guessing.
    fired, _ = low_confidence(0.0 if vague else confidence, s.clarifications, policy, intent)
    if fired and (told := vents_about(state, negative)):  # upset about the matter told: no failed clarification
        return out("empathise", query_type=told)
    if fired:
        return out("escalate", fired, query_type=s.topic)
    s.clarifications, s.words_asked_about = s.clarifications + 1, u.words
    s.leaning = lean(s, u, intent)
    return out("clarify", query_type=s.topic)
