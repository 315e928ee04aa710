"""Every error type of the line in one place: the refusals the workflows raise and the API maps, and the helpdesk's.

The workflows raise `ApplicationError` with one of the `type` names below; the API
turns each into a 409 with the workflow's message (api/temporal_calls.py). The
exceptions are the helpdesk adapters' (activities/helpdesk/): the activity turns
`HelpdeskUnavailable` into a retryable failure and `HelpdeskRejected` into a final one.
`EncryptionKeyError` is the codec's (runtime/codec.py), raised early by the settings' check.
"""

from __future__ import annotations

WRONG_PHASE = "WrongPhase"  # a turn, or an agent's step, in a phase that does not take it
NO_CALLBACK_OFFER = "NoCallbackOffer"  # a callback choice with no callback being offered on the call
NOT_OFFERED = "CallbackNotOffered"  # a callback attempt's answer when nothing is being offered
NO_VOICEMAIL = "NoVoicemail"  # a voicemail for a call that is not recording one (or ended without one)
HELPDESK_UNAVAILABLE = "HelpdeskUnavailable"  # the activity's retryable failure type


class HelpdeskUnavailable(Exception):
    """The helpdesk could not take the payload right now; the next attempt may succeed."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class HelpdeskRejected(Exception):
    """The helpdesk answered and refused the payload (4xx other than 408/429)."""


class EncryptionKeyError(ValueError):
    """`WARMLINE_ENCRYPTION_KEYS` is unusable, or a payload names a key this process lacks."""
