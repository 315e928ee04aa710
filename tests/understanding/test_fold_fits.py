"""The temperature's fold fits stop short of their optimum (`temperature.FOLD_GTOL`) and choose the same T.

Building an understander is paid at every worker start and for every line of every evaluation, and the five
fold fits were most of it. T is one grid step of 0.05 chosen on the folds' held-out logits; those logits at a
gradient of 1e-5 are close enough to the optimum's never to move it (docs/testing.md: the same T on every
development policy and CLINC150). These tests hold both halves: fewer objective evaluations, the same T.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from activities.understanding import linear, temperature
from activities.understanding.linear import fit_logistic
from tests.understanding.conftest import policy
from tests.understanding.test_linear import _intent_rows


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times the multinomial objective is evaluated (what a fit costs)."""
    count = [0]
    real = linear._softmax_objective

    def counting(*args: object) -> linear.Objective:
        f = real(*args)  # type: ignore[arg-type]

        def g(theta: np.ndarray) -> tuple[float, np.ndarray]:
            count[0] += 1
            return f(theta)

        return g

    monkeypatch.setattr(linear, "_softmax_objective", counting)
    yield count


def test_the_fold_fits_stop_short_of_the_optimum() -> None:
    assert temperature.FOLD_GTOL > linear.GTOL


@pytest.mark.parametrize("name", ["brightwave", "riverside_dental"])
def test_stopping_the_fold_fits_short_keeps_the_temperature_and_costs_less(
    name: str, monkeypatch: pytest.MonkeyPatch, evaluations: list[int]
) -> None:
    x, y, w = _intent_rows(policy(name))
    n = len(policy(name).query_types)
    full = fit_logistic(x, y, 20.0, sample_weight=w)
    evaluations[0] = 0
    short = temperature.fit(x, y, w, n, full, 20.0)
    short_cost, evaluations[0] = evaluations[0], 0
    monkeypatch.setattr(temperature, "FOLD_GTOL", linear.GTOL)
    optimum = temperature.fit(x, y, w, n, full, 20.0)
    assert short == optimum
    assert short_cost < 0.8 * evaluations[0]
