"""The understanding heads' L2 logistic regressions in numpy, so the running line needs no scikit-learn.

Every learned head (the intent head and its temperature, the dialog acts, upset) is a logistic regression over
a few hundred embedding dimensions: a handful of matrix products to fit and one to read. scikit-learn's
`linear_model` imports much of scipy for it (~76 MiB of the worker's resident memory, ~200 MB of the install:
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
    gtol: float = GTOL,
) -> LogisticHead:
    """Fit the head on rows `x` (float64 inside) with labels `y`; `start` warm-starts from another head's weights.

    `gtol`: the largest gradient component at which the fit stops (default: the optimum, `GTOL`).
    """
    classes, target = np.unique(np.asarray(y), return_inverse=True)
    if len(classes) == 2:
        weights = None if sample_weight is None else np.asarray(sample_weight, np.float64)[:, None]
        return fit_binary_heads(x, target[:, None], c, weights, class_weight, start, max_iter)[0]
    if len(classes) < 2:
        raise ValueError("a logistic regression needs at least two classes")
    s = _row_weights(target, len(classes), sample_weight, class_weight)
    w, b = _centred(lambda xc: _softmax_objective(xc, target, s, c), x, _start(start, len(classes), x), max_iter, gtol)
    return LogisticHead(classes, w, b)


def fit_binary_heads(
    x: np.ndarray,
    targets: np.ndarray,
    c: float,
    sample_weight: np.ndarray | None = None,
    class_weight: str | None = None,
    start: LogisticHead | None = None,
    max_iter: int = 5000,
) -> list[LogisticHead]:
    """One binary head per column of `targets` (0/1) over the same rows, fitted together.

    The heads are independent (their objectives add up), so this is the same as fitting each alone, but every step
    reads `x` once for all of them: the act heads share 7,000 rows, and reading them is what a step costs.
    """
    targets = np.asarray(targets, dtype=np.int64)
    s = np.ones(targets.shape) if sample_weight is None else np.broadcast_to(sample_weight, targets.shape).copy()
    for k in range(targets.shape[1]):
        s[:, k] = _row_weights(targets[:, k], 2, s[:, k], class_weight)
    theta = _start(start, targets.shape[1], x)
    w, b = _centred(lambda xc: _sigmoid_objective(xc, targets, s, c), x, theta, max_iter)
    return [LogisticHead(np.array([0, 1]), w[k : k + 1], b[k : k + 1]) for k in range(targets.shape[1])]


def _row_weights(
    target: np.ndarray, n_classes: int, sample_weight: np.ndarray | None, class_weight: str | None
) -> np.ndarray:
    """Each row's weight: its sample weight times its class's weight ("balanced": n / (classes x count))."""
    s = np.ones(len(target)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64).copy()
    counts = np.bincount(target, minlength=n_classes)
    if counts.min() == 0:
        raise ValueError("a logistic regression needs at least two classes")
    if class_weight == "balanced":
        s *= (len(target) / (n_classes * counts))[target]
    elif class_weight is not None:
        raise ValueError(f"class_weight must be None or 'balanced', not {class_weight!r}")
    return s


def _start(start: LogisticHead | None, rows: int, x: np.ndarray) -> np.ndarray:
    """The parameters a fit starts from: zeros, or another head's weights (a warm start)."""
    if start is None:
        return np.zeros(rows * (x.shape[1] + 1))
    return np.concatenate([np.asarray(start.coef, np.float64).ravel(), np.asarray(start.intercept, np.float64)])


Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def _centred(
    objective: Callable[[np.ndarray], Objective],
    x: np.ndarray,
    theta: np.ndarray,
    max_iter: int,
    gtol: float = GTOL,
) -> tuple[np.ndarray, np.ndarray]:
    """(W, intercepts) minimising `objective(x)`, solved over centred columns: exactly the same problem.

    x W' + b = (x - mean) W' + (b + mean W'), and the intercept is not penalised, so centring changes only the
    conditioning: sentence embeddings share a large common direction, which L-BFGS would otherwise crawl along.
    """
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=0)
    d = x.shape[1]
    rows = len(theta) // (d + 1)
    w, b = theta[: rows * d].reshape(rows, d), theta[rows * d :]
    theta = _lbfgs(objective(x - mean), np.concatenate([w.ravel(), b + w @ mean]), max_iter, gtol)
    w, b = theta[: rows * d].reshape(rows, d), theta[rows * d :]
    return w.copy(), b - w @ mean


# Products with the rows written as (W x^T)^T and g^T x: OpenBLAS reads a tall row-major x twice as fast so.
def _softmax_objective(x: np.ndarray, target: np.ndarray, s: np.ndarray, c: float) -> Objective:
    """The scaled multinomial loss and its gradient over theta = [W raveled by class, intercepts]."""
    n, d = x.shape
    rows = int(target.max()) + 1
    w_s, l2 = s / s.sum(), 1.0 / (c * s.sum())
    idx = np.arange(n)

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: rows * d].reshape(rows, d), theta[rows * d :]
        z = (w @ x.T).T + b
        m = z.max(axis=1, keepdims=True)
        e = np.exp(z - m)
        se = e.sum(axis=1, keepdims=True)
        loss = float(w_s @ (np.log(se[:, 0]) + m[:, 0] - z[idx, target])) + 0.5 * l2 * float(np.sum(w * w))
        g = e / se  # softmax(z) - onehot(y), weighted
        g[idx, target] -= 1.0
        g *= w_s[:, None]
        return loss, np.concatenate([(g.T @ x + l2 * w).ravel(), g.sum(axis=0)])

    return f


def _sigmoid_objective(x: np.ndarray, targets: np.ndarray, s: np.ndarray, c: float) -> Objective:
    """The sum of independent scaled binary losses (one per column of `targets`) and its gradient."""
    d = x.shape[1]
    heads = targets.shape[1]
    w_s, l2 = s / s.sum(axis=0), (1.0 / (c * s.sum(axis=0)))[:, None]
    y = targets.astype(np.float64)

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[: heads * d].reshape(heads, d), theta[heads * d :]
        z = (w @ x.T).T + b
        loss = float(np.sum(w_s * (np.logaddexp(0.0, z) - y * z))) + 0.5 * float(np.sum(l2 * w * w))
        g = (0.5 * (1.0 + np.tanh(0.5 * z)) - y) * w_s  # sigmoid(z) - y, weighted
        return loss, np.concatenate([(g.T @ x + l2 * w).ravel(), g.sum(axis=0)])

    return f


def _lbfgs(f: Objective, theta: np.ndarray, max_iter: int, gtol: float = GTOL) -> np.ndarray:
    """Minimise a smooth convex `f` until its largest gradient component is below `gtol`: L-BFGS, Armijo steps."""
    value, grad = f(theta)
    pairs: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(max_iter):
        if np.abs(grad).max() <= gtol:
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
        if value - new_value <= 1e-16 * max(abs(value), 1.0) and np.abs(new_grad).max() <= 100 * gtol:
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
