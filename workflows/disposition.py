"""DispositionWorkflow: a wrap-up that came back after its call was recorded, written to the store once.

A solved Zendesk ticket codes a call that has usually ended long before, and the API
writes nothing itself (docs/architecture.md), so the webhook starts this workflow with
the ticket in its id (`disposition-zendesk-<ticket>`): Zendesk sending the same solve
twice starts nothing new, and the activity's write is idempotent too. The record is read
back beside the call's own (warmline/dispositions.py), so it counts like a call's wrap-up.
"""

from __future__ import annotations

from temporalio import workflow

from workflows import records

with workflow.unsafe.imports_passed_through():
    from activities.records import StoreActivities
    from warmline.dispositions import LateDisposition
    from warmline.records import RecordResult


def disposition_workflow_id(d: LateDisposition) -> str:
    return f"disposition-{d.source}-{d.ticket_id or d.call_id}"


@workflow.defn
class DispositionWorkflow:
    @workflow.run
    async def run(self, d: LateDisposition) -> RecordResult:
        return await records.write(
            StoreActivities.record_disposition,
            d,
            f"record the {d.source} wrap-up of {d.call_id}: {len(d.codes)} code(s)",
        )
