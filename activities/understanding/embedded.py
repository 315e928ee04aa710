"""The embedded understanding back-end: no outside service, nothing downloaded at run time.

Per turn: find dialog acts and keep those that make sense after what the AI just
did (`in_context.py`), classify what is left of the utterance against the policy's examples
(a sentence-embedding head plus TF-IDF similarity, `classifier.py`), then decide
in-scope / unclear / out-of-scope and attach VADER sentiment and the query type's
answer. The classifier is fitted once per policy version and shared by every
understander built for it; sentence embeddings are cached by text, so refitting
(what-if, tests, the evaluation) embeds each phrasing once per process.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from activities.understanding import (
    answer_head,
    answer_object,
    asked_verb,
    calibrate,
    contest,
    data_request,
    human_lead,
    kept_in_scope,
    new_matter_scope,
    per_policy,
    reaction,
    service_ask,
    upset_blend,
    work_ask,
)
from activities.understanding.act_like import CONVERSATIONAL
from activities.understanding.act_model import ActModel, shared_act_model
from activities.understanding.acts import already_tried, new_matter, strip_spans
from activities.understanding.adds_a_matter import adds_a_matter
from activities.understanding.calibrate import head_confidence, out_of_scope
from activities.understanding.calm_ask import practical_question
from activities.understanding.came_right import came_right
from activities.understanding.encoder import shared_encoder
from activities.understanding.in_context import CLOSING, ActsInContext
from activities.understanding.mood import UpsetModel, combined, shared_upset_model
from activities.understanding.request_form import asks_for_something
from activities.understanding.scores import Scores
from activities.understanding.text import clean
from activities.understanding.told_upset import vents_first
from activities.understanding.vague_turn import vague_no_story
from warmline.policy import Policy
from warmline.understanding import DialogAct, IntentCandidate, Understanding, UnderstandingRequest

_MIN_GUESS = 0.1  # below this similarity even a low-confidence best guess is noise: report no intent
_CANDIDATES = 3
# Acts whose words, cut from a turn, leave its topic as it was: the encoder reads the whole turn (`_score`).
_PLEASANTRIES = CLOSING | {DialogAct.GREETING}
_ACKNOWLEDGING = CLOSING | {DialogAct.AFFIRM, DialogAct.DENY}
# A turn that tells a failure, stays vague or asks for a person is not asking what the company does.
_TOLD_NOT_ASKED = frozenset({DialogAct.NOT_RESOLVED, DialogAct.VAGUE, DialogAct.REQUEST_HUMAN})


class EmbeddedUnderstander:
    """Sentence-embedding + TF-IDF intent classifier, regex dialog acts, VADER sentiment, all in-process."""

    backend = "embedded"
    semantic = True  # fit the sentence-embedding head (a back-end bringing its own embeddings says False)

    def __init__(self, policy: Policy, encoder_dir: Path | None = None) -> None:
        """`encoder_dir`: an adapted sentence encoder (`adapt.py`, `WARMLINE_ENCODER_DIR`); None is the base one."""
        self.policy = policy
        # Fitted once per policy and shared by every understander built for it (`per_policy.py`).
        self._sentiment = per_policy.sentiment()
        self.model = per_policy.intent_model(policy, self.semantic, encoder_dir)
        # Dialog acts learned from the shipped phrasing set (act_model.py), over the same sentence encoder.
        self._acts: ActModel | None = shared_act_model(shared_encoder(encoder_dir)) if self.semantic else None
        # Upset in plain words (mood.py), beside VADER's feeling words.
        self._upset: UpsetModel | None = shared_upset_model(shared_encoder(encoder_dir)) if self.semantic else None
        self._upset_veto = upset_blend.Veto(policy, self._sentiment, self._upset, self._acts)  # `upset_blend.py`
        # Which of a turn's acts apply after the AI's last move (in_context.py).
        self._in_context = ActsInContext(policy, self.model, self._acts, self.semantic)
        self._act_like = per_policy.act_like(policy)
        self._human = frozenset(qt.name for qt in policy.query_types if qt.handling == "human")
        self._type_words = answer_object.type_words(policy)
        # Asking the company for work is out of scope at the opening unless the policy's own phrasings ask it.
        self._covers_work = work_ask.covers_work(e for qt in policy.query_types for e in qt.examples)
        # A review asked for ("I want it looked into") is people's unless the AI's own phrasings ask for one.
        self._covers_contest = contest.covers_contest(
            clean(e) for qt in policy.query_types if qt.handling == "ai" for e in qt.examples
        )
        # A copy or the erasure of the caller's records is people's unless the policy's own phrasings ask it.
        self._covers_data = data_request.covers(e for qt in policy.query_types for e in qt.examples)

    async def understand(self, req: UnderstandingRequest) -> Understanding:
        # ~10 ms of CPU, most of it in ONNX Runtime / BLAS with the GIL released: on a thread the worker's
        # event loop keeps serving other calls' workflow tasks meanwhile (bench/README.md, load at N=100).
        return await asyncio.to_thread(self.understand_now, req)

    def sentiment(self, text: str) -> float:
        """VADER compound score of one utterance (other back-ends reuse it so thresholds mean the same)."""
        return self._sentiment.score(text)

    def understand_now(self, req: UnderstandingRequest) -> Understanding:
        """The synchronous core (a few milliseconds of CPU), for tests and benchmarks."""
        text = clean(req.text)
        feeling, vader = self._sentiment.readings(req.text)  # VADER: feeling words, and the turn as said
        vec, p_upset, sentiment = None, None, vader
        if self._acts is not None and self._upset is not None and text:
            vec = self.model.vector(text)
            if not (
                self._sentiment.keeps_vaders_reading(req.text, vader) or practical_question(req.text, self._sentiment)
            ):
                p_upset = self._upset.probability(vec)
                sentiment = combined(vader, p_upset)
        found, acts, moved_on, probs = self._in_context.read(text, feeling, req, vec, sentiment)
        rest = strip_spans(text, [span for act in acts for span in found[act]])
        scores = self._score(rest, text, {act for act in acts if found[act]})
        if self._act_like and CONVERSATIONAL & set(acts) and DialogAct.REQUEST_HUMAN not in acts:
            whole = self.model.score(text)  # "thanks so much" in a policy with a thank-you query type
            if whole.ranked()[0][0] in self._act_like:
                scores = whole
        conf = self._confidence(scores)
        # Feedback on the last answer is about that answer, and an upset caller's words about the
        # service ("on hold for ages", "nobody ever answers") are a grievance: neither is another topic.
        # Nor is an acknowledgement of the answer ("forty five each, ok, fair enough, ta").
        acknowledged = req.pending in ("answer", "offer") and bool(_ACKNOWLEDGING & set(acts))
        # Nor a thank-you or a goodbye asking for nothing ("lovely, I'll do that then, thanks"), whatever the AI said
        # before it: a farewell never makes a turn out of scope.
        work = self._asks_for_work(text, req)
        closing, asking = bool(CLOSING & set(acts)), asks_for_something(text) or work
        acknowledged |= closing and not asking
        asks = asking and not closing
        # After an answer, "and while I've got you, ..." turns to another matter: no acknowledgement of the answer nor
        # a follow-up on it, and an upset story about that matter is the matter, not a grievance about the answer.
        moved = req.pending == "answer" and new_matter(text)
        acknowledged &= not moved
        oos = (
            # a story that asks for nothing is clarified first, not unclaimed (`calibrate.out_of_scope`'s `asks`)
            (
                self._out_of_scope(scores, req.asr_confidence, asking, req.pending is None)
                or calibrate.unworded(scores, asks, req.asr_confidence)
                or work
                or self._uncovered_service(text, conf, scores, req.asr_confidence)
                or (
                    moved
                    and new_matter_scope.uncovered(
                        scores, conf, self._threshold(scores.ranked()[0][0]), req.last_query_type
                    )
                )
            )
            and not (req.pending == "clarify" and self._near_something(scores))
            and not {DialogAct.NOT_RESOLVED, DialogAct.VAGUE} & set(acts)
            and not acknowledged
            and not reaction.reacts(req.pending, asking, moved)  # a reaction to the AI's move, no new subject
            and not (req.pending == "answer" and calibrate.follow_up(scores) and not moved)
            and (moved or self._not_a_grievance(sentiment, feeling, req))
        )
        ranked = scores.ranked()
        # A story about something people handle, led to but not surely (`human_lead.human_lead`): theirs at once.
        human = not (
            oos
            or acknowledged
            or req.pending == "offer"
            or DialogAct.NOT_RESOLVED in acts
            or vague_no_story(acts, scores)
        ) and (
            self._human_lead(scores, conf, self._threshold(ranked[0][0]), req.pending, self._unanswered(req, sentiment))
            and self._not_a_grievance(sentiment, feeling, req)
        )
        oos |= human
        if not (oos or acknowledged or _TOLD_NOT_ASKED & set(acts)) and self._not_a_grievance(sentiment, feeling, req):
            # A capability ask the type read does not speak of (`answer_object`), or, read unsurely, whose verb it
            # never says (`asked_verb`): out of scope, to the fallback queue.
            words = self._type_words.get(ranked[0][0], frozenset())
            oos = answer_object.unspoken_ask(text, words, req)
            oos |= asked_verb.unsaid_ask(text, words, req, conf < self._threshold(ranked[0][0]))
        if oos and kept_in_scope.stays_in_scope(text, scores, req, asking, human):
            oos = human = False  # a reaction to the AI's invitation, or a covered story brushing a people's type
        if not oos and not self._covers_contest and contest.contests(text):
            # A decision or someone's conduct contested (`contest.py`): people's, whatever covered type or failure of
            # the last answer the turn reads as ("not covered" is no failure of it); a human type read first keeps
            # its queue, else the fallback's.
            oos, human = True, ranked[0][0] in self._human
            acts = [act for act in acts if act is not DialogAct.NOT_RESOLVED]
        if not oos and req.pending != "offer" and data_request.asks_for_data(text, self._covers_data):
            oos = True  # a data-protection request (`data_request.py`): the fallback queue's, whatever it reads as
        # Work asked for later in the call (at the opening: `_asks_for_work`), read as vague or a follow-up or not.
        oos |= req.pending in ("answer", "clarify") and self._wants_work(text)
        # Without content words, only a confident encoder reading names an intent: vague turns keep none.
        readable = bool(scores.tokens) or (scores.probs is not None and conf >= _MIN_GUESS)
        intent = ranked[0][0] if readable and ranked[0][1] >= _MIN_GUESS and (human or not oos) else None
        intent = intent if oos else answer_head.chosen(intent, scores.names, scores.choice, self._human)
        if DialogAct.NOT_RESOLVED in acts and req.last_query_type and intent != req.last_query_type and not moved_on:
            # "That didn't work" is about what was just answered (the full turn did not move on):
            # leftovers such as "the wifi is out" must not re-route the call to another query type.
            intent, conf = req.last_query_type, 0.0
        return Understanding(
            intent=intent,
            confidence=0.0 if intent is None or oos else conf,
            candidates=[
                IntentCandidate(name=n, score=round(s, 3), example=self._example(scores, n))
                for n, s in ranked[:_CANDIDATES]
                if s > 0
            ],
            out_of_scope=oos,
            already_tried=already_tried(text) and not came_right(text),  # "done it on the website, gone through"
            words=len(text.split()),
            another_matter=adds_a_matter(text),
            acts=acts,
            sentiment=self._upset_veto.counted(req, upset_blend.Read(sentiment, vader, feeling, p_upset, probs), vec),
            reply=self._reply(intent, conf),
            backend=self.backend,
        )

    def _asks_for_work(self, text: str, req: UnderstandingRequest) -> bool:
        """At the opening, a caller after a job, an apprenticeship or a placement (`work_ask`), on a line whose policy
        does not cover it: out of scope whatever the head reads (the trade named reads as the line's own topic)."""
        return req.pending is None and self._wants_work(text)

    def _wants_work(self, text: str) -> bool:
        """The caller asks the company for work (`work_ask`), and the policy's own phrasings do not ask it."""
        return not self._covers_work and work_ask.asks_for_work(text)

    def _uncovered_service(self, text: str, conf: float, scores: Scores, asr_confidence: float | None) -> bool:
        """Asked whether the company does a thing its policy never names (`service_ask`), and no query type read
        sure enough to answer it: a type that does answer it covers it, whatever its words. Not on a transcript the
        recogniser doubts: its unknown words may be misheard known ones (`calibrate.MIN_ASR_FOR_OOS`)."""
        vocabulary = getattr(self.model, "vocabulary", None)  # a back-end with its own model may not know its words
        return (
            vocabulary is not None
            and (asr_confidence is None or asr_confidence >= calibrate.MIN_ASR_FOR_OOS)
            and conf < self._threshold(scores.ranked()[0][0])
            and service_ask.uncovered_service(text, vocabulary)
        )

    def _human_lead(self, scores: Scores, conf: float, threshold: float, pending: str | None, unanswered: bool) -> bool:
        """Led to a query type people handle (`human_lead.human_lead`), or claimed by one alone (`human_claimed`), or,
        at the opening, that type's matter told at length (`human_story`), or, on a turn `_unanswered` allows, led to
        from a little further off but nearer the policy than anything else (`human_nearer`)."""
        return (
            human_lead.human_lead(scores, self._human, conf, threshold)
            or human_lead.human_claimed(scores, self._human, conf, threshold)
            or (pending is None and human_lead.human_story(scores, self._human, conf, threshold))
            or (unanswered and human_lead.human_nearer(scores, self._human, conf, threshold))
        )

    def _unanswered(self, req: UnderstandingRequest, sentiment: float) -> bool:
        """Where `human_nearer` reads: before any answer (a follow-up on one reads the same way), and past the first
        turn only for a calm one: an upset turn later in the call is the sentiment trigger's grievance."""
        calm = sentiment >= self.policy.defaults.sentiment.threshold
        return req.pending in (None, "clarify") and (req.turn == 1 or calm)

    def _not_a_grievance(self, sentiment: float, feeling: float, req: UnderstandingRequest) -> bool:
        """An upset turn is a grievance ("on hold for ages"), not a topic, but for an opening turn without feeling
        words: a predicament heard as distress ("the roads are icy, are you out gritting") can be uncovered."""
        threshold = self.policy.defaults.sentiment.threshold
        opening = req.pending is None and feeling >= threshold and not vents_first(req.text)  # `told_upset`
        return sentiment >= threshold or opening

    def _score(self, rest: str, text: str, stripped: set[DialogAct]) -> Scores:
        """The reading of `rest` (the acts' words cut). When only pleasantries were cut, the encoder reads the whole
        turn (its head has a small-talk class; its embedding is already computed for the learned acts): one encoder
        pass instead of two (issue 15 item 6). TF-IDF still reads `rest`."""
        if self.semantic and stripped and stripped <= _PLEASANTRIES:
            return self.model.score(rest, heard=text)
        return self.model.score(rest)

    def _example(self, scores: Scores, query_type: str) -> str | None:
        example = getattr(self.model, "example", None)  # a back-end with its own model may not know
        return example(scores, query_type) if example is not None else None

    # Calibration hooks: a back-end with another similarity scale (embeddings) overrides these two.
    def _confidence(self, scores: Scores) -> float:
        return head_confidence(scores)

    def _out_of_scope(
        self, scores: Scores, asr_confidence: float | None, asks: bool = True, opening: bool = False
    ) -> bool:
        return out_of_scope(scores, asr_confidence, asks, opening)

    def _near_something(self, scores: Scores) -> bool:
        """Some example is at least distantly near in meaning (`calibrate.OOS_FAR`).

        After a clarifying question the caller is telling us more about the problem they rang about: a reply
        the policy's examples only half match is still unclear (low_confidence after the clarifying
        questions), not a new topic; only one near nothing at all is out of scope.
        """
        return scores.probs is not None and scores.nearest >= calibrate.OOS_FAR

    def _threshold(self, query_type: str | None) -> float:
        return self.policy.low_confidence_rule(query_type).threshold

    def _reply(self, intent: str | None, conf: float) -> str | None:
        qt = self.policy.query_type(intent)
        if qt is None or qt.handling != "ai" or conf < self._threshold(intent):
            return None
        return qt.answer
