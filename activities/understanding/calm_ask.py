"""A practical question asked calmly: the learned upset head's reading does not apply to it.

The upset head (`mood.py`) reads a turn's sentence embedding, which carries its subject as much as its mood: a
question about rats under the decking, a dog's operation or a flood in the kitchen sits near the upset rows whatever
the caller's tone (P(upset) 0.6-0.9 on "how much would it be to deal with rats"). Calm rows about such subjects
move the head both ways (the ninth round's part C11: false offers fell, frustrated callers' offers were lost), so
the subject cannot be taught away. What separates "grim problem, calm caller" from "grim problem, upset caller" is
the caller's words about the service or their own state. So a turn that asks the line something practical (what to
do, how much, when someone comes, how to book) and says nothing of the kind — no failure or grievance, no repeat
("again", "still", "twice"), no waiting, no blame, no sarcasm or fed-up idiom, no feeling word — keeps VADER's
reading of its feeling words, which is what the policy's threshold was set on.

Near-certain wording only, over the raw turn and its `text.clean()` form; nothing here names a topic.
"""

from __future__ import annotations

import re

from activities.understanding import sentiment
from activities.understanding.request_form import asks_for_something
from activities.understanding.text import clean

# Words about the service, a repeat, waiting or the caller's own state: any one of them and the turn may be a
# complaint, which the learned reading hears better than VADER does.
_COMPLAINT = re.compile(
    r"\b(?:again|still|same|twice|(?:second|third|fourth|fifth|\w+th) time|three times|every time|each time|"
    # "never" of a failure ("it never came"), not of a first time ("i've never used one before")
    r"never(?! (?:used|been (?:before|on|here|to)|done (?:this|it|one)|had (?:one|a)|tried))|"
    r"more times|how many times (?:do|have|must) i|already|nobody|no one|nothing|not (?:turned|come|heard|"
    r"arrived|been|had|good|happy|having)|supposed to|meant to be here|wait\w*|ages|forever|weeks|fortnight|months|"
    r"(?:for|over|nearly|almost) (?:a|an|one|two|three|\w+) (?:days?|weeks?|months?|hours?)|"
    # "actually" of exasperation ("what does it actually do"), not of a step asked for ("how do i actually stop it")
    r"gone (?:half|quarter|\w+ o clock)|(?<!how do i )(?<!how do you )(?<!how can i )(?<!how would i )actually|"
    r"even|instead|why|complain\w*|on record|refund|compensation|"
    r"money back|charged?|stung|on top of|told me|you said|you have said|reading|read me|loop|round the|"
    r"not what|not right|wrong|do you think|shout\w*|like i was|end of my|rope|tether)\b"
)
_FEELING = re.compile(
    r"\b(?:angry|annoyed|furious|fuming|livid|frustrat\w+|fed up|upset|disgust\w*|disappoint\w*|gutted|"
    r"stress\w*|sick|fault|blame|rude|short with|off with)\b"
)
_STRONG = -1.5  # a word VADER reads at least this negative ("terrible" -2.1) is a feeling, not a subject


def practical_question(text: str, scorer: sentiment.SentimentScorer) -> bool:
    """The turn asks the line something practical and says nothing about the service or how the caller feels."""
    t = clean(text)
    if not (asks_for_something(t) or "?" in text):
        return False
    if _COMPLAINT.search(t) or _FEELING.search(t) or scorer.strongly_negative(text, _STRONG):
        return False
    return not sentiment.complains(text)
