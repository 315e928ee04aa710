"""Handle time as contact centres define it: talk + hold + after-call work, each kept on its own.

Every path (the desk over HTTP, the API's agent events, Twilio's dial, SIP, TaskRouter and
desk-ring events) ends the agent's leg the same way in the call workflow, so one rule
measures all of them:

- **talk**: agent connected → the leg ended (agent_completed, or the caller hanging up), less hold;
- **hold**: the spans between `hold_started` and `hold_ended` while with the agent (0 on a path that
  never reports a hold: Twilio `<Dial>` legs and the built-in desk have no hold button);
- **after-call work (ACW)**: the leg's end → the agent's wrap-up (the disposition arriving); 0 when the
  agent wrapped up while still on the call, None when no wrap-up came.

Handle time is their sum (ACW counted as 0 while unknown), so a path that completes the leg on
wrap-up and one that completes it on hang-up measure the same work. Pure, for the workflow sandbox.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from warmline.models import CallState


class HandleParts(BaseModel):
    """One call's agent time in seconds; all None when no agent ever connected."""

    talk_s: float | None = None
    hold_s: float | None = None
    acw_s: float | None = None
    handle_time_s: float | None = None


def _s(a: datetime, b: datetime) -> float:
    return max(0.0, (b - a).total_seconds())


def start_hold(st: CallState, now: datetime) -> bool:
    """The agent put the caller on hold; False (nothing changes) when already holding."""
    if st.hold_started_at is not None:
        return False
    st.hold_started_at = now
    return True


def end_hold(st: CallState, now: datetime) -> bool:
    """The caller is back with the agent (or the leg ended mid-hold): the span is added to `hold_s`."""
    if st.hold_started_at is None:
        return False
    st.hold_s = round(st.hold_s + _s(st.hold_started_at, now), 3)
    st.hold_started_at = None
    return True


def handle_parts(st: CallState) -> HandleParts:
    """The parts of a finished call's handle time (its leg ended, its wrap-up in or given up on)."""
    connected, ended = st.agent_connected_at, st.agent_completed_at
    if connected is None or ended is None:
        return HandleParts()
    hold = round(min(st.hold_s, _s(connected, ended)), 3)
    talk = round(_s(connected, ended) - hold, 3)
    acw = None if st.wrapped_up_at is None else round(_s(ended, st.wrapped_up_at), 3)
    return HandleParts(talk_s=talk, hold_s=hold, acw_s=acw, handle_time_s=round(talk + hold + (acw or 0.0), 3))
