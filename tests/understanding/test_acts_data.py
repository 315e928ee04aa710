"""The dialog-act phrasing set: reproducible, licensed, labelled from the allowed sets, big enough per act."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from activities.understanding.acts_data import ACTS, ACTS_PATH, CONTEXTS, SOURCES_DIR, SPLITS, load_acts
from activities.understanding.acts_data.build import main as build_main

CLINC = Path("/work/shared/data/clinc150/data_full.json")


def test_build_is_reproducible_and_matches_the_committed_file(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert build_main(["--out", str(a)]) == 0
    assert build_main(["--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == ACTS_PATH.read_bytes(), "acts.jsonl is stale: run python -m ...acts_data.build"
    assert build_main(["--check"]) == 0


def test_check_fails_on_a_drifted_file(tmp_path):
    stale = tmp_path / "acts.jsonl"
    stale.write_bytes(ACTS_PATH.read_bytes() + b"\n")
    assert build_main(["--out", str(stale), "--check"]) == 1


def test_every_source_is_licensed():
    licences = (SOURCES_DIR / "LICENSES.md").read_text(encoding="utf-8")
    rows = {r["source"] for r in map(json.loads, ACTS_PATH.read_text(encoding="utf-8").splitlines())}
    for source in rows:
        line = next((ln for ln in licences.splitlines() if ln.startswith(f"| `{source}` |")), None)
        assert line is not None, f"{source} is not listed in LICENSES.md"
        assert re.search(r"CC BY|licence", line.split("|")[3]), f"{source} has no licence in LICENSES.md"


def test_labels_are_from_the_allowed_sets():
    rows = load_acts()
    assert 4000 <= len(rows) <= 9000
    for r in rows:
        assert set(r.acts) <= set(ACTS), r
        assert list(r.acts) == sorted(set(r.acts)), r
        assert r.context in CONTEXTS, r
        assert r.split in SPLITS, r
        assert r.text and r.text == " ".join(r.text.split()), r
    keys = Counter((r.text.lower(), r.context) for r in rows)
    assert max(keys.values()) == 1


def test_every_act_has_enough_train_rows_and_no_act_rows_are_a_large_share():
    train = load_acts("train")
    counts = Counter(a for r in train for a in r.acts)
    for act in ACTS:
        assert counts[act] >= 100, (act, counts[act])
    everything = load_acts()
    share = sum(1 for r in everything if not r.acts) / len(everything)
    assert 0.40 <= share <= 0.50
    dev = load_acts("dev")
    assert 0.07 <= len(dev) / len(everything) <= 0.13
    assert {r.text.lower() for r in dev}.isdisjoint({r.text.lower() for r in train})


def test_load_acts_rejects_an_unknown_split():
    with pytest.raises(ValueError):
        load_acts("test")


@pytest.mark.skipif(not CLINC.exists(), reason="CLINC150 not on disk")
def test_clinc_rows_come_only_from_its_train_split():
    data = json.loads(CLINC.read_text(encoding="utf-8"))
    train = {" ".join(t.split()).lower() for t, _ in data["train"]}
    rows = load_acts()
    clinc = [r for r in rows if r.source == "clinc150"]
    assert clinc
    assert all(r.text.lower() in train for r in clinc)
    held_out = [
        " ".join(t.split()).lower() for key in ("val", "test", "oos_val", "oos_test", "oos_train") for t, _ in data[key]
    ]
    unseen = [t for t in held_out if t not in train]
    texts = {r.text.lower() for r in rows}
    for key in ("val", "test"):
        for t, _ in data[key][:5]:
            assert " ".join(t.split()).lower() not in {r.text.lower() for r in clinc}
    # Stock phrasings ("hiya", "thanks for your help") are written independently by anyone; longer ones are not.
    leaked = [t for t in unseen if t in texts and len(t.split()) > 4]
    assert not leaked, leaked[:10]
