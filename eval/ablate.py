"""Which of the line's rules carry weight on lines they were never built on: each rule switched off in turn.

    python -m eval.ablate [--lines NAMES] [--only RULES] [--rows FILE]

Twenty rounds added near-certain rules beside the learned readings (a job asked for, a decision contested, a turn to
"the other thing", ...) and, in the last two, learned vetoes over them, each kept because it gained on the
development lines of its day. A development line that joined after a rule was introduced was never read when that
rule was written, so the rule's effect there is a figure it was not tuned on. Each `Switch` replaces a rule's
function with its neutral answer (False, None, the input unchanged) where the line calls it; every call of the given
lines (default: `eval/lines/dev.txt`) is run with the shipped settings, once as shipped and once per rule switched
off, and the table gives per rule the calls (right action, right in full) that switching it off changes: on the
lines that joined before the rule (its own data), on those that joined after it, and on those of them in the CHECK
half (`dev.txt`'s even positions, which no part has read since the fifteenth round). Negative: the rule gains those
calls. A line joins the development lines when the next blind batch is written (until then it is held out):
`join_times` reads that from git. `--rows` keeps every call's result, so a report can be read again
(`--report-only`).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from eval import backends, lines
from eval.table import markdown

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "lines" / "dev.txt"
_BATCH_GAP = timedelta(minutes=30)  # a blind batch's lines are committed minutes apart; rounds hours apart


def _never(*_args: object, **_kwargs: object) -> bool:
    return False


def _nothing(*_args: object, **_kwargs: object) -> None:
    return None


def _first_as_is(first: object, *_args: object) -> object:
    """The input it would have changed, unchanged: the state, the acts as read, the hand verdict, the base intent."""
    return first


def _reading_as_is(_policy: object, _state: object, u: object, _asr: object) -> object:
    return u


def _hand_made_upset(_veto: object, _req: object, read: Any, _vec: object) -> object:
    return read.hand_made


@dataclass(frozen=True)
class Switch:
    """A rule and where the line calls it: (holder, attribute, neutral replacement) for every place that holds it; a
    holder is a module, or "module:Class" for a method."""

    name: str
    introduced: str  # when the rule's function first appeared on main (ISO time of the commit, `git log -S`)
    patches: tuple[tuple[str, str, Callable[..., object]], ...]


_U = "activities.understanding."
SWITCHES: tuple[Switch, ...] = (
    Switch("work_ask", "2026-12-05T01:03:46+00:00", ((_U + "work_ask", "asks_for_work", _never),)),
    Switch("contest", "2026-12-06T05:21:34+00:00", ((_U + "contest", "contests", _never),)),
    Switch("data_request", "2026-12-06T21:19:21+00:00", ((_U + "data_request", "asks_for_data", _never),)),
    Switch("service_ask", "2026-12-06T02:06:32+00:00", ((_U + "service_ask", "uncovered_service", _never),)),
    Switch("new_matter_scope", "2026-12-06T02:06:32+00:00", ((_U + "new_matter_scope", "uncovered", _never),)),
    Switch("answer_object", "2026-12-06T13:11:24+00:00", ((_U + "answer_object", "unspoken_ask", _never),)),
    Switch("asked_verb", "2026-12-06T18:12:48+00:00", ((_U + "asked_verb", "unsaid_ask", _never),)),
    Switch("kept_in_scope", "2026-12-06T11:40:41+00:00", ((_U + "kept_in_scope", "stays_in_scope", _never),)),
    Switch("human_lead", "2026-12-04T19:54:05+00:00", ((_U + "human_lead", "human_lead", _never),)),
    Switch("human_claimed", "2026-12-04T23:09:01+00:00", ((_U + "human_lead", "human_claimed", _never),)),
    Switch("human_story", "2026-12-05T22:37:51+00:00", ((_U + "human_lead", "human_story", _never),)),
    Switch("human_nearer", "2026-12-06T05:17:16+00:00", ((_U + "human_lead", "human_nearer", _never),)),
    Switch("reaction", "2026-12-05T22:28:48+00:00", ((_U + "reaction", "reacts", _never),)),
    Switch("unworded", "2026-12-03T17:09:52+00:00", ((_U + "calibrate", "unworded", _never),)),
    Switch("follow_up", "2026-12-04T16:10:29+00:00", ((_U + "calibrate", "follow_up", _never),)),
    Switch("vague_no_story", "2026-12-06T08:22:33+00:00", ((_U + "embedded", "vague_no_story", _never),)),
    Switch("practical_question", "2026-12-05T22:23:18+00:00", ((_U + "embedded", "practical_question", _never),)),
    Switch("vents_first", "2026-12-06T22:09:39+00:00", ((_U + "embedded", "vents_first", _never),)),
    Switch("adds_a_matter", "2026-12-06T18:07:35+00:00", ((_U + "embedded", "adds_a_matter", _never),)),
    Switch("missed_question", "2026-12-06T08:02:29+00:00", ((_U + "in_context", "missed_question", _never),)),
    Switch(
        "mock_thanks",
        "2026-12-06T08:02:29+00:00",
        ((_U + "in_context", "mock_thanks", _never), (_U + "learned_act", "mock_thanks", _never)),
    ),
    Switch("refuses_handover", "2026-12-06T12:02:36+00:00", ((_U + "in_context", "refuses_handover", _never),)),
    Switch(
        "came_right",
        "2026-12-06T11:30:13+00:00",
        tuple((_U + m, "came_right", _never) for m in ("in_context", "embedded", "told_outcome")),
    ),
    Switch(
        "hedged_choice",
        "2026-12-03T17:59:19+00:00",
        tuple((_U + m, "hedged_choice", _never) for m in ("in_context", "classifier", "told_reply")),
    ),
    Switch(
        "thanks_for_the_question",
        "2026-12-05T22:47:09+00:00",
        ((_U + "in_context", "thanks_for_the_question", _never),),
    ),
    Switch("turns_to_the_other", "2026-12-06T08:22:33+00:00", ((_U + "in_context", "turns_to_the_other", _never),)),
    Switch("ask_clause", "2026-12-06T19:11:15+00:00", ((_U + "in_context", "ask_clause", _nothing),)),
    Switch("told_outcome", "2026-12-06T19:17:43+00:00", ((_U + "in_context", "told_outcome", _never),)),
    Switch("told_plainly", "2026-12-06T21:53:08+00:00", ((_U + "told_reply", "told_plainly", _never),)),
    Switch("rant_asks_nobody", "2026-12-07T00:34:41+00:00", ((_U + "learned_act", "rant_asks_nobody", _never),)),
    Switch("rants_on", "2026-12-07T00:34:41+00:00", (("warmline.triggers", "rants_on", _never),)),
    Switch("vents_about", "2026-12-06T15:03:08+00:00", (("warmline.triggers", "vents_about", _nothing),)),
    Switch("rant_moves", "2026-12-05T01:52:41+00:00", (("warmline.triggers", "rant_moves", _never),)),
    Switch("request_moves", "2026-12-05T22:47:09+00:00", (("warmline.triggers", "request_moves", _never),)),
    Switch("upset_about", "2026-12-04T21:50:56+00:00", (("warmline.triggers", "upset_about", _nothing),)),
    Switch("new_stretch", "2026-12-06T18:07:35+00:00", (("warmline.triggers", "new_stretch", _first_as_is),)),
    Switch("as_unclear", "2026-12-07T00:16:17+00:00", (("warmline.triggers", "as_unclear", _reading_as_is),)),
    # The learned parts of the eighteenth and nineteenth rounds: the answer head's choice of a covered type, and the
    # three vetoes (each off: the hand-made reading it vets stands).
    Switch("answer_head", "2026-12-07T01:41:48+00:00", ((_U + "answer_head", "chosen", _first_as_is),)),
    Switch("upset_blend", "2026-12-07T05:36:04+00:00", ((_U + "upset_blend:Veto", "counted", _hand_made_upset),)),
    Switch("reply_blend", "2026-12-07T06:11:55+00:00", (("warmline.reply_blend", "judged", _first_as_is),)),
    Switch("failure_blend", "2026-12-07T06:14:45+00:00", ((_U + "failure_blend", "vetted", _first_as_is),)),
)
BY_NAME = {s.name: s for s in SWITCHES}
BASE = "base"


def resolve(holder: str) -> Any:
    """The module, or the class in it ("module:Class"), that holds a switch's function."""
    module, _, name = holder.partition(":")
    m = importlib.import_module(module)
    return getattr(m, name) if name else m


@contextmanager
def switched_off(switch: Switch | None) -> Iterator[None]:
    """The rule's function replaced by its neutral answer wherever the line calls it, and put back after."""
    saved = []
    try:
        for holder, attr, neutral in switch.patches if switch else ():
            m = resolve(holder)
            saved.append((m, attr, getattr(m, attr)))
            setattr(m, attr, neutral)
        yield
    finally:
        for m, attr, original in reversed(saved):
            setattr(m, attr, original)


@dataclass(frozen=True)
class Row:
    switch: str
    line: str
    call: str
    right_action: bool
    right_in_full: bool


async def run(line_names: list[str], switches: list[Switch]) -> list[Row]:
    """Every call of the lines, as shipped and with each switch off (the encodings are cached across runs)."""
    chosen = lines.load_lines(line_names)
    rows = []
    for switch in [None, *switches]:
        name = switch.name if switch else BASE
        with switched_off(switch):
            for ln in chosen:
                for o in await lines.run_line(backends.build("embedded", ln.policy), ln):
                    rows.append(Row(name, ln.name, o.call.id, lines.right_action(o), lines.right_in_full(o)))
    return rows


def join_times(names: list[str]) -> dict[str, datetime]:
    """When each line joined the development lines: the first commit of the next blind batch after its own (a
    batch is lines committed within `_BATCH_GAP` of each other; every line under eval/lines/ counts). The two first
    sets (not under eval/lines/) and a line of the latest batch are missing: `report` reads them as joined before
    every rule, or after none."""
    try:
        log = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%x00%cI", "--name-only", "--", "eval/lines"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as e:  # no git, or a tree without its history
        print(f"eval.ablate: cannot read when the lines joined ({e}); every line counts as before", file=sys.stderr)
        return {}
    added: dict[str, datetime] = {}
    for entry in log.split("\0")[1:]:
        when, *paths = entry.split()
        for path in paths:
            parts = Path(path).parts
            if len(parts) == 4 and parts[3] == "calls.yaml":
                added[parts[2]] = datetime.fromisoformat(when)  # the log runs newest first: the first add wins
    starts: list[datetime] = []
    for t in sorted(added.values()):
        if not starts or t - starts[-1] > _BATCH_GAP:
            starts.append(t)
    joins = {}
    for name in (n for n in names if n in added):
        later = [s for s in starts if s > added[name] + _BATCH_GAP]
        if later:
            joins[name] = later[0]
    return joins


@dataclass
class _Tally:
    lines: set[str] = field(default_factory=set)
    action: int = 0
    full: int = 0

    def add(self, line: str, action: int, full: int) -> None:
        self.lines.add(line)
        self.action += action
        self.full += full

    def __str__(self) -> str:
        return f"{len(self.lines)}: {self.action:+d} / {self.full:+d}"


def report(rows: list[Row], joins: dict[str, datetime], check: set[str]) -> str:
    """Per switch: calls gained (+) or lost (−) by switching the rule off, right action / right in full, on the lines
    that joined before the rule, after it, and after it in the CHECK half; and over all."""
    base = {(r.line, r.call): r for r in rows if r.switch == BASE}
    table = []
    for switch in dict.fromkeys(r.switch for r in rows if r.switch != BASE):
        introduced = datetime.fromisoformat(BY_NAME[switch].introduced)
        tallies = {k: _Tally() for k in ("before", "after", "after, CHECK half", "all")}
        for r in (r for r in rows if r.switch == switch):
            b = base[(r.line, r.call)]
            action, full = int(r.right_action) - int(b.right_action), int(r.right_in_full) - int(b.right_in_full)
            joined = joins.get(r.line)
            after = joined is not None and joined > introduced
            keys = ["all", "after" if after else "before"] + ["after, CHECK half"] * (after and r.line in check)
            for key in keys:
                tallies[key].add(r.line, action, full)
        table.append([switch, introduced.strftime("%m-%d %H:%M"), *map(str, tallies.values())])
    head = ["rule switched off", "introduced", "lines before", "lines after", "after, CHECK half", "all lines"]
    return markdown(head, table)


def _write(rows: list[Row], path: Path) -> None:
    path.write_text("".join(json.dumps(r.__dict__) + "\n" for r in rows), encoding="utf-8")


def _read(path: Path) -> list[Row]:
    return [Row(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.ablate", description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--lines", default=None, help="comma-separated line names (default: eval/lines/dev.txt)")
    ap.add_argument("--only", default=None, help=f"comma-separated rules (default: all {len(SWITCHES)})")
    ap.add_argument("--rows", type=Path, default=None, help="write every call's result here (or read: --report-only)")
    ap.add_argument("--report-only", action="store_true", help="read --rows instead of running")
    args = ap.parse_args(argv)
    dev = DEV.read_text(encoding="utf-8").strip().split(",")
    names = args.lines.split(",") if args.lines else dev
    if args.only and (unknown := set(args.only.split(",")) - BY_NAME.keys()):
        ap.error(f"unknown rule(s): {', '.join(sorted(unknown))}; known: {', '.join(BY_NAME)}")
    switches = [BY_NAME[n] for n in args.only.split(",")] if args.only else list(SWITCHES)
    if args.report_only:
        if args.rows is None:
            ap.error("--report-only needs --rows")
        rows = _read(args.rows)
    else:
        rows = asyncio.run(run(names, switches))
        if args.rows is not None:
            _write(rows, args.rows)
    print(report(rows, join_times(names), set(dev[1::2])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
