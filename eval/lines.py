"""Whole lines (a policy and its labelled calls) scored the way a contact centre judges a line.

A line is `eval/lines/<name>/{policy,calls}.yaml` (format in eval/lines/README.md), or one of the two older
sets in `eval/conversations/`. Each call runs through the real decision path (`calls.run_call`). Scores:

- **right action at the right turn**: a call labelled with a trigger transfers on exactly that turn (for
  any reason) and neither transfers nor ends before; a call labelled contained never transfers and never
  ends before its last turn;
- **right in full**: that, and the reason, the queue and the `confirmation_seeking` flag are the labelled
  ones (the flag only where the call labels it);
- per trigger: precision and recall of the reason (a transfer with that reason on a call labelled with it,
  at any turn) and lateness (turns early / late among those).

Leave one line out (`--lolo`): while a line is scored, the tunables (`TUNABLES`) are chosen on the other
lines only, so no figure is reported on data it was tuned on.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import product
from pathlib import Path

from activities.understanding.base import Understander
from eval import calls
from eval.table import markdown, pct
from warmline.models import Reason
from warmline.policy import Policy
from warmline.policy_file import load_policy

LINES = Path(__file__).resolve().parent / "lines"
REASONS = [r.value for r in Reason]


@dataclass
class Line:
    name: str
    policy: Policy
    calls: list[calls.Call]


def load_lines(names: list[str] | None = None) -> list[Line]:
    """Every line (or those `names`): the older two sets and each folder under eval/lines/ (sorted by name).

    A line not named is not read at all: a run on a few lines does not parse the other fifty, and a held-out or
    fresh line stays unopened."""
    out = [
        Line(s.policy, calls.policy(s.policy), s.calls) for s in calls.load_sets() if names is None or s.policy in names
    ]
    for d in sorted(p for p in LINES.iterdir() if (p / "calls.yaml").exists()) if LINES.exists() else []:
        if names is None or d.name in names:
            s = calls.CallSet.model_validate(calls.read_yaml(d / "calls.yaml"))
            out.append(Line(d.name, load_policy(d / "policy.yaml"), s.calls))
    return out


def right_action(o: calls.Outcome) -> bool:
    e = o.call.expect
    n = len(o.call.turn_list())
    if e.trigger == calls.NONE:
        return o.trigger == calls.NONE and "goodbye" not in o.kinds[: n - 1]
    return o.turn == e.turn and "goodbye" not in o.kinds[: (e.turn or 1) - 1]


def right_in_full(o: calls.Outcome) -> bool:
    e = o.call.expect
    if not right_action(o):
        return False
    if e.trigger == calls.NONE:
        return True
    flag = e.confirmation_seeking if e.confirmation_seeking is not None else o.confirmation_seeking
    return (o.trigger, o.queue, o.confirmation_seeking) == (e.trigger, e.queue, flag)


async def run_line(u: Understander, line: Line) -> list[calls.Outcome]:
    return [await calls.run_call(u, line.policy, c) for c in line.calls]


def summary_row(name: str, outcomes: list[calls.Outcome]) -> list[object]:
    n = max(1, len(outcomes))
    ra, rf = sum(map(right_action, outcomes)), sum(map(right_in_full, outcomes))
    return [name, len(outcomes), f"{ra} ({pct(ra / n)})", f"{rf} ({pct(rf / n)})"]


def summary_table(rows: list[list[object]]) -> str:
    return markdown(["line", "calls", "right action at the right turn", "right in full"], rows)


def trigger_table(outcomes: list[calls.Outcome]) -> str:
    rows = []
    for reason in REASONS:
        expected = [o for o in outcomes if o.call.expect.trigger == reason]
        fired = [o for o in outcomes if o.trigger == reason]
        hits = [o for o in fired if o.call.expect.trigger == reason]
        early = sum(1 for o in hits if (o.turn or 0) < (o.call.expect.turn or 0))
        late = sum(1 for o in hits if (o.turn or 0) > (o.call.expect.turn or 0))
        rows.append(
            [
                reason,
                len(expected),
                len(fired),
                pct(len(hits) / len(fired)) if fired else "–",
                pct(len(hits) / len(expected)) if expected else "–",
                f"{len(hits) - early - late} / {early} / {late}",
            ]
        )
    contained = [o for o in outcomes if o.call.expect.trigger == calls.NONE]
    kept = sum(o.trigger == calls.NONE for o in contained)
    rows.append(["(contained)", len(contained), "", "", pct(kept / len(contained)) if contained else "–", ""])
    headers = ["trigger", "labelled", "fired", "precision", "recall", "on time / early / late"]
    return markdown(headers, rows)


def misses(outcomes: list[calls.Outcome]) -> str:
    out = []
    for o in outcomes:
        if not right_in_full(o):
            e = o.call.expect
            flag = " cs" if e.confirmation_seeking else ""
            got_flag = " cs" if o.confirmation_seeking else ""
            out.append(
                f"  {o.call.id}: expected {e.trigger} t{e.turn} {e.queue}{flag}, "
                f"got {o.trigger} t{o.turn} {o.queue}{got_flag} ({' '.join(o.kinds)})"
            )
    return "\n".join(out) or "  (none)"


# -- leave one line out ----------------------------------------------------------------------------------------

# The numbers a line's calls could be tuned on: each is chosen per held-out line from this grid on the others.
# A full grid over all of them is 2^7 settings (over an hour on the shared 2-core box), so the four that every
# fold of the earlier run chose alike (or all folds but one) are held at those values, not chosen again: fixed
# numbers are tuned on nothing. The grid covers the numbers the newest changes touch (96 settings).
TUNABLES: dict[str, tuple[float, ...]] = {
    "request_human": (0.9, 0.95),  # 0.95 ships since the eighteenth round (every fold of 59 chose it)
    "not_resolved": (0.5, 0.6),
    "near_mid": (0.4, 0.45),
    "unclaimed_ratio": (0.5, 1.01),  # 1.01: off (the runner-up never outweighs the top type); ships off since round 18
    "unworded_max_known": (-1.0, 0.34, 0.5),  # -1: off (a request in words the policy never uses, calibrate.unworded)
    "oos_far": (0.25,),
    "oos_max_nearest": (0.4,),
    "background_weight": (1.0,),
    "upset_at_threshold": (0.6, 0.55),  # chosen again since the fifth round (0.55 ships: every fold's choice)
}


@contextmanager
def tuned(setting: dict[str, float]) -> Iterator[None]:
    """Run with these tunables in place (module-level settings of the understanding back-end)."""
    from activities.understanding import act_model, calibrate, classifier, mood

    saved = (
        dict(act_model.THRESHOLDS),
        calibrate.OOS_FAR,
        classifier.BACKGROUND_WEIGHT,
        mood.UPSET_AT_THRESHOLD,
        calibrate.OOS_MAX_NEAREST,
        calibrate.NEAR_MID,
        calibrate.UNCLAIMED_RATIO,
        calibrate.UNWORDED_MAX_KNOWN,
    )
    act_model.THRESHOLDS[act_model.DialogAct.REQUEST_HUMAN] = setting["request_human"]
    act_model.THRESHOLDS[act_model.DialogAct.NOT_RESOLVED] = setting["not_resolved"]
    calibrate.OOS_FAR = setting["oos_far"]
    calibrate.OOS_MAX_NEAREST = setting["oos_max_nearest"]
    classifier.BACKGROUND_WEIGHT = setting["background_weight"]
    mood.UPSET_AT_THRESHOLD = setting["upset_at_threshold"]
    calibrate.NEAR_MID = setting["near_mid"]
    calibrate.UNCLAIMED_RATIO = setting["unclaimed_ratio"]
    calibrate.UNWORDED_MAX_KNOWN = setting["unworded_max_known"]
    try:
        yield
    finally:
        act_model.THRESHOLDS.clear()
        act_model.THRESHOLDS.update(saved[0])
        (
            calibrate.OOS_FAR,
            classifier.BACKGROUND_WEIGHT,
            mood.UPSET_AT_THRESHOLD,
            calibrate.OOS_MAX_NEAREST,
            calibrate.NEAR_MID,
            calibrate.UNCLAIMED_RATIO,
            calibrate.UNWORDED_MAX_KNOWN,
        ) = saved[1:]


def grid() -> list[dict[str, float]]:
    keys = list(TUNABLES)
    return [dict(zip(keys, values, strict=True)) for values in product(*(TUNABLES[k] for k in keys))]


async def leave_one_line_out(
    lines: list[Line], build: Callable[[Policy], Understander]
) -> tuple[dict[str, list[calls.Outcome]], dict[str, dict[str, float]]]:
    """Per line: its outcomes under the tunables that score best (right in full) on the other lines."""
    scores: dict[tuple[int, str], int] = defaultdict(int)
    runs: dict[tuple[int, str], list[calls.Outcome]] = {}
    settings = grid()
    for i, setting in enumerate(settings):
        print(f"  (setting {i + 1} of {len(settings)})", file=sys.stderr, flush=True)
        with tuned(setting):
            for ln in lines:
                runs[i, ln.name] = await run_line(build(ln.policy), ln)
                scores[i, ln.name] = sum(map(right_in_full, runs[i, ln.name]))
    held: dict[str, list[calls.Outcome]] = {}
    chosen: dict[str, dict[str, float]] = {}
    for ln in lines:
        best = best_setting(scores, len(settings), [o.name for o in lines], ln.name)
        held[ln.name], chosen[ln.name] = runs[best, ln.name], settings[best]
    return held, chosen


def best_setting(scores: dict[tuple[int, str], int], n_settings: int, names: list[str], held_out: str) -> int:
    """The setting that scores best on every line but `held_out` (ties: the earlier setting)."""
    others = [n for n in names if n != held_out]
    return max(range(n_settings), key=lambda i: (sum(scores[i, n] for n in others), -i))
