"""Text normalisation shared by the intent classifier and the dialog-act rules.

Callers paraphrase: "quicker broadband package" must meet the example "faster
package", "intenet" must meet "internet". Both the policy's examples and each
utterance go through the same steps (lower-case, contractions, phrase and word
synonyms, light suffix stemming) so the classifier compares like with like.
The lexicons live in `lexicon.py`; this module only applies them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from activities.understanding.lexicon import CONTRACTIONS, PHRASES, STOPWORDS, SYNONYMS, VAGUE, VAGUE_PHRASES

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_CONTRACTION_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in CONTRACTIONS) + r")\b")
_NT_RE = re.compile(r"(\w)n't\b")
_SUFFIX_RE = [
    (re.compile(p), r)
    for p, r in ((r"'re\b", " are"), (r"'ve\b", " have"), (r"'ll\b", " will"), (r"'d\b", " would"), (r"'m\b", " am"))
]
_PUNCT_RE = re.compile(r"[,.!?;:]+")
_JUNK_RE = re.compile(r"[^a-z0-9 ,']+")
_PHRASE_RE = [(re.compile(r"\b" + p + r"\b"), r) for p, r in PHRASES]
# Any of them anywhere: a turn none of them matches is left as it is without trying each one.
_ANY_PHRASE_RE = re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in _PHRASE_RE))
_VAGUE_PHRASE_RE = re.compile(r"\b(" + "|".join(VAGUE_PHRASES) + r")\b")
_SUFFIXES = ("ingly", "ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s")


# What redaction put in place of a card number or a policy's pattern (warmline/redact.py): it says nothing about
# what the caller wants, and "redacted" read as a word pulled "my card is [redacted:card]" towards fraud.
_REDACTED_RE = re.compile(r"\[redacted:[\w-]+\]", re.IGNORECASE)


@lru_cache(maxsize=4096)  # a turn cleans the same words several times (its acts, its reading, its embedding)
def clean(text: str) -> str:
    """Lower-case, expand contractions, keep commas as the only punctuation (for "no, ..." vs "no internet");
    redaction tokens dropped."""
    t = (_REDACTED_RE.sub(" ", text) if "[" in text else text).lower().translate(_APOSTROPHES)
    t = _CONTRACTION_RE.sub(lambda m: CONTRACTIONS[m.group(1)], t)
    if "'" in t:  # each of these needs one
        t = _NT_RE.sub(r"\1 not", t)
        for rx, rep in _SUFFIX_RE:
            t = rx.sub(rep, t)
    t = t.replace("'s", " is").replace("-", " ")
    t = _PUNCT_RE.sub(" , ", t)
    t = _JUNK_RE.sub(" ", t).replace("'", "")
    return " ".join(t.split())


def stem(word: str) -> str:
    """A deliberately light stemmer: plural, -ing, -ed, -ly; enough for "charged" ~ "charge", "drops" ~ "dropping"."""
    if len(word) <= 3 or word.endswith(("ss", "eed", "us", "is")):
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)] + ("y" if suf == "ies" else "")
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # cutting -> cutt -> cut
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # charge / charged -> charg
    return word


_SYN = {**{stem(k): v for k, v in SYNONYMS.items()}, **SYNONYMS}


def canonical(word: str) -> str:
    """A word's synonym-group head, stemmed."""
    return stem(_SYN.get(word) or _SYN.get(stem(word)) or word)


def content_pairs(text: str) -> list[tuple[str, str]]:
    """(surface word, canonical token) for words that carry meaning: no stopwords, fillers or vague words."""
    return list(_content_pairs(text))


@lru_cache(maxsize=4096)  # the same text is read for its words by several rules of one turn
def _content_pairs(text: str) -> tuple[tuple[str, str], ...]:
    t = clean(text).replace(",", " ")
    t = _VAGUE_PHRASE_RE.sub(" ", t)
    for rx, rep in _PHRASE_RE if _ANY_PHRASE_RE.search(t) else ():
        t = rx.sub(rep, t)
    out: list[tuple[str, str]] = []
    for w in t.split():
        if w in STOPWORDS or w in VAGUE or w.isdigit():
            continue
        c = canonical(w)
        if c not in STOPWORDS and c not in VAGUE:
            out.append((w, c))
    return tuple(out)


def says_vaguely(cleaned: str) -> bool:
    """A vague word or phrase in a cleaned turn ("stuff", "the usual"): the words `content_pairs` drops as saying
    nothing specific."""
    return bool(set(cleaned.split()) & VAGUE) or _VAGUE_PHRASE_RE.search(cleaned) is not None


def content_tokens(text: str) -> list[str]:
    """Canonical content tokens: what the vectorisers see, for examples and utterances alike."""
    return [c for _, c in content_pairs(text)]


def content_text(text: str) -> str:
    return " ".join(content_tokens(text))
