"""What the intent classifier says of one turn (`Scores`): every query type's similarity and the head's readings.

The classifier (`classifier.py`) fits a policy's examples and scores turns; what a score holds is read by many more
modules than fit anything (`calibrate.py`, `human_lead.py`, `kept_in_scope.py`, `vague_turn.py`, the back-ends), and
tests build scores by hand. The record has its own module so that those readers and tests take it without the
fitting code (TF-IDF, the encoder, the logistic head).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scores:
    """Similarity of one utterance to every query type, plus what the OOS rule needs."""

    names: list[str]
    sims: np.ndarray  # one score per query type, 0..1, same order as `names`
    tokens: list[str]  # the utterance's topical content tokens (feelings left out)
    known: int  # how many of them the policy's vocabulary contains
    emotive: int = 0  # feeling words left out of `tokens` ("furious", "useless")
    probs: np.ndarray | None = None  # the embedding head's probability per query type (same order as `names`)
    oos_prob: float = 0.0  # the head's probability that the turn is one of the policy's out-of-scope examples
    nearest: float = 0.0  # cosine between the utterance's embedding and the closest example's
    # For a turn of several clauses ("cancel my contract or maybe upgrade"): per clause, the head's best
    # probability for a query type *other* than the turn's top one, that clause's nearest cosine, and its own top
    # query type's probability (the rival's share of it says whether the clause is about another query type).
    rivals: tuple[tuple[float, float, float], ...] = ()
    # Per query type (same order as `names`), the index of its example nearest in meaning to the turn.
    nearest_example: tuple[int, ...] = ()
    chatter_prob: float = 0.0  # the head's probability that the turn is small talk (people, places, chat)
    temperature: float = 1.0  # the head's, fitted on held-out examples (`temperature.py`): how sure it really is
    hedged: bool = False  # worded as unsure between its clauses ("not sure if X or Y", `request_form.hedged_choice`)
    # Cosine to the closest phrasing of the "about something else" class (the policy's out-of-scope examples and
    # the off-policy background it keeps): beside `nearest`, whether the turn resembles something else more.
    else_nearest: float = 0.0
    # Whether those two nearest cosines can be compared (`IntentModel.else_comparable`): False when the policy's
    # examples outnumber the "something else" phrasings, whose nearest is then farther by sheer number.
    else_comparable: bool = True
    # The answer head's logit per query type (`answer_head.py`): which covered type an in-scope turn is about, never
    # how sure nor whether it is in scope.
    choice: np.ndarray | None = None

    @property
    def topical_share(self) -> float:
        """How much of the turn is about a subject rather than a feeling; a rant is not a query."""
        total = len(self.tokens) + self.emotive
        return len(self.tokens) / total if total else 0.0

    def ranked(self) -> list[tuple[str, float]]:
        """Query types best first, by the head's probability when there is one, else by similarity."""
        return self._ranked(self.sims if self.probs is None else self.probs)

    def ranked_by_similarity(self) -> list[tuple[str, float]]:
        """Query types best first by the lexical (or a back-end's own) similarity alone."""
        return self._ranked(self.sims)

    def _ranked(self, values: np.ndarray) -> list[tuple[str, float]]:
        order = np.argsort(-values, kind="stable")
        return [(self.names[i], float(values[i])) for i in order]
