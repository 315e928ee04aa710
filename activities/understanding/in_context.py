"""A turn's dialog acts in the light of what the AI just did: which acts mean what the decision takes them to mean.

The same words are different acts after different moves: "not working" is a report that the answer failed only right
after an answer (before one it states the problem); "no, that's not it" after an answer is that report, not a
refusal; "yeah, the thing" is a filler, not a yes. The acts come from two readers, the near-certain patterns
(`acts.py`, with the spans they matched) and the act model over the sentence encoder (`act_model.py`, whole turn,
no span); this module keeps the ones that apply and says whether a failure names another topic, for
`embedded.EmbeddedUnderstander`, which then reads the topic in what is left of the turn. Whether a learned act
counts at all in the turn's words (a rant, an acknowledgement, a fragment) is `learned_act.py`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import numpy as np

from activities.understanding import failure_blend, learned_act, told_reply
from activities.understanding.act_model import THRESHOLDS, ActModel, chosen
from activities.understanding.acts import (
    already_tried,
    approved,
    back_to_earlier,
    did_steps,
    find_acts,
    gives_back,
    new_matter,
    on_the_step,
    persisting,
    strip_spans,
)
from activities.understanding.acts_patterns import ASKED_OF_SOMEONE, NEGATED
from activities.understanding.ask_clause import ask_clause
from activities.understanding.calibrate import head_confidence
from activities.understanding.came_right import came_right
from activities.understanding.classifier import IntentModel
from activities.understanding.learned_act import CLOSING, SURE_FAILURE
from activities.understanding.lexicon import STOPWORDS
from activities.understanding.request_form import asks_for_something
from activities.understanding.told_failure import missed_question, mock_thanks, refuses_handover
from activities.understanding.told_outcome import told_outcome
from activities.understanding.vague_turn import hedged_choice, thanks_for_the_question, turns_to_the_other
from warmline.policy import Policy
from warmline.understanding import DialogAct, UnderstandingRequest

Found = dict[DialogAct, list[tuple[int, int]]]  # each act found, with the spans its patterns matched (none: learned)
Told = Callable[[], bool]  # `told_outcome` of the turn, computed once (`_told`)

_VAGUE_RE = re.compile(r"\b(?:thing|things|stuff|whatsit|thingy)\b")


def _step_done(text: str, told: Told) -> bool:
    """The turn says the step was done and the trouble persists: "still", steps, "tried that", what it gave."""
    return persisting(text) or did_steps(text) or already_tried(text) or told()


def _told(text: str) -> Told:
    """Whether the turn tells what the step gave (`told_outcome`, thanks or not), read on first use and kept: the
    rules after an answer, after a clarifying question and on a failure that moved on all ask it of the same turn."""
    return cache(lambda: told_outcome(text, False))


class ActsInContext:
    """The acts of one turn that apply after the AI's last move (`UnderstandingRequest.pending`)."""

    def __init__(self, policy: Policy, model: IntentModel, acts: ActModel | None, semantic: bool) -> None:
        self.policy = policy
        self.model = model  # the policy's intent model: its cached vectors, and "did the turn move on" by topic
        self._acts = acts  # None on a back-end without the sentence encoder: patterns only
        self.semantic = semantic

    def read(
        self, text: str, feeling: float, req: UnderstandingRequest, vec: np.ndarray | None, upset: float | None = None
    ) -> tuple[Found, list[DialogAct], bool, dict[DialogAct, float] | None]:
        """The acts found (patterns, then the act model on `vec`, the turn's embedding), those kept in context,
        whether a failure kept names another topic (`keep`), and the act model's probabilities in context (None without
        it; the upset veto reads them too). `upset` is the turn's whole sentiment reading (feeling words and the upset
        model), when the back-end has one."""
        found = find_acts(text)
        told = _told(text)
        if hedged_choice(text):
            found.setdefault(DialogAct.VAGUE, [])  # "the plan or the bill or whatever": torn, not told (`vague_turn`)
        further, probs = False, None
        if self._acts is not None and vec is not None:
            probs = self._acts.probabilities(vec, req.pending or "none")
            for act in chosen(probs):
                if self._applies(act, text, feeling, found, probs[act], upset):
                    found.setdefault(act, [])  # learned: no span to strip, the head reads the whole turn anyway
            self._ask_in_clause(text, feeling, found, req)  # an ask riding on a long turn's topic (`ask_clause`)
            if self._moves_to_new_matter(found, text, req):
                found.pop(DialogAct.NOT_RESOLVED)
            if came_right(text) or (req.pending == "answer" and refuses_handover(text)):
                found.pop(DialogAct.NOT_RESOLVED, None)  # "it's gone green now"; "I'm not being passed on": no failure
            if found.get(DialogAct.VAGUE) == [] and told_reply.told_plainly(text, req.pending):
                found.pop(DialogAct.VAGUE)  # asked what they meant, the need told in plain words (`told_reply`)
            if req.pending == "answer" and (missed_question(text) or (not (CLOSING & found.keys()) and told())):
                found.setdefault(DialogAct.NOT_RESOLVED, [])  # "not what I asked, I mean ..."; "it just says pending"
            further = self._further_report(text, feeling, found, req, vec, upset) or self._reported_to_question(
                text, feeling, found, req, vec, upset, told
            )
            if further:
                found.setdefault(DialogAct.NOT_RESOLVED, [])
            if DialogAct.REQUEST_HUMAN in found and not found.get(DialogAct.NOT_RESOLVED):
                # Asking for a person right after an answer is not by itself a report that it failed (the
                # agent should know whether the caller is only confirming): only words that say so count, so
                # the failure is judged on the turn without the request ("tried it twice and nothing's
                # happened, I'd like to talk it through with someone"). A second pass, on a turn that
                # transfers anyway.
                if self._fails_without_request(text, found[DialogAct.REQUEST_HUMAN], req):
                    found[DialogAct.NOT_RESOLVED] = []
                else:
                    found.pop(DialogAct.NOT_RESOLVED, None)
        acts, moved_on = self.keep(found, text, req, told, further)
        acts = failure_blend.vetted(acts, found, text, req, probs, (self.policy, upset, feeling, further))
        return found, acts, moved_on, probs

    def _ask_in_clause(self, text: str, feeling: float, found: Found, req: UnderstandingRequest) -> None:
        """A long turn after the AI's first move (an answer, a clarifying question, an offer) that the act model did
        not hear as a request, whose ask rides on a topic (`ask_clause`): the act model reads the clause that asks on
        its own, in the same context and at the same threshold, and the request is kept as a whole turn's would be
        (`learned_act.applies`), unless a negation stands before the clause ("I don't need anyone to ..."). One more
        encoder pass, only on such a turn."""
        if req.pending is None or DialogAct.REQUEST_HUMAN in found:
            return  # an opening's ask is mostly for the service itself ("can you lot get me in"): read whole
        clause = ask_clause(text)
        if clause is None or self._acts is None:
            return
        start = text.find(clause)
        if NEGATED.search(text[:start]) and not ASKED_OF_SOMEONE.match(clause):
            return
        act = DialogAct.REQUEST_HUMAN
        p = self._acts.probabilities(self.model.vector(clause), req.pending or "none")[act]
        if p >= THRESHOLDS[act] and self._applies(act, text, feeling, found, p):
            found[act] = []

    @staticmethod
    def _moves_to_new_matter(found: Found, text: str, req: UnderstandingRequest) -> bool:
        """Right after an answer, a learned "it didn't work" in a turn that says it turns to another matter ("and
        while I've got you, when he came last week he scraped the car"): a new matter, not a report on the step.
        The regexes' failure words ("also, it still says error") stay a report."""
        learned = DialogAct.NOT_RESOLVED in found and not found[DialogAct.NOT_RESOLVED]
        return req.pending == "answer" and learned and new_matter(text)

    def _further_report(
        self, text: str, feeling: float, found: Found, req: UnderstandingRequest, vec: np.ndarray, upset: float | None
    ) -> bool:
        """Offered a specialist while a topic's answer stands, the caller neither takes nor refuses the offer but
        reports more of the step failing ("the junk folder's empty too"): the act model, read as right after the
        answer, is sure of a failure. The offer is left unanswered; the answer in hand failed again."""
        if req.pending != "offer" or req.last_query_type is None or self._acts is None:
            return False
        if {DialogAct.AFFIRM, DialogAct.DENY, DialogAct.REQUEST_HUMAN} & found.keys():
            return False
        p = self._acts.probabilities(vec, "answer")[DialogAct.NOT_RESOLVED]
        return p >= SURE_FAILURE and self._applies(DialogAct.NOT_RESOLVED, text, feeling, found, p, upset)

    def _reported_to_question(
        self,
        text: str,
        feeling: float,
        found: Found,
        req: UnderstandingRequest,
        vec: np.ndarray,
        upset: float | None,
        told: Told,
    ) -> bool:
        """Asked a clarifying question (which quotes the AI's best guess), the caller answers it by reporting that
        step done and failing ("paid it through the website twice and the balance hasn't moved"): the regexes'
        failure words in a turn that speaks of the step (`acts.on_the_step`; "it's not working" only states the
        problem), or the act model, read as right after an answer, sure of a failure in a turn that says the step
        was done or goes on failing (`acts.persisting`, `did_steps`, `already_tried`; not "the window won't shut").
        The decision counts it for the guess the question named (`triggers.failed_guess`)."""
        if req.pending != "clarify" or self._acts is None:
            return False
        p = self._acts.probabilities(vec, "answer")[DialogAct.NOT_RESOLVED]
        done = _step_done(text, told) or gives_back(text)
        if not ((found.get(DialogAct.NOT_RESOLVED) and on_the_step(text)) or (p >= SURE_FAILURE and done)):
            return False
        return self._applies(DialogAct.NOT_RESOLVED, text, feeling, found, p, upset)

    def _fails_without_request(self, text: str, spans: list[tuple[int, int]], req: UnderstandingRequest) -> bool:
        """The learned "it didn't work" still reads in what is left once the request's words are taken out.

        What is left must say something: "i want to" (from "I want to speak to a real person") is no report; and a
        caller who approves the answer ("that's clear, but could someone confirm it") is confirming, not reporting.
        """
        rest = strip_spans(text, spans)
        words = rest.replace(",", " ").split()
        if req.pending != "answer" or not spans or self._acts is None or len(words) < 3 or approved(text):
            return False
        if all(w in STOPWORDS for w in words) or not on_the_step(rest):
            return False  # "okay and the different levels with me on the phone" speaks of no step: no report
        return DialogAct.NOT_RESOLVED in self._acts.acts(self.model.vector(rest), req.pending or "none")

    def _applies(
        self,
        act: DialogAct,
        text: str,
        feeling: float,
        found: Found,
        probability: float = 1.0,
        upset: float | None = None,
    ) -> bool:
        """Whether a learned act counts in the turn (`learned_act.applies`, at the policy's sentiment threshold)."""
        threshold = self.policy.defaults.sentiment.threshold
        return learned_act.applies(act, text, feeling, found, threshold, probability, upset)

    def keep(
        self,
        found: dict[DialogAct, list[tuple[int, int]]],
        text: str,
        req: UnderstandingRequest,
        told: Told,
        further: bool = False,
    ) -> tuple[list[DialogAct], bool]:
        """Keep the acts that mean something after the AI's last move; say whether a failure names another topic.

        "Not working" is feedback only right after an answer (otherwise it states a
        problem). "No, that's not it" after an answer is that feedback, not a refusal.
        When the turn clearly names another query type, a failure the act model is sure of
        stays, with that query type as the intent ("going back to changing the flight, it's
        still greyed out"): the decision counts it for that type when the AI answered it earlier
        in the call, and otherwise reads the turn as the new question it is.
        """
        acts = [a for a in DialogAct if a in found]
        vague = _VAGUE_RE.search(text) or DialogAct.VAGUE in acts
        if DialogAct.VAGUE in acts and thanks_for_the_question(text, acts, req):
            acts.remove(DialogAct.VAGUE)  # "lovely, that's helpful, thanks": a thank-you, not a vague reply
        if DialogAct.AFFIRM in acts and req.pending != "offer" and vague:
            acts.remove(DialogAct.AFFIRM)  # "yeah, the thing", "yeah, the usual": a filler, not a yes
        if DialogAct.NOT_RESOLVED in acts and turns_to_the_other(text) and not on_the_step(text):
            acts.remove(DialogAct.NOT_RESOLVED)  # "what about the other one": a second need, not the answer failing
        if DialogAct.NOT_RESOLVED in acts:
            # Judge "moved on" on what is left besides the feedback: "still not working" must not read as a topic.
            rest = strip_spans(text, found[DialogAct.NOT_RESOLVED])
            # Offered a specialist after an answer, a failure in sure words ("you're reading me the same thing
            # again") is neither a yes nor a no: the answer in hand failed.
            after_offer = (
                req.pending == "offer"
                and req.last_query_type is not None
                and (bool(found[DialogAct.NOT_RESOLVED]) or further)
            )
            # Answering a clarifying question with the step done and failing (`_reported_to_question`).
            after_question = req.pending == "clarify" and further
            if req.pending != "answer" and not after_offer and not after_question:
                acts.remove(DialogAct.NOT_RESOLVED)
            elif req.pending == "answer" and (
                missed_question(text) or (DialogAct.THANKS in acts and mock_thanks(text))
            ):
                # The answer missed the question, which the caller says again, or was thanked for with irony ("oh
                # brilliant, that's the page giving me the error, thanks for that"): that answer's failure, whatever
                # topic the rest reads as (`told_failure`).
                return [a for a in acts if a not in (DialogAct.DENY, DialogAct.THANKS)], False
            elif self._moved_on(rest, req.last_query_type):
                if back_to_earlier(text):
                    return acts, True  # "going back to X, still ...": a failure for the topic named
                sure = not found[DialogAct.NOT_RESOLVED] and self._sure_failure(text, req)
                if (_step_done(text, told) or gives_back(text) or sure) and not asks_for_something(rest):
                    # "it's still turning me down", "signed out and in, pressed download, an empty page": a report
                    # on the step just given, whatever words it names (the steps tried are the answer's words)
                    return acts, False
                if sure:
                    return acts, True  # a sure failure that asks about another topic: that topic's failure
                acts.remove(DialogAct.NOT_RESOLVED)
            elif DialogAct.DENY in acts:
                acts.remove(DialogAct.DENY)
        return acts, False

    def _sure_failure(self, text: str, req: UnderstandingRequest) -> bool:
        """The act model is sure the turn says something failed (cached embedding: no extra encoder pass)."""
        if self._acts is None:
            return False
        return self._acts.probabilities(self.model.vector(text), req.pending or "none")[DialogAct.NOT_RESOLVED] >= (
            SURE_FAILURE
        )

    def _moved_on(self, rest: str, last: str | None) -> bool:
        # Judged on similarity (the lexical view), whose scale the "half as close" rule below was made for,
        # and confirmed by the head: "the wifi is out" after the slow-internet answer is still that topic. The
        # words' view naming `last` first settles it before the encoder reads `rest` (a second pass saved).
        if last is None or (self.semantic and self.model.score(rest, False).ranked_by_similarity()[0][0] == last):
            return False
        scores = self.model.score(rest)
        ranked = scores.ranked_by_similarity()
        if (scores.probs is not None and scores.ranked()[0][0] == last) or not ranked or ranked[0][0] == last:
            return False
        top, top_sim = ranked[0]
        last_sim = dict(ranked).get(last, 0.0)
        return head_confidence(scores) >= self.policy.low_confidence_rule(top).threshold and last_sim < 0.5 * top_sim
