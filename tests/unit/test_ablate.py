"""The rule ablation (`eval/ablate.py`): each switch reaches the function the line calls, puts it back, and the report
splits the lines by when they joined the development set."""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest

from eval import ablate
from eval.ablate import BASE, BY_NAME, SWITCHES, Row, join_times, report, switched_off
from tests.understanding.conftest import understand

JOB_ASK = "hello there, my daughter has just qualified as a dental nurse, are you taking on any staff at the moment"


@pytest.mark.parametrize("switch", SWITCHES, ids=lambda s: s.name)
def test_every_switch_names_a_function_of_the_line(switch: ablate.Switch) -> None:
    datetime.fromisoformat(switch.introduced)
    for holder, attr, _ in switch.patches:
        assert callable(getattr(ablate.resolve(holder), attr)), (holder, attr)


def test_a_switch_replaces_the_rule_and_puts_it_back() -> None:
    switch = BY_NAME["came_right"]
    modules = [importlib.import_module(m) for m, _, _ in switch.patches]
    before = [m.came_right for m in modules]
    with switched_off(switch):
        assert all(not m.came_right("it came right in the end") for m in modules)
        assert all(m.came_right is not f for m, f in zip(modules, before, strict=True))
    assert [m.came_right for m in modules] == before


def test_a_switch_puts_the_rule_back_when_the_run_fails() -> None:
    module = importlib.import_module("activities.understanding.work_ask")
    original = module.asks_for_work
    with pytest.raises(RuntimeError), switched_off(BY_NAME["work_ask"]):
        raise RuntimeError("a line failed")
    assert module.asks_for_work is original


def test_switching_a_rule_off_changes_the_reading_it_makes() -> None:
    """Where the line really calls it: a job asked for is out of scope with `work_ask`, a booking read without it."""
    assert understand("riverside_dental", JOB_ASK).out_of_scope
    with switched_off(BY_NAME["work_ask"]):
        assert not understand("riverside_dental", JOB_ASK).out_of_scope
    assert understand("riverside_dental", JOB_ASK).out_of_scope


def _rows(switch: str, results: dict[tuple[str, str], tuple[bool, bool]]) -> list[Row]:
    return [Row(switch, line, call, ra, rf) for (line, call), (ra, rf) in results.items()]


def test_the_report_splits_lines_by_when_they_joined() -> None:
    base = {("old", "a"): (True, True), ("new", "b"): (True, True), ("new2", "c"): (False, False)}
    off = {("old", "a"): (False, False), ("new", "b"): (True, False), ("new2", "c"): (True, True)}
    rows = _rows(BASE, base) + _rows("work_ask", off)  # introduced 2026-12-05T01:03
    joins = {"old": datetime.fromisoformat("2026-12-04T00:00:00+00:00")}
    joins |= {n: datetime.fromisoformat("2026-12-06T00:00:00+00:00") for n in ("new", "new2")}
    table = report(rows, joins, check={"new2"})
    row = next(line for line in table.splitlines() if line.startswith("| work_ask"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2:] == ["1: -1 / -1", "2: +1 / +0", "1: +1 / +1", "3: +0 / -1"]


def test_a_line_not_yet_joined_counts_after_no_rule() -> None:
    rows = _rows(BASE, {("latest", "a"): (True, True)}) + _rows("contest", {("latest", "a"): (False, True)})
    cells = [c.strip() for c in report(rows, {}, set()).splitlines()[2].strip("|").split("|")]
    assert cells[2:] == ["1: -1 / +0", "0: +0 / +0", "0: +0 / +0", "1: -1 / +0"]


@pytest.mark.skipif(not (ablate.ROOT / ".git").exists(), reason="reads when each line was committed from git")
def test_a_line_joins_when_the_next_batch_is_written() -> None:
    joins = join_times(["skylark_air", "fernvale_university", "roadstar_hire", "brightwave"])
    assert joins["skylark_air"] < joins["fernvale_university"]  # the first four join when the next two are written
    assert joins["fernvale_university"] == joins["roadstar_hire"]  # one batch, minutes apart
    assert "brightwave" not in joins  # not under eval/lines/: read as joined before every rule


def test_the_command_reads_kept_rows_and_refuses_an_unknown_rule(tmp_path, capsys) -> None:
    rows = tmp_path / "rows.jsonl"
    ablate._write(
        _rows(BASE, {("brightwave", "a"): (True, True)}) + _rows("unworded", {("brightwave", "a"): (True, True)}), rows
    )
    assert ablate.main(["--lines", "brightwave", "--rows", str(rows), "--report-only"]) == 0
    assert "| unworded" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        ablate.main(["--only", "no_such_rule", "--report-only", "--rows", str(rows)])
    assert e.value.code == 2


def test_a_method_is_switched_off_on_its_class() -> None:
    from activities.understanding.upset_blend import Veto

    original = Veto.counted
    with switched_off(BY_NAME["upset_blend"]):
        assert Veto.counted is not original
    assert Veto.counted is original


def test_without_git_every_line_counts_as_joined_before(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """A tree without its history still gets its table (after a long run), with a warning, not a traceback."""

    def no_git(*_args: object, **_kwargs: object) -> None:
        raise FileNotFoundError("git")

    monkeypatch.setattr(ablate.subprocess, "run", no_git)
    assert join_times(["skylark_air"]) == {}
    assert "every line counts as before" in capsys.readouterr().err
