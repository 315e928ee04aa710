"""Rebuild `phrases.jsonl` from the public corpora it was taken from (seeded, byte-for-byte reproducible).

    python -m activities.understanding.background.extract --hwu GITDIR --clinc data_full.json

`--hwu`: a git directory of xliuhw/NLU-Evaluation-Data (HWU64, CC BY 4.0); its cross-validation fold 1
test files, per intent, give everyday assistant requests (alarms, music, recipes, weather, transport,
takeaways...). The `general_*` intents (yes, no, jokes, "repeat that") are conversation, not topics, and
are left out. `--clinc`: CLINC150's `data_full.json` (CC BY 3.0); only its `oos_train` split is used (the
val and test splits stay evaluation data).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

from activities.understanding.background import CHATTER, CHATTER_OWN, PHRASES

SEED = 20261202
PER_INTENT = 24  # HWU64 phrasings kept per intent: ~1,300 in all, enough to cover each everyday topic
_FOLD = (
    "CrossValidation/autoGeneFromRealAnno/autoGene_2018_03_22-13_01_25_169/CrossValidation/KFold_1/testset/annotated/"
)


def _git(gitdir: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True, capture_output=True, text=True).stdout


def hwu_rows(gitdir: Path) -> list[dict[str, str]]:
    """Per HWU64 intent (but the conversational `general_*`), up to PER_INTENT phrasings, seeded."""
    rng = random.Random(SEED)
    files = sorted(
        p for p in _git(gitdir, "ls-tree", "-r", "--name-only", "HEAD", _FOLD).split() if p.endswith(".json")
    )
    rows: list[dict[str, str]] = []
    for path in files:
        intent = path.split("/")[-2]
        if intent.startswith("general_"):
            continue
        data = json.loads(_git(gitdir, "show", f"HEAD:{path}"))
        texts = sorted({" ".join(a["text"].split()) for a in data["test_data_annotation"] if a["text"].strip()})
        rng.shuffle(texts)
        rows += [{"text": t, "source": "hwu64", "intent": intent} for t in sorted(texts[:PER_INTENT])]
    return rows


def clinc_rows(path: Path) -> list[dict[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [{"text": " ".join(t.split()), "source": "clinc150", "intent": "oos"} for t, _ in data["oos_train"]]


# CLINC150 `train` intents that are small talk with the assistant: with our own writing (`chatter_own.txt`)
# they are the "chatter" class, neither a topic nor out of scope.
CLINC_CHATTER = (
    "are_you_a_bot", "how_old_are_you", "what_is_your_name", "what_are_your_hobbies", "where_are_you_from",
    "do_you_have_pets", "who_made_you", "meaning_of_life", "tell_joke", "fun_fact", "who_do_you_work_for",
)  # fmt: skip
CLINC_CHATTER_PER_INTENT = 10


def chatter_rows(clinc: Path, own: Path) -> list[dict[str, str]]:
    rng = random.Random(SEED)
    data = json.loads(clinc.read_text(encoding="utf-8"))
    rows = []
    for intent in CLINC_CHATTER:
        texts = sorted({" ".join(t.split()) for t, label in data["train"] if label == intent})
        rng.shuffle(texts)
        rows += [{"text": t, "source": "clinc150", "intent": intent} for t in sorted(texts[:CLINC_CHATTER_PER_INTENT])]
    for line in own.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append({"text": line.strip(), "source": "warmline", "intent": "chatter"})
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    seen: set[str] = set()
    lines = []
    for r in rows:
        key = r["text"].lower()
        if key not in seen:
            seen.add(key)
            lines.append(json.dumps(r, ensure_ascii=False, sort_keys=True))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} phrasings to {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--hwu", type=Path, required=True, help="git directory of xliuhw/NLU-Evaluation-Data")
    p.add_argument("--clinc", type=Path, required=True, help="CLINC150 data_full.json")
    p.add_argument("--out", type=Path, default=PHRASES)
    a = p.parse_args(argv)
    _write(a.out, hwu_rows(a.hwu) + clinc_rows(a.clinc))
    _write(CHATTER, chatter_rows(a.clinc, CHATTER_OWN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
