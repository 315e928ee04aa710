"""Where an act the act model learned means what the decision takes it to mean.

The act model (`act_model.py`) reads a whole turn and gives each dialog act a probability; it cannot tell a report
that the step failed from a rant, an acknowledgement or a fragment, nor a request for a person from a rant that
names nobody. These rules, over the turn's words and its feeling readings, say when a learned act counts; the acts
in context (`in_context.py`) ask them of every learned act, of a clause read on its own and of a failure read as
if right after an answer. Their own module: when an act counts is one job, which act applies after the AI's last
move is another.
"""

from __future__ import annotations

from collections.abc import Mapping

from activities.understanding.acts import addresses_someone, broken_off, doubts_a_person, on_the_step, worked
from activities.understanding.rant_no_ask import rant_asks_nobody
from activities.understanding.told_failure import mock_thanks
from warmline.understanding import DialogAct

# A thank-you or a sign-off: its words, cut from a turn, leave the topic as it was; a turn whose sure words are these
# is an acknowledgement, not a report that something failed.
CLOSING = frozenset({DialogAct.THANKS, DialogAct.GOODBYE})
# A failure the act model reads this surely stays a failure when the turn names another query type (the caller
# went back to an earlier topic); near the act's threshold, naming another topic means the caller moved on.
SURE_FAILURE = 0.9
# How far below the sentiment threshold a sure failure's feeling words may go and still be a report, not a rant.
_MILD = 0.2
# How far below the threshold a turn's whole upset reading (feeling words and the upset model) goes before a learned
# failure in it must speak of the step to count: further down, "sick of it, it's a joke" is a rant, not a report.
_RANT = 0.4


def applies(
    act: DialogAct,
    text: str,
    feeling: float,
    found: Mapping[DialogAct, object],
    threshold: float,
    probability: float = 1.0,
    upset: float | None = None,
) -> bool:
    """Whether the learned `act` counts in `text`; `found`: the acts found so far, `threshold`: the policy's
    sentiment threshold.

    "It didn't work" needs a few words of its own (a bare "no" after an answer is not a report), and a
    rant of feeling words after an answer (VADER's `feeling` score) is upset (the sentiment rule), not a
    report that the step failed; "we're going round in circles" is a report. A turn whose sure words are a
    thank-you or a sign-off ("right you are, ta-ra then") is an acknowledgement: only the regexes' own
    failure words ("thanks, but it still doesn't work") make it a report. A failure the act model is sure of
    stays one in a few feeling words ("pressed it four times and still no email, it's failing"); strong ones
    are a rant. Words that say the step worked ("that's done it, there they are") are no failure. A turn the
    upset reading puts far below the threshold counts only when it speaks of the step (`acts.on_the_step`: "you've
    told me that twice", "did all that and it's not there"); "it's the third time and I'm sick of it" is a rant.
    """
    if act == DialogAct.NOT_RESOLVED:
        return (
            len(text.replace(",", " ").split()) >= 3
            and (
                feeling >= threshold
                or (probability >= SURE_FAILURE and (feeling >= threshold - _MILD or on_the_step(text)))
            )
            and not (CLOSING & found.keys() and not (probability >= SURE_FAILURE and mock_thanks(text)))
            and not worked(text)
            and not broken_off(text)  # "right and what if the the permit on the": torn, not a report
            and (upset is None or upset > threshold - _RANT or on_the_step(text))
        )
    if act == DialogAct.REQUEST_HUMAN:  # a fragment or a rant that names nobody to speak to is no request
        return (  # nor "what's a manager going to do", nor "you lot are a joke" (`rant_no_ask`)
            addresses_someone(text)
            and not doubts_a_person(text)
            and not rant_asks_nobody(text, feeling, upset, threshold)
        )
    return True
