"""WhatIfWorkflow: one policy what-if, run on a worker so the API process stays light.

A workflow (not a bare API call) so each what-if a lead ran is visible in the
Temporal UI with its draft and result, and the CPU work lands on the workers.
"""

from __future__ import annotations

from temporalio import workflow

from workflows import options

with workflow.unsafe.imports_passed_through():
    from activities.whatif import WhatIfActivities
    from warmline.whatif import WhatIfReport, WhatIfRequest


@workflow.defn
class WhatIfWorkflow:
    @workflow.run
    async def run(self, req: WhatIfRequest) -> WhatIfReport:
        return await workflow.execute_activity_method(
            WhatIfActivities.policy_whatif,
            req,
            start_to_close_timeout=options.WHATIF_TIMEOUT,
            retry_policy=options.WHATIF_RETRY,
            summary="replay recorded calls against a draft policy",
        )
