"""What the AI says for each decision that keeps the call with the AI.

Pure: the workflow calls it with the decision and the policy; wording lives in
the policy (`messages`, each query type's `answer`) so a line can change it
without code.
"""

from __future__ import annotations

from typing import Literal

from warmline.names import humanize
from warmline.policy import Policy
from warmline.trigger_models import Decision
from warmline.understanding import DialogAct, Understanding

Action = Literal["reply", "end"]
# Decisions answered with one fixed message of the policy's `messages`, by name.
FIXED = {
    "offer": "offer_specialist",
    "offer_declined": "offer_declined",
    "offer_reask": "offer_reask",
    "empathise": "empathise",
    "thanks": "thanks",
}


def _phrase(policy: Policy, name: str, example: str | None) -> str:
    """How the caller would say it: the nearest example phrasing (else the query type's first one)."""
    qt = policy.query_type(name)
    said = example or (qt.examples[0] if qt and qt.examples else humanize(name))
    return f'"{said.strip().rstrip("?.!")}"'


def _options(u: Understanding, policy: Policy) -> str | None:
    """'"X", or "Y"' when the caller seems torn between two query types, in the caller's own kind of words."""
    top = [c for c in u.candidates[:2] if policy.query_type(c.name) is not None]
    if len(top) == 2 and top[1].score >= 0.6 * top[0].score > 0:
        return " or ".join(_phrase(policy, c.name, c.example) for c in top)
    return None


def answer_for(policy: Policy, query_type: str | None, u: Understanding) -> str:
    qt = policy.query_type(query_type)
    return u.reply or (qt.answer if qt and qt.answer else policy.messages.clarify)


def reply_for(decision: Decision, policy: Policy, u: Understanding) -> tuple[Action, str]:
    """The gateway action and the words for a non-escalating decision."""
    m = policy.messages
    if decision.kind in FIXED:
        return "reply", getattr(m, FIXED[decision.kind])
    match decision.kind:
        case "answer":
            qt = policy.query_type(decision.query_type)
            if decision.step == 2 and qt and qt.retry_answer:
                return "reply", qt.retry_answer  # they did the first step already: never read it back to them
            return "reply", answer_for(policy, decision.query_type, u)
        case "retry":
            qt = policy.query_type(decision.query_type)
            if decision.step == 2 and qt and qt.retry_answer:
                return "reply", qt.retry_answer
            return "reply", m.retry_no_step_left  # the step they heard did not work: ask, never repeat it
        case "clarify":
            options = _options(u, policy)
            return "reply", m.clarify_between.format(options=options) if options else m.clarify
        case "goodbye":
            return "end", m.goodbye
        case "prompt":
            if u.has(DialogAct.AFFIRM) and not u.has(DialogAct.DENY):
                return "reply", m.affirm_without_question
            if u.has(DialogAct.DENY):
                return "reply", m.deny_without_question
            return "reply", m.prompt
    raise ValueError(f"no reply for decision {decision.kind!r}")
