"""What the learned acts may not make of an unclear turn: a failure report, a goodbye, a bare thank-you.

Issue 15 item 3: a still-unclear reply to a clarifying question escalates with low_confidence once the policy's
`clarify_attempts` are spent; it never ends the call. Three acts turned unclear turns into something the decision
acted on before the low-confidence rule was reached:

- A turn the recogniser doubts (`unclear.misheard`: its confidence under the low-confidence threshold) reports no
  failure. On a bad line ("sorry the bus the wa no") the act model hears "that didn't work" in stray words; counted,
  the answer was retried (or the clarifying question's guess taken as confirmed, `triggers.failed_guess`) though the
  caller said nothing the AI could hear. The turn is asked about like any turn we did not catch.
- A vague reply to a clarifying question that says more than a farewell ends nothing: "like last time, you know
  how it is, all done with now isn't it" is heard as a goodbye by the act model, and the call ended with the need
  untold. A caller who leaves says so in a few words or thanks ("lovely, that's me sorted, cheers, bye now": the
  learned vague act leans to any short reply after a question); one who goes on, vaguely, unthanking is unclear.
- A doubted turn that says more than a thank-you ("cheers, and the er the one round the back for the") is not
  thanks with nothing else to act on: the caller went on and we did not catch it, so it is asked about, as a
  doubted greeting already is (`triggers.decide`).

Pure: a copy of the understood turn without those acts, called at the top of `triggers.decide`. Eighteenth round,
part l-unclear (docs/understanding-rounds.md).
"""

from __future__ import annotations

from warmline.policy import Policy
from warmline.trigger_models import TriggerState
from warmline.unclear import misheard
from warmline.understanding import DialogAct, Understanding

# From this many words a turn says more than a thank-you or a farewell: "oh lovely, thanks a lot for that" has seven;
# one that goes on ("cheers, and the er the one round the back for the", "like last time, you know how it is,
# all done with now isn't it") ten or more.
SAYS_MORE = 10


def as_unclear(policy: Policy, state: TriggerState, u: Understanding, asr_confidence: float | None) -> Understanding:
    """`u` without the acts that would hide an unclear turn from the low-confidence rule (the module's three)."""
    drop: set[DialogAct] = set()
    if misheard(policy, state, asr_confidence):
        drop.add(DialogAct.NOT_RESOLVED)
        if u.words >= SAYS_MORE and not u.has(DialogAct.GOODBYE):
            drop.add(DialogAct.THANKS)
    if state.last_kind == "clarify" and u.has(DialogAct.VAGUE) and u.words >= SAYS_MORE and not u.has(DialogAct.THANKS):
        drop.add(DialogAct.GOODBYE)
    if not drop & set(u.acts):
        return u
    return u.model_copy(update={"acts": [a for a in u.acts if a not in drop]})
