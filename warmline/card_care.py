"""What the AI does about card details, around the turn's plan: warn, expect more, offer the secure route.

The edge redacts card data before the workflow sees it (warmline/redact.py), so a
redaction token in the caller's words is how the plan knows they started reading a
card out. Then the reply tells them not to, the edge expects card digits next turn
(`TurnPlan.expects`), and on a line whose policy names a payments queue
(`card_payments`) the AI offers a transfer there: a yes next turn hands the call
over, to the payments team, with the contract's `customer_request` reason (the
caller asked for that person). Pure, like the plan itself.
"""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel

from warmline.models import Reason
from warmline.policy import Policy
from warmline.redact import CARD_TOKEN, CVV_TOKEN, Expects, expects_after
from warmline.routing import route_to
from warmline.trigger_models import Decision
from warmline.turn_models import Dialog, TurnInput, TurnPlan
from warmline.understanding import DialogAct

ACCEPTED = "The caller started reading card details out and accepted the payments team's secure route."
# What may sit around redacted card data in a turn that says nothing else ("it's …, then …").
_FILLER = re.compile(
    r"(?i)^(?:[\s,.;:!?'-]|\b(?:it'?s|it\s+is|is|and|then|so|ok|okay|um|uh|er|the\s+rest(?:\s+of\s+it)?)\b)*$"
)


def only_card_data(text: str) -> bool:
    """The turn is card details and nothing else (the caller reading on): no question to understand in it."""
    if CARD_TOKEN not in text and CVV_TOKEN not in text:
        return False
    return _FILLER.match(text.replace(CARD_TOKEN, " ").replace(CVV_TOKEN, " ")) is not None


def reading_on(policy: Policy, dialog: Dialog, t: TurnInput) -> TurnPlan | None:
    """A turn of card details only: warn again (and offer the payments team) instead of judging it out of scope."""
    if not only_card_data(t.text) or dialog.callback_asked is not None or (dialog.auth and dialog.auth.waiting):
        return None
    m, offer = policy.messages, policy.card_payments is not None
    return TurnPlan(
        decision=Decision(kind="prompt", state=dialog.triggers),
        say=f"{m.card_details_spoken} {m.card_payments_offer if offer else m.after_card_details}",
        triggers=dialog.triggers.model_copy(update={"last_kind": "prompt"}),
        auth=dialog.auth,
        expects="card",
        offers_payments=offer,
    )


def payments_accepted(policy: Policy, dialog: Dialog, t: TurnInput, now: datetime) -> TurnPlan | None:
    """The handoff to the payments queue when the caller says yes to the AI's offer of it; None otherwise."""
    u = t.understanding
    if not dialog.payments_offered or policy.card_payments is None:
        return None
    if not u.has(DialogAct.AFFIRM) or u.has(DialogAct.DENY):
        return None
    d = Decision(kind="escalate", reason=Reason.CUSTOMER_REQUEST, detail=ACCEPTED, state=dialog.triggers)
    return TurnPlan(
        decision=d,
        triggers=dialog.triggers.model_copy(update={"last_kind": "escalate"}),
        route=route_to(policy, policy.card_payments.queue, now),
        auth=dialog.auth,
    )


def card_care(policy: Policy, plan: TurnPlan, t: TurnInput) -> TurnPlan:
    """The finished plan with what card details call for: the warning, the offer, what the edge expects next."""
    if not plan.say or plan.run is not None:
        return plan
    # The reply asks for identifiers (digits, maybe): they must reach the check, so the edge expects no card.
    asks_identity = plan.decision is not None and plan.decision.kind == "authenticate"
    if CARD_TOKEN in t.text or CVV_TOKEN in t.text:
        # The caller read out card details (redacted at the edge): tell them not to, before anything else; the
        # digits they may go on reading are redacted at the edge, keyword or not.
        m = policy.messages
        offer = policy.card_payments is not None and not asks_identity
        said = f"{m.card_details_spoken} {plan.say}" + (f" {m.card_payments_offer}" if offer else "")
        return plan.model_copy(
            update={"say": said, "expects": None if asks_identity else "card", "offers_payments": offer}
        )
    if asks_identity:
        return plan
    return plan.model_copy(update={"expects": expects_after(plan.say)})


class Expecting(BaseModel):
    """What the AI's last reply left the caller about to say (the `expecting` query); the edge redacts digits
    answering a question for card details or the security code (warmline/redact.py)."""

    what: Expects | None = None


class ExpectingAt(BaseModel):
    """The `expecting` query's question: before which caller turn (None: the next one)."""

    turn: int | None = None
