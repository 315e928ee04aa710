"""Pick the helpdesk adapter named by WARMLINE_HELPDESK."""

from __future__ import annotations

from typing import TYPE_CHECKING

from temporalio.client import Client

from activities.helpdesk.base import Helpdesk
from activities.helpdesk.webhook import WebhookHelpdesk
from warmline.settings import Settings

if TYPE_CHECKING:
    from activities.helpdesk.desk import QueueRun


def make_helpdesk(settings: Settings, client: Client | None = None, queue_run: QueueRun | None = None) -> Helpdesk:
    """The configured adapter; raises ValueError naming the variable when the settings cannot work.

    `client` and `queue_run` (`QueueWorkflow.run`) let the desk adapter queue offers in the QueueWorkflows.
    """
    if settings.helpdesk == "webhook":
        if not settings.helpdesk_url:
            raise ValueError("WARMLINE_HELPDESK=webhook needs WARMLINE_HELPDESK_URL")
        if not settings.helpdesk_secret:
            raise ValueError("WARMLINE_HELPDESK=webhook needs WARMLINE_HELPDESK_SECRET (the HMAC signing secret)")
        return WebhookHelpdesk(
            url=settings.helpdesk_url, secret=settings.helpdesk_secret, timeout_s=settings.helpdesk_timeout_s
        )
    if settings.helpdesk == "desk":
        # Imported here so the webhook path does not load the store (and its database driver).
        from activities.helpdesk.desk import DeskHelpdesk

        return DeskHelpdesk(
            settings.db_url,
            client=client,
            task_queue=settings.task_queue,
            id_prefix=settings.queue_id_prefix,
            queue_run=queue_run,
        )
    if settings.helpdesk == "zendesk":
        from activities.helpdesk.zendesk import zendesk_from_settings

        return zendesk_from_settings(settings)
    raise ValueError(f"WARMLINE_HELPDESK={settings.helpdesk!r} is not a known helpdesk (desk, webhook, zendesk)")
