"""The understanding heads' L2 logistic regressions in numpy, so the running line needs no scikit-learn.

Every learned head (the intent head and its temperature, the dialog acts, upset) is a logistic regression over
a few hundred embedding dimensions: a handful of matrix products to fit and one to read. scikit-learn's
`linear_model` imports much of scipy for it (~76 MiB of the worker's resident memory, ~190 MB of the install:
issue 18), so the heads are fitted here instead.

The objective is scikit-learn's `LogisticRegression(penalty="l2", solver="lbfgs")`, with each row weighted
s_i = sample weight x class weight ("balanced": n / (classes x count of the row's class)) and S = sum s_i:

    (1/S) sum_i s_i * cross_entropy_i  +  ||W||^2 / (2 C S)          (intercepts not penalised)

with one weight row per class (softmax) for three or more classes, and a single row (sigmoid, the second class
being positive) for two. It is minimised with L-BFGS until the largest gradient component is below `GTOL`:
the optimum itself. scikit-learn's default stops at 1e-4, short of it (its act heads' probabilities sit up to
0.15 from the optimum); `tests/understanding/test_linear.py` checks these heads against scikit-learn run to
its optimum (tol 1e-10), and docs/understanding.md says what the converged heads changed in the decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

GTOL = 1e-7  # largest gradient component of the (1/S-scaled) objective at which the fit stops
_MEMORY = 10  # L-BFGS correction pairs (scipy's default)


@dataclass(frozen=True)
class LogisticHead:
    """A fitted head: `classes` sorted; `coef` (classes, features) or (1, features) for two classes."""

    classes: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Raw scores, one column per weight row."""
        return np.asarray(x @ self.coef.T + self.intercept)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """One column per class, in `classes` order (as scikit-learn's `predict_proba`)."""
        z = self.decision(x)
        if len(self.classes) == 2:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.column_stack([1.0 - p, p])
        p = np.exp(z - z.max(axis=1, keepdims=True))
        return np.asarray(p / p.sum(axis=1, keepdims=True))


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray | list[int],
    c: float,
    sample_weight: np.ndarray | None = None,
    class_weight: str | None = None,
    start: LogisticHead | None = None,
    max_iter: int = 5000,
) -> LogisticHead:
    """Fit the head on rows `x` (float64 inside) with labels `y`; `start` warm-starts from another head's weights."""
    x = np.asarray(x, dtype=np.float64)
    classes, target = np.unique(np.asarray(y), return_inverse=True)
    if len(classes) < 2:
        raise ValueError("a logistic regression needs at least two classes")
    s = np.ones(len(x)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64).copy()
    if class_weight == "balanced":
        s *= (len(target) / (len(classes) * np.bincount(target)))[target]
    elif class_weight is not None:
        raise ValueError(f"class_weight must be None or 'balanced', not {class_weight!r}")
    rows = 1 if len(classes) == 2 else len(classes)
    d = x.shape[1]
    theta = np.zeros(rows * (d + 1))
    if start is not None:
        theta = np.concatenate([np.asarray(start.coef, np.float64).ravel(), np.asarray(start.intercept, np.float64)])
    objective = _objective(x, target, s, rows, c)
    theta = _lbfgs(objective, theta, max_iter)
    return LogisticHead(classes, theta[: rows * d].reshape(rows, d), theta[rows * d :].copy())


def _objective(
    x: np.ndarray, target: np.ndarray, s: np.ndarray, rows: int, c: float
) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    """The scaled loss and its gradient over theta = [W raveled by row, intercepts]."""
    n, d = x.shape
    total = s.sum()
    l2 = 1.0 / (c * total)
    w_s = s / total
    idx = np.arange(n)

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: rows * d].reshape(rows, d), theta[rows * d :]
        z = x @ w.T + b
        if rows == 1:  # binary: log(1 + e^z) - y z, gradient sigmoid(z) - y
            z1, yb = z[:, 0], (target == 1).astype(np.float64)
            loss = float(w_s @ (np.logaddexp(0.0, z1) - yb * z1))
            g = ((0.5 * (1.0 + np.tanh(0.5 * z1)) - yb) * w_s)[:, None]
        else:  # multinomial: logsumexp(z) - z_y, gradient softmax(z) - onehot(y)
            m = z.max(axis=1, keepdims=True)
            e = np.exp(z - m)
            se = e.sum(axis=1, keepdims=True)
            loss = float(w_s @ (np.log(se[:, 0]) + m[:, 0] - z[idx, target]))
            g = e / se
            g[idx, target] -= 1.0
            g *= w_s[:, None]
        loss += 0.5 * l2 * float(np.sum(w * w))
        grad = np.concatenate([(g.T @ x + l2 * w).ravel(), g.sum(axis=0)])
        return loss, grad

    return f


def _lbfgs(f: Callable[[np.ndarray], tuple[float, np.ndarray]], theta: np.ndarray, max_iter: int) -> np.ndarray:
    """Minimise a smooth convex `f`: L-BFGS directions, backtracking (Armijo) steps."""
    value, grad = f(theta)
    pairs: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(max_iter):
        if np.abs(grad).max() <= GTOL:
            break
        direction = -_two_loop(grad, pairs)
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction (rounding): start again from the gradient
            pairs.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0 if pairs else min(1.0, 1.0 / float(np.linalg.norm(grad)))
        for _ in range(60):
            new_theta = theta + step * direction
            new_value, new_grad = f(new_theta)
            if new_value <= value + 1e-4 * step * slope:
                break
            step *= 0.5
        else:
            break  # no decrease within rounding: as close as float64 gets
        s_k, y_k = new_theta - theta, new_grad - grad
        sy = float(s_k @ y_k)
        if sy > 1e-12 * float(y_k @ y_k):
            pairs.append((s_k, y_k, 1.0 / sy))
            if len(pairs) > _MEMORY:
                pairs.pop(0)
        if value - new_value <= 1e-16 * max(abs(value), 1.0) and np.abs(new_grad).max() <= 100 * GTOL:
            theta, grad = new_theta, new_grad
            break
        theta, value, grad = new_theta, new_value, new_grad
    return theta


def _two_loop(grad: np.ndarray, pairs: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    """The inverse-Hessian estimate times `grad` from the stored correction pairs."""
    q = grad.copy()
    alphas = []
    for s_k, y_k, rho in reversed(pairs):
        a = rho * float(s_k @ q)
        q -= a * y_k
        alphas.append(a)
    if pairs:
        s_k, y_k, _ = pairs[-1]
        q *= float(s_k @ y_k) / float(y_k @ y_k)
    for (s_k, y_k, rho), a in zip(pairs, reversed(alphas), strict=True):
        q += (a - rho * float(y_k @ q)) * s_k
    return q
