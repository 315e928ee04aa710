"""After an answer, a long story read as a failure of it that reads best as a matter people handle: that matter.

Right after an answer, a turn the act model reads as `not_resolved` was counted as the answer's failure and retried
(the same topic's retry answer), and the failure reading vetoes every out-of-scope reading (`embedded.py`). But a
caller who, after a covered answer, tells a new matter at length in the words of complaint ("the cleaner knocked my
lamp off the side and it's smashed", "the meal you brought had us all ill for a week") is no longer talking about
that answer: the story is the new matter, and when the head reads it best as a query type people handle (a
breakage claim, a food-safety complaint) other than the one just answered, it is that type's, handed to its people.

A failure of the step told at length names the step's screens, links and places ("the page goes round in circles
back to the login"), and on the development lines those read as the answered type or a covered one; the few read
best as a people's type are shorter. So only a story told in `STORY_MIN_WORDS` content words or more counts, read on
the head's ranking alone (its confidence in a long story is low whichever type leads). Pure function over the
head's scores and the request; no phrasing set, no encoder pass, no domain words.
"""

from __future__ import annotations

from collections.abc import Collection

from activities.understanding.scores import Scores
from warmline.understanding import DialogAct, UnderstandingRequest

# Content words (after the acts' words are cut) from which a failure story read best as a people's type is that
# type's matter. Chosen on the READ half of the dev lines (eighteenth round, part b-oos-answered): the two new matters
# told after an answer and read as its failure have 10 and 12; the failure turns of right calls read best as another
# people's type have 9 at most (one), most 2-7. Not a tunable of the leave-one-line-out grid.
STORY_MIN_WORDS = 10


def people_matter(
    acts: Collection[DialogAct], scores: Scores, req: UnderstandingRequest, human: Collection[str]
) -> bool:
    """Right after an answer, a turn read as its failure, told in `STORY_MIN_WORDS` content words or more, whose best
    reading is a type people handle (`human`: their names) other than the one just answered."""
    if req.pending != "answer" or DialogAct.NOT_RESOLVED not in acts or scores.probs is None:
        return False
    if len(scores.tokens) < STORY_MIN_WORDS:
        return False
    top = scores.ranked()[0][0]
    return top in human and top != req.last_query_type
