"""The Warmline worker: runs CallWorkflow and the activities that do its I/O.

`python worker.py` — configuration from WARMLINE_* variables. An invalid policy
stops it with a message naming the field.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import timedelta

import structlog
import uvloop
from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxRestrictions

from activities.actions import ActionActivities
from activities.asr import AsrActivities
from activities.fitting import FitActivities
from activities.helpdesk.activity import HelpdeskActivities
from activities.helpdesk.factory import make_helpdesk
from activities.meaning import MeaningActivities
from activities.policy import PolicyActivities
from activities.records import StoreActivities
from activities.reviews import ReviewActivities
from activities.understanding.activity import UnderstandingActivities
from activities.understanding.adapt import encoder_status
from activities.understanding.factory import make_understander
from activities.whatif import WhatIfActivities
from runtime.collector import freeze_startup_objects
from runtime.logs import configure_logging
from runtime.review_schedule import ensure_review_schedule
from runtime.sandbox import SandboxedRunner
from runtime.temporal import PATIENT, connect, ensure_search_attributes
from runtime.tracing import configure_tracing, temporal_interceptors
from runtime.worker_metrics import worker_runtime
from runtime.workflow_slots import tuner
from store import policy_snapshots
from store.audio import AudioStore
from store.engine import use_keys
from warmline.action_config import action_config_problems
from warmline.policy import Policy, PolicyError
from warmline.policy_file import load_policy
from warmline.settings import Settings, get_settings
from workflows import options
from workflows.call import CallWorkflow
from workflows.callback import CallbackWorkflow
from workflows.disposition import DispositionWorkflow
from workflows.queue import QueueWorkflow
from workflows.review import ReviewWorkflow
from workflows.whatif import WhatIfWorkflow

log = structlog.get_logger("warmline.worker")
AUDIO_ORPHAN_AGE_S = 3600.0
WORKFLOWS = [CallWorkflow, CallbackWorkflow, QueueWorkflow, ReviewWorkflow, WhatIfWorkflow, DispositionWorkflow]


def workflow_runner() -> SandboxedRunner:
    """The sandbox the worker runs (and replays) workflows in, for the worker and for whatever replays as it does.

    The workflow modules are imported once per worker, not once per call: a call's start cost the worker
    ~26 ms of CPU re-importing them into its sandbox, ~11 ms without (bench/README.md). Still sandboxed:
    they keep no state at module level, and the replay tests guard determinism. The SDK's per-payload
    lookups run outside the sandbox's hooks (runtime/sandbox.py): a replay costs ~35 % less CPU.
    """
    return SandboxedRunner(restrictions=SandboxRestrictions.default.with_passthrough_modules("workflows"))


def build_worker(client: Client, settings: Settings, policy: Policy, task_queue: str | None = None) -> Worker:
    """A worker with every workflow and activity of the line, wired to the configured adapters."""
    use_keys(settings.db_url, settings.encryption_keys.get_secret_value())  # callers' words sealed at rest
    understanding = UnderstandingActivities(make_understander(policy, settings.understanding))
    helpdesk = HelpdeskActivities(make_helpdesk(settings, client, queue_run=QueueWorkflow.run))
    store = StoreActivities(settings.db_url)
    reviews = ReviewActivities(settings.db_url, policy)
    actions = ActionActivities(settings.actions_base_url)
    asr = AsrActivities(settings, policy)
    return Worker(
        client,
        task_queue=task_queue or settings.task_queue,
        workflows=WORKFLOWS,
        activities=[
            PolicyActivities(policy).load_call_policy,
            understanding.understand,
            understanding.plan,
            helpdesk.publish_context,
            helpdesk.withdraw_context,
            actions.run_action,
            asr.transcribe,
            store.record_call,
            store.record_callback,
            store.record_accept,
            store.record_disposition,
            reviews.load_review_policy,
            reviews.load_review_page,
            reviews.store_review,
            MeaningActivities(settings.encoder_dir).group_by_meaning,
            FitActivities(settings.db_url, policy, settings.policy, settings.review_costs).fit_thresholds,
            WhatIfActivities(settings.db_url, policy, settings.understanding).policy_whatif,
        ],
        # A dead worker's calls move to a live one after this, not the SDK's default 10 s; and the worker takes
        # only as many workflow tasks, and full replays, as it can finish before their timeout (workflows/options.py).
        sticky_queue_schedule_to_start_timeout=timedelta(seconds=settings.sticky_timeout_s),
        tuner=tuner(options.MAX_WORKFLOW_TASKS, options.MAX_REPLAYS),
        workflow_runner=workflow_runner(),
        graceful_shutdown_timeout=timedelta(seconds=5),
    )


async def main() -> int:
    try:
        settings = get_settings()
        policy = load_policy(settings.policy)
    except (PolicyError, ValueError) as e:
        print(f"warmline worker: {e}", file=sys.stderr)
        return 2
    if problems := action_config_problems(policy, settings.actions_base_url, os.environ):
        # A caller would hear "I couldn't verify those details" for what is a configuration error: refuse now.
        lines = "\n  ".join(problems)
        print(f"warmline worker: {settings.policy}: the policy's actions cannot run:\n  {lines}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_json)
    tracing = configure_tracing(settings, "warmline-worker")
    client = await connect(
        settings, retry=PATIENT, interceptors=temporal_interceptors(tracing), runtime=worker_runtime(settings)
    )
    added = await ensure_search_attributes(client, settings.namespace)
    worker = build_worker(client, settings, policy)
    snapshots = await policy_snapshots.serve(settings.db_url, policy)  # calls name their policy by digest
    review_schedule = await ensure_review_schedule(client, settings)
    swept = AudioStore(settings.audio_path).sweep(AUDIO_ORPHAN_AGE_S)  # audio a crashed turn left behind
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    frozen = freeze_startup_objects()  # the models and the SDK are loaded: no collection walks them again
    log.info(
        "worker started",
        task_queue=settings.task_queue,
        policy=str(settings.policy),
        policy_version=policy.version,
        policy_snapshots=snapshots,
        understanding=settings.understanding,
        encoder=encoder_status(settings.encoder_dir, policy),
        helpdesk=settings.helpdesk,
        search_attributes_added=added,
        review_schedule=review_schedule,
        orphaned_audio_removed=swept,
        sdk_metrics=settings.worker_metrics_address,
        tracing=settings.otlp_endpoint is not None,
        gc_frozen_objects=frozen,
    )
    async with worker:
        await stop.wait()
    if tracing is not None:
        tracing.shutdown()  # flush the last spans
    log.info("worker stopped")
    return 0


if __name__ == "__main__":
    # uvloop's event loop (uvicorn's too): the loop hands each turn's two activations to the workflow threads
    # and back, runs the local activity and the hop of its thread; ~0.5-0.7 ms less CPU per turn in the
    # worker, alternating runs (bench/README.md, "A turn's cost outside understanding").
    sys.exit(uvloop.run(main()))
