"""Erlang C (the M/M/N queue) in a few lines of pure Python, for staffing a queue to a service level.

A library for this pulled ortools, pandas and a protobuf pin into every install (issue 18); the formula
itself is short. Erlang C is computed from Erlang B by the recursion B(n) = A·B(n−1) / (n + A·B(n−1)),
which stays in [0, 1] for any N and A, unlike the textbook A^N / N! that overflows past ~170 agents.
Every function here is pure and total: a queue with N ≤ A never empties, so it waits for certain and
never meets a service level.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import ceil, exp, inf

from pydantic import BaseModel


class Staffing(BaseModel):
    """Agents on the phones for a load, what they achieve, and the roster after shrinkage."""

    agents: int  # on the phones
    scheduled: int  # rostered: agents / (1 − shrinkage), rounded up
    service_level: float  # share answered within the target time
    occupancy: float  # share of an agent's time on calls
    wait_probability: float  # share of calls that queue at all


def intensity(calls_per_hour: float, handle_s: float) -> float:
    """Offered load A in Erlangs (λ·AHT): the agents that would be busy if no call ever waited."""
    return calls_per_hour * handle_s / 3600


def _erlang_b_from(agents: int, load: float) -> Iterator[tuple[int, float]]:
    """(n, Erlang B(n, A)) for n = agents, agents + 1, …: one recursion step per extra agent, not a restart."""
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    n = agents
    while True:
        yield n, b
        n += 1
        b = load * b / (n + load * b)


def _c_from_b(b: float, agents: int, load: float) -> float:
    """Erlang C from Erlang B at the same N and A (N > A): the probability an arriving call waits."""
    return agents * b / (agents - load * (1 - b))


def wait_probability(agents: int, load: float) -> float:
    """Erlang C: the share of calls that find every agent busy (1 when N ≤ A: the queue only grows)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    _, b = next(_erlang_b_from(agents, load))
    return _c_from_b(b, agents, load)


def _service_level(c: float, agents: int, load: float, answer_within_s: float, handle_s: float) -> float:
    return max(0.0, 1 - c * exp(-(agents - load) * answer_within_s / handle_s))


def service_level(agents: int, load: float, answer_within_s: float, handle_s: float) -> float:
    """Share of calls answered within `answer_within_s`: 1 − C(N, A)·exp(−(N − A)·T / AHT); 0 when N ≤ A."""
    if agents <= load:
        return 0.0 if load > 0 else 1.0
    return _service_level(wait_probability(agents, load), agents, load, answer_within_s, handle_s)


def average_speed_of_answer(agents: int, load: float, handle_s: float) -> float:
    """Mean seconds a call waits for an agent, counting the calls that never wait: C·AHT / (N − A)."""
    if agents <= load:
        return inf if load > 0 else 0.0
    return wait_probability(agents, load) * handle_s / (agents - load)


def occupancy(agents: int, load: float) -> float:
    """Share of each agent's time spent on calls (A / N)."""
    return load / agents


def _whole_up(x: float) -> int:
    """Round up to a whole agent, reading a float a hair above a whole number as that number.

    21 / (1 − 0.3) is 30.000000000000004 in floating point; 30 rostered agents are enough, not 31.
    """
    return ceil(round(x, 9))


def agents_for(load: float, target_service_level: float, answer_within_s: float, handle_s: float) -> int:
    """Fewest agents from A + 1 (rounded, the textbook's first guess) up that meet the service level.

    The search starts at round(A + 1), always above A, as the staffing figures always have (so they do
    not move); each further agent is one step of the Erlang B recursion, so a load of thousands of
    Erlangs costs milliseconds.
    """
    for n, b in _erlang_b_from(round(load + 1), load):
        c = _c_from_b(b, n, load)
        if _service_level(c, n, load, answer_within_s, handle_s) >= target_service_level:
            return n
    raise AssertionError("unreachable: the service level tends to 1 as agents grow")


def staff(
    calls_per_hour: float,
    handle_s: float,
    *,
    target_service_level: float,
    answer_within_s: float,
    max_occupancy: float,
    shrinkage: float,
) -> Staffing:
    """Agents for the service level, raised to keep occupancy at or under `max_occupancy`, then rostered.

    When the agents that meet the service level would be busier than `max_occupancy`, the staff becomes
    ceil(A / max_occupancy) and the service level is that staff's. No calls need no agents.
    """
    load = intensity(calls_per_hour, handle_s)
    if load <= 0:
        return Staffing(agents=0, scheduled=0, service_level=1.0, occupancy=0.0, wait_probability=0.0)
    agents = agents_for(load, target_service_level, answer_within_s, handle_s)
    if occupancy(agents, load) > max_occupancy:
        agents = _whole_up(load / max_occupancy)
    return Staffing(
        agents=agents,
        scheduled=_whole_up(agents / (1 - shrinkage)),
        service_level=service_level(agents, load, answer_within_s, handle_s),
        occupancy=occupancy(agents, load),
        wait_probability=wait_probability(agents, load),
    )
