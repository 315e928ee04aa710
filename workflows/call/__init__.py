"""The call workflow, a small package: the workflow (workflow.py), its memory (session.py), the turn
(turn.py) and where its plan comes from (planning.py: recorded in history), the handoff (handoff.py,
delivery.py) and callbacks (callbacks.py). The decisions are `warmline.turn_plan.plan_turn`'s;
docs/architecture.md walks a turn through them."""

from workflows.call.workflow import CallWorkflow

__all__ = ["CallWorkflow"]
