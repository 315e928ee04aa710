"""Regenerate `sources/*.jsonl` from public corpora fetched as git directories.

Why: the committed extracts are small and reviewable, but they must be reproducible from the
upstream corpora, so this script is the only way they are written. Every choice (which upstream
acts map to which of our acts, which turns are skipped, how many rows are kept) lives here, and
sampling is seeded so the same inputs always give the same bytes.

    python -m activities.understanding.acts_data.extract \
        --sgd /work/.mirror/google-research-datasets+dstc8-schema-guided-dialogue/repo \
        --hwu /work/.mirror/xliuhw+NLU-Evaluation-Data/repo \
        --clinc /work/shared/data/clinc150/data_full.json
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from activities.understanding.acts_data import SOURCES_DIR

SEED = 20240611
ACT_CAP = 1000  # rows per act per source: SGD alone would otherwise swamp our own writing
NONE_CAP = 1200  # no-act rows per source

Row = dict[str, object]

# Schema-Guided Dialogue: user acts that are ours, user acts that carry no act of ours, and the
# system acts that say what the AI did just before (a yes/no question wins over an answer).
SGD_USER_ACTS = {
    "AFFIRM": "affirm",
    "AFFIRM_INTENT": "affirm",
    "NEGATE": "deny",
    "NEGATE_INTENT": "deny",
    "THANK_YOU": "thanks",
    "GOODBYE": "goodbye",
}
# The first 36 train shards (~4,500 dialogues, every service domain) are far more than the caps keep, and a
# fixed list gives the same rows from any clone, including partial mirrors that lack some later shards.
SGD_FILES = [f"train/dialogues_{i:03d}.json" for i in range(1, 37)]
SGD_NEUTRAL = {"INFORM", "INFORM_INTENT", "REQUEST"}
SGD_CONTEXT_ORDER = [
    ({"OFFER", "CONFIRM", "OFFER_INTENT", "REQ_MORE"}, "offer"),
    ({"REQUEST"}, "clarify"),
    ({"INFORM", "INFORM_COUNT", "NOTIFY_SUCCESS", "NOTIFY_FAILURE"}, "answer"),
]

# A no-act row from a corpus must not open with, or contain, one of our acts that the corpus did
# not annotate ("No, I want to leave on the 5th" as a plain INFORM); such rows are dropped, not relabelled.
_UNLABELLED_ACT = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|no|nope|nah|sure|ok|okay|alright|right|great|perfect|hi|hello|hey)\b"
    r"|\b(?:thanks|thank you|thankyou|cheers|bye|goodbye|appreciate)\b"
    r"|\b(?:human|real person|agent|representative|operator|supervisor|manager)\b",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\b(?:thanks?|thank you|thankyou|thx|cheers|appreciated?|much obliged|grateful)\b", re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"\b(?:bye|goodbye|good bye|that'?s all(?! right)|that is all(?! right)"
    r"|that (?:will|would|'ll|'d) be all|(?:do not|don't|won't|will not) need anything (?:else|more)"
    r"|that'?s it\W*(?:thanks|thank you)|that'?s it for (?:now|today)"
    r"|all i (?:need|needed|wanted)|nothing else|that'?s everything|i'?m all set|good to go"
    r"|have a (?:good|nice|great|lovely) (?:day|one|night|evening|weekend))\b",
    re.IGNORECASE,
)
# SGD marks acts by dialogue state, not wording: "Any restrictions on the apartment" is an implicit AFFIRM and
# "Actually, at 6:30" a NEGATE. Our classifier hears words, so a label needs a word that carries it.
_AFFIRM_WORD = re.compile(
    r"\b(?:yes|yeah|yep|yup|yea|sure|correct|right|ok|okay|sounds?|perfect|great|please|fine|good|absolutely"
    r"|definitely|exactly|go ahead|do it|works|excellent|awesome|wonderful|love)\b",
    re.IGNORECASE,
)
_DENY_WORD = re.compile(r"\b(?:no|nope|nah|not|never|nothing|rather|neither|nor)\b|n't\b", re.IGNORECASE)
_NEEDS_WORD = {"affirm": _AFFIRM_WORD, "deny": _DENY_WORD, "thanks": _THANKS, "goodbye": _SIGN_OFF}


def _worded(acts: set[str], text: str, require: bool = True) -> set[str]:
    """Keep an upstream act only if a word carries it (when `require`); add thanks/goodbye left implicit.

    CLINC's intents are phrasing-level labels ("catch you later" is goodbye), so there `require` is off and
    only the implicit acts are added.
    """
    kept = {a for a in acts if not require or a not in _NEEDS_WORD or _NEEDS_WORD[a].search(text)}
    if not kept:
        return kept  # every label rested on dialogue state: the caller drops the row, never relabels it
    if _THANKS.search(text):
        kept.add("thanks")
    if _SIGN_OFF.search(text):
        kept.add("goodbye")
    return kept


def _norm(text: str) -> str:
    """One space between words, no surrounding space: the key every later step relies on."""
    return " ".join(text.split())


def _git_show(gitdir: Path, path: str) -> bytes:
    """One file of a bare mirror at HEAD (the mirrors have no work tree)."""
    return subprocess.run(
        ["git", "--git-dir", str(gitdir), "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def _git_ls(gitdir: Path, under: str) -> list[str]:
    """Paths under a folder at HEAD, sorted so reading order never depends on git's output order."""
    out = subprocess.run(
        ["git", "--git-dir", str(gitdir), "ls-tree", "-r", "--name-only", "HEAD", under],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(p for p in out.splitlines() if p)


def _row(text: str, acts: Iterable[str], context: str, source: str) -> Row:
    return {"text": _norm(text), "acts": sorted(set(acts)), "context": context, "source": source}


def _dedupe(rows: Iterable[Row]) -> list[Row]:
    """First row per (lower-cased text, context); rows whose labels disagree on that key are all dropped."""
    seen: dict[tuple[str, str], Row] = {}
    bad: set[tuple[str, str]] = set()
    for r in rows:
        if not r["text"]:
            continue
        key = (str(r["text"]).lower(), str(r["context"]))
        if key in seen and seen[key]["acts"] != r["acts"]:
            bad.add(key)
        seen.setdefault(key, r)
    return [r for k, r in seen.items() if k not in bad]


def _cap(rows: list[Row], act_cap: int = ACT_CAP, none_cap: int = NONE_CAP) -> list[Row]:
    """A seeded sample keeping at most `act_cap` rows per act and `none_cap` rows without acts."""
    rows = sorted(rows, key=lambda r: (str(r["text"]).lower(), str(r["context"])))
    random.Random(SEED).shuffle(rows)
    counts: Counter[str] = Counter()
    kept: list[Row] = []
    for r in rows:
        acts = [str(a) for a in r["acts"]]  # type: ignore[attr-defined]
        if not acts:
            if counts[""] >= none_cap:
                continue
            counts[""] += 1
        elif any(counts[a] >= act_cap for a in acts):
            continue
        else:
            counts.update(acts)
        kept.append(r)
    return sorted(kept, key=lambda r: (",".join(r["acts"]), str(r["context"]), str(r["text"]).lower()))  # type: ignore[arg-type]


def _sgd_context(system_acts: set[str]) -> str:
    for names, context in SGD_CONTEXT_ORDER:
        if system_acts & names:
            return context
    return "none"


def sgd_rows(gitdir: Path) -> Iterator[Row]:
    """User turns of the SGD train split, labelled by their annotated acts, in the system turn's context."""
    for path in SGD_FILES:
        for dialogue in json.loads(_git_show(gitdir, path)):
            context = "none"
            for turn in dialogue["turns"]:
                names = {a["act"] for f in turn["frames"] for a in f["actions"]}
                if turn["speaker"] == "SYSTEM":
                    context = _sgd_context(names)
                    continue
                ours = {SGD_USER_ACTS[n] for n in names if n in SGD_USER_ACTS}
                if names - set(SGD_USER_ACTS) - SGD_NEUTRAL:
                    pass  # SELECT / REQUEST_ALTS carry moves we have no label for: skip the turn
                elif ours:
                    worded = _worded(ours, turn["utterance"])
                    if worded:
                        yield _row(turn["utterance"], worded, context, "sgd")
                elif not _UNLABELLED_ACT.search(turn["utterance"]):
                    yield _row(turn["utterance"], [], context, "sgd")
                context = "none"


HWU_ROOT = "CrossValidation/autoGeneFromRealAnno/autoGene_2018_03_22-13_01_25_169/CrossValidation"
HWU_SKIP = {"general_dontcare", "general_commandstop", "general_confirm", "general_repeat", "general_explain"}
_OLLY = re.compile(r"(?:,\s*)?\bolly\b\s*,?\s*", re.IGNORECASE)
_HWU_ODD = re.compile(r"\b(?:command|instructions?|response)\b", re.IGNORECASE)


def hwu_rows(gitdir: Path) -> Iterator[Row]:
    """HWU64 utterances (the union of the ten cross-validation test folds is the whole annotated set).

    general_negate is the user telling the assistant its answer was wrong, so it is our not_resolved (in
    context `answer`), not a deny; general_affirm is agreement ("yeah that's right"); general_praise only
    counts as thanks when it thanks. Other intents are task requests: no act. The wake word "olly" is cut.
    """
    seen_ids: set[str] = set()
    for path in _git_ls(gitdir, HWU_ROOT):
        if "/testset/csv/" not in path or not path.endswith(".csv"):
            continue
        for rec in csv.DictReader(io.StringIO(_git_show(gitdir, path).decode("utf-8")), delimiter=";"):
            intent = f"{rec['scenario']}_{rec['intent']}"
            if rec["answerid"] in seen_ids or intent in HWU_SKIP:
                continue
            seen_ids.add(rec["answerid"])
            text = _norm(_OLLY.sub(" ", rec["answer_from_user"] or "")).strip(" ,")
            if not text or text in {".", ","}:
                continue
            if intent == "general_negate":
                yield _row(text, ["not_resolved", *(["thanks"] if _THANKS.search(text) else [])], "answer", "hwu64")
            elif intent == "general_affirm":
                if not _HWU_ODD.search(text) and _AFFIRM_WORD.search(text):
                    yield _row(text, ["affirm"], "answer", "hwu64")
            elif intent == "general_praise":
                if _THANKS.search(text):
                    yield _row(text, ["thanks"], "answer", "hwu64")
            elif not intent.startswith("general_") and not _UNLABELLED_ACT.search(text):
                yield _row(text, [], "none", "hwu64")


CLINC_ACTS = {"yes": "affirm", "no": "deny", "thank_you": "thanks", "goodbye": "goodbye", "greeting": "greeting"}
CLINC_CONTEXT = {"yes": "offer", "no": "offer"}
CLINC_SKIP = {"maybe", "are_you_a_bot", "cancel", "repeat", "whisper_mode", "user_name", "what_is_your_name"}
CLINC_PER_INTENT = 9  # no-act phrasings per other intent: ~1,300 rows over 140-odd intents


def clinc_rows(path: Path) -> Iterator[Row]:
    """CLINC150's `train` split only: val/test/oos are evaluation data and are never read."""
    train = json.loads(path.read_text(encoding="utf-8"))["train"]
    by_intent: dict[str, list[str]] = {}
    for text, intent in train:
        by_intent.setdefault(intent, []).append(text)
    rng = random.Random(SEED)
    for intent in sorted(by_intent):
        texts = sorted(set(by_intent[intent]))
        if intent in CLINC_ACTS:
            for t in texts:
                acts = (
                    _worded({CLINC_ACTS[intent]}, t, require=False)
                    if intent in ("thank_you", "goodbye")
                    else {CLINC_ACTS[intent]}
                )
                if acts:
                    yield _row(t, acts, CLINC_CONTEXT.get(intent, "none"), "clinc150")
        elif intent not in CLINC_SKIP:
            clean = [t for t in texts if not _UNLABELLED_ACT.search(t)]
            for t in rng.sample(clean, min(CLINC_PER_INTENT, len(clean))):
                yield _row(t, [], "none", "clinc150")


def write_jsonl(rows: list[Row], path: Path) -> None:
    """One JSON object a line, keys in a fixed order, UTF-8, trailing newline: stable bytes for git."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sgd", type=Path, help="git dir of google-research-datasets/dstc8-schema-guided-dialogue")
    ap.add_argument("--hwu", type=Path, help="git dir of xliuhw/NLU-Evaluation-Data")
    ap.add_argument("--clinc", type=Path, help="CLINC150 data_full.json (only its train split is read)")
    ap.add_argument("--out", type=Path, default=SOURCES_DIR)
    args = ap.parse_args(argv)
    jobs: list[tuple[str, Iterable[Row]]] = []
    if args.sgd:
        jobs.append(("sgd", sgd_rows(args.sgd)))
    if args.hwu:
        jobs.append(("hwu64", hwu_rows(args.hwu)))
    if args.clinc:
        jobs.append(("clinc150", clinc_rows(args.clinc)))
    if not jobs:
        ap.error("give at least one of --sgd, --hwu, --clinc")
    for name, rows in jobs:
        kept = _cap(_dedupe(rows))
        write_jsonl(kept, args.out / f"{name}.jsonl")
        counts = Counter(a for r in kept for a in (r["acts"] or ["(none)"]))  # type: ignore[attr-defined]
        print(f"{name}: {len(kept)} rows {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
