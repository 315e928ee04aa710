"""The evaluation command runs end to end on a tiny slice (the real figures: `python -m eval`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from eval import __main__ as cli
from eval import backends, calls, clinc, lines


# Two CLINC slices, the labelled calls and two lines (every line runs in the test below, on a sample).
@pytest.mark.timeout(600)
async def test_eval_prints_every_table_on_a_slice(capsys: pytest.CaptureFixture[str]) -> None:
    if not clinc.DATA.exists():
        pytest.skip("CLINC150 is not beside the project (../shared/data/clinc150)")
    # --max-train: the "full" setting fits on 5 phrasings per intent, so the slice embeds ~1k texts, not 15k.
    argv = ["--backend", "embedded", "--limit", "60", "--shots", "3", "--max-train", "5"]
    assert await cli.main([*argv, "--line", "skylark_air,marlowe_print"]) == 0
    out = capsys.readouterr().out
    assert "## CLINC150 test (slice: --limit 60 --max-train 5)" in out
    assert "| embedded | full" in out and "| embedded | 3-shot" in out
    assert "## Labelled calls (embedded)" in out and "**all**" in out
    assert "## Sentiment (embedded)" in out


def test_the_labelled_set_is_big_and_covers_every_trigger() -> None:
    sets = calls.load_sets()
    all_calls = [c for s in sets for c in s.calls]
    assert len(all_calls) >= 80 and {s.policy for s in sets} == {"brightwave", "riverside_dental"}
    triggers = {c.expect.trigger for c in all_calls}
    assert triggers == {"none", "customer_request", "out_of_scope", "failed_resolution", "sentiment", "low_confidence"}
    assert len({c.id for c in all_calls}) == len(all_calls)
    for c in all_calls:
        if c.expect.trigger != calls.NONE:
            assert c.expect.turn is not None and 1 <= c.expect.turn <= len(c.turns) and c.expect.queue


# Every fourth call of each line: every line's policy is built and read, at a quarter of the full run's turns.
SAMPLE_STRIDE = 4


@pytest.mark.timeout(600)
async def test_every_line_runs_and_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The lines evaluation at a small size (the shipped settings, no grid, a fixed sample of every line's
    calls): the table prints, the figures stay at least where they were measured when the learned acts landed
    (docs/understanding.md). The full run is `python -m eval --part lines`."""
    all_lines = lines.load_lines()
    assert {ln.name for ln in all_lines} >= {"brightwave", "riverside_dental", "skylark_air", "swiftpost_parcels"}
    sampled = [lines.Line(ln.name, ln.policy, ln.calls[::SAMPLE_STRIDE]) for ln in all_lines]
    by_line = {ln.name: await lines.run_line(backends.build("embedded", ln.policy), ln) for ln in sampled}
    everything = [o for outcomes in by_line.values() for o in outcomes]
    print(lines.summary_table([lines.summary_row(n, o) for n, o in by_line.items()]))
    print(lines.trigger_table(everything))
    assert "right in full" in capsys.readouterr().out
    assert sum(map(lines.right_action, everything)) / len(everything) >= 0.75
    assert sum(map(lines.right_in_full, everything)) / len(everything) >= 0.66
    dev = [o for n in ("brightwave", "riverside_dental") for o in by_line[n]]
    assert sum(map(lines.right_action, dev)) / len(dev) >= 0.9


def test_a_run_on_named_lines_reads_no_other_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--line a,b` parses a and b only: the others cost seconds each to read, and held-out lines stay unopened."""
    shutil.copytree(lines.LINES / "bramble_bikes", tmp_path / "bramble_bikes")
    (tmp_path / "unreadable").mkdir()
    (tmp_path / "unreadable" / "calls.yaml").write_text("calls: [not a call\n")
    monkeypatch.setattr(lines, "LINES", tmp_path)
    assert [ln.name for ln in lines.load_lines(["bramble_bikes"])] == ["bramble_bikes"]
    assert [ln.name for ln in lines.load_lines(["brightwave"])] == ["brightwave"]
    with pytest.raises(yaml.YAMLError):
        lines.load_lines()


def test_the_labelled_files_read_the_same_with_either_yaml_loader() -> None:
    path = lines.LINES / "bramble_bikes" / "calls.yaml"
    assert calls.read_yaml(path) == yaml.safe_load(path.read_text())


def test_right_action_and_right_in_full_follow_the_labels() -> None:
    call = calls.Call(
        id="x",
        turns=["a", "b"],
        expect=calls.Expect(trigger="customer_request", turn=2, queue="q", confirmation_seeking=True),
    )
    on_time = calls.Outcome(call, "customer_request", 2, "q", True, ["answer", "escalate"])
    wrong_flag = calls.Outcome(call, "customer_request", 2, "q", False, ["answer", "escalate"])
    early = calls.Outcome(call, "out_of_scope", 1, "q", False, ["escalate"])
    assert lines.right_in_full(on_time) and lines.right_action(wrong_flag) and not lines.right_in_full(wrong_flag)
    assert not lines.right_action(early)
    contained = calls.Call(id="y", turns=["a", "b", "c"])
    ended_early = calls.Outcome(contained, kinds=["answer", "goodbye"])
    assert not lines.right_action(ended_early) and lines.right_action(calls.Outcome(contained, kinds=["answer"] * 3))


def test_leave_one_line_out_never_chooses_on_the_line_it_scores() -> None:
    # Setting 0 wins on line "a" by a lot, setting 1 on "b" and "c": held out, "a" gets what "b" and "c" prefer.
    scores = {(0, "a"): 10, (0, "b"): 1, (0, "c"): 1, (1, "a"): 0, (1, "b"): 5, (1, "c"): 5}
    assert lines.best_setting(scores, 2, ["a", "b", "c"], "a") == 1
    assert lines.best_setting(scores, 2, ["a", "b", "c"], "b") == 0
    only_a = {(0, "a"): 0, (0, "b"): 3, (1, "a"): 9, (1, "b"): 2}
    assert lines.best_setting(only_a, 2, ["a", "b"], "b") == 1 and lines.best_setting(only_a, 2, ["a", "b"], "a") == 0
    assert len(lines.grid()) == len({tuple(sorted(s.items())) for s in lines.grid()}) > 1


def test_tuning_picks_the_threshold_that_balances_accuracy_and_oos_recall() -> None:
    preds = [
        clinc.Prediction("a", "a", 0.9, False),
        clinc.Prediction("b", "b", 0.4, False),
        clinc.Prediction(clinc.OOS, "a", 0.3, False),
        clinc.Prediction(clinc.OOS, None, 0.0, True),
    ]
    assert clinc.tune(preds) == 0.35
    s = clinc.score(preds, 0.35)
    assert (s.in_scope_accuracy, s.oos_recall) == (1.0, 1.0)


def test_the_recall_floor_picks_the_most_accurate_threshold_that_keeps_oos_recall() -> None:
    preds = [
        clinc.Prediction("a", "a", 0.9, False),
        clinc.Prediction("b", "b", 0.6, False),
        clinc.Prediction("c", "c", 0.3, False),
        *[clinc.Prediction(clinc.OOS, "a", c, False) for c in (0.1, 0.2, 0.25, 0.5, 0.7)],
    ]
    # OOS recall reaches 80 % (4 of 5) from τ = 0.55; in-scope accuracy is best there among those: 2/3.
    assert clinc.tune_for_recall(preds, 0.8) == 0.6
    assert clinc.tune_for_recall(preds, 1.0) == 0.9  # all OOS rejected from 0.75; ties go to the higher τ
    never = [*preds, clinc.Prediction(clinc.OOS, "a", 0.99, False)]  # no τ on the grid rejects this one
    assert clinc.tune_for_recall(never, 1.0) == 0.75  # so the best recall reachable (5/6), lowest such τ


def test_the_wilson_bound_is_what_a_measured_recall_guarantees() -> None:
    assert clinc.wilson_lower(89, 100) == pytest.approx(0.828, abs=1e-3)
    assert clinc.wilson_lower(85, 100) == pytest.approx(0.782, abs=1e-3)
    assert clinc.wilson_lower(100, 100) < 1.0 and clinc.wilson_lower(0, 0) == 0.0
    assert clinc.wilson_lower(850, 1000) > clinc.wilson_lower(85, 100)  # more phrasings, a tighter bound


def test_the_bounded_floor_wants_recall_that_clears_80_percent_with_room() -> None:
    # In-scope phrasings right at confidences 0.00 .. 0.95 (accuracy falls as τ rises); 100 out-of-scope
    # ones at 0.00 .. 0.99, so rejecting below τ gives OOS recall τ.
    preds = [clinc.Prediction("a", "a", i / 20, False) for i in range(20)]
    preds += [clinc.Prediction(clinc.OOS, "a", i / 100, False) for i in range(100)]
    # The point rule takes the first τ with 80 % recall; its bound is 74 %. The bounded rule waits for 90 %
    # (85 of 100 bounds to 78 %, 90 to 83 %).
    assert clinc.tune_for_recall(preds, 0.8) == 0.8
    assert clinc.tune_for_recall(preds, 0.8, bound=True) == 0.9
    assert clinc.wilson_lower(85, 100) < 0.8 <= clinc.wilson_lower(90, 100)
