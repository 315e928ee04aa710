"""A bad event told calmly is not an upset caller: whether a turn says how the caller feels, not only what happened.

VADER scores a turn's words, and on a support line many of them name the event ("the scooter died on me", "the
front light's smashed", "it says my password's wrong", "no email's come", "registering my brother's death"): the
turn reads negative whatever the caller's state. Where the policy acts on one upset turn (`sustained_turns: 1`),
each such calm report became a specialist offer or a transfer (the thirteenth round: 17 of 75 calm calls on the
two such development lines). What tells an upset caller from a calm one reporting the same event is how they speak
of it: a feeling word about themselves ("fuming", "not happy", "stressed"), a word about the service ("a joke",
"disgraceful", "useless"), a fed-up idiom or sarcasm (sentiment.py's set phrases), blame ("your fault", "because of
you"), exasperation at a repeat ("again", "every single time", "how many times"), intensity ("absolutely",
"whatsoever", "!"). A turn with none of these is a report: its feeling words weigh `EVENT_WEIGHT` of VADER's score.
The learned upset head (`mood.py`) still lowers the turn when it hears upset in plain words.

Near-certain wording only; nothing here names a topic.
"""

from __future__ import annotations

import re

# The share of VADER's score a turn keeps when nothing in it speaks of the caller's state: a calm report of a bad
# event ("it's gone dead", -0.54) stays negative but above the usual -0.4 threshold.
EVENT_WEIGHT = 0.5

# How the caller speaks of the event: their own state, the service judged, blame, exasperation, intensity.
_STATE = re.compile(
    # the caller's (or their family's) state
    r"\b(?:angry|annoyed|furious|fuming|livid|irate|seething|cross|mad (?:at|with)|frustrat\w*|fed up|upset\w*|"
    r"disgust\w*|disappoint\w*|gutted|devastated|heartbroken|distraught|stress\w*|sick (?:of|to)|tired of|"
    r"not (?:happy|pleased|impressed|acceptable|good enough|fair|right)|unhappy|unfair|worried sick|panick\w*|"
    r"desperate|in tears|crying|cry|can'?t believe|hate|dread\w*|embarrass\w*|humiliat\w*|insult\w*|"
    # the service judged
    r"ridiculous|nonsense|farce|joke|shambles|shambolic|disgrace\w*|appalling|unacceptable|shocking|hopeless|"
    r"useless|pathetic|incompetent|outrage\w*|scandal\w*|diabolical|laughable|pointless|robbery|rip ?off|"
    r"terrible|awful|horrendous|horrible|dreadful|worst|worse than|rude|clueless|complain\w*|unbelievable|"
    r"piece of my mind|(?:just |simply )?not true|(?:don'?t|do not|won'?t|will not) accept|"
    r"your \w+(?: \w+)? (?:is|are|'s|'re) (?:an? )?(?:\w+ )?(?:nightmare|rubbish|a disaster|a mess)|"
    # blame and address to the company
    r"your fault|because of (?:you|your)|you people|thanks to you|blam\w+|"
    # exasperation at a repeat, neglect
    r"again|every (?:single )?(?:time|day|morning|week)|how many times|(?:third|fourth|fifth|\w+th) time|"
    r"nobody|no one|not even|never|yet another|"
    # intensity
    r"absolutely|utterly|completely|totally|whatsoever|honestly|seriously|for (?:god'?s|heaven'?s|pete'?s) sake|"
    r"bloody|flaming|flipping|damn\w*)\b|!",
    re.IGNORECASE,
)


def speaks_of_state(text: str) -> bool:
    """The turn says how the caller feels about what happened (or the service), not only what happened."""
    return _STATE.search(text) is not None
