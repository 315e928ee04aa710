"""What the embedded back-end fits once per policy and shares between understanders: the intent model, the policy's
act-like query types, and the VADER scorer.

A worker builds an understander for every call, and the evaluation, what-if and the tests build many for the same
policy; fitting the intent model (TF-IDF over the examples, the head over their embeddings) takes seconds, so each is
fitted once per policy version (and back-end view, encoder and background weight) and kept for the process.
Keeping them is one job, reading a turn (`embedded.py`) another.
"""

from __future__ import annotations

from pathlib import Path

from activities.understanding import classifier
from activities.understanding.act_like import act_like_query_types
from activities.understanding.classifier import IntentModel
from activities.understanding.encoder import shared_encoder
from activities.understanding.sentiment import SentimentScorer
from warmline.policy import Policy

_models: dict[str, IntentModel] = {}
_act_like: dict[str, frozenset[str]] = {}
_sentiment: SentimentScorer | None = None


def policy_key(policy: Policy) -> str:
    """The policy's version, or a hash of its examples when it has none."""
    examples = tuple((qt.name, *qt.examples) for qt in policy.query_types)
    return policy.version or str(hash((examples, tuple(policy.out_of_scope_examples))))


def sentiment() -> SentimentScorer:
    """The process's VADER scorer."""
    global _sentiment
    if _sentiment is None:
        _sentiment = SentimentScorer()
    return _sentiment


def intent_model(policy: Policy, semantic: bool, encoder_dir: Path | None) -> IntentModel:
    """The policy's intent model; `semantic=False`: the lexical view only, `encoder_dir`: an adapted encoder."""
    # The head's background weight is part of the key: eval/lines.py tunes it.
    key = f"{policy_key(policy)}:{semantic}:{encoder_dir}:{classifier.BACKGROUND_WEIGHT}"
    if key not in _models:
        encoder = shared_encoder(encoder_dir) if semantic else None
        feelings = sentiment()
        _models[key] = IntentModel(policy, feelings.is_emotive, semantic, encoder, feelings.is_feeling)
    return _models[key]


def act_like(policy: Policy) -> frozenset[str]:
    """The policy's query types made of dialog acts ("thanks", "bye": `act_like.act_like_query_types`)."""
    key = policy_key(policy)
    if key not in _act_like:
        _act_like[key] = act_like_query_types(policy)
    return _act_like[key]
