"""A `<Record>`'s reports as Twilio posts them, for the voicemail tests (made by `FakeCall.recording`).

Twilio reports a message up to three ways, each signed like every webhook: the Record
`action` as the message ends (`RecordingUrl`, `RecordingDuration`, `RecordingSid`,
`Digits`; never for an empty recording), the `recordingStatusCallback` once the file is
ready (`RecordingStatus` completed, or absent when nothing was recorded), and the
`transcribeCallback` when the account transcribes (`TranscriptionText`, `TranscriptionStatus`).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from tests.fakes.twilio import FakeCall, Signing


@dataclass
class Recording:
    """One `<Record>`'s message: Twilio posts its action, its recording status and its transcription."""

    call: FakeCall
    record: ET.Element
    sid: str  # RecordingSid

    @property
    def url(self) -> str:
        return f"https://api.twilio.com/2010-04-01/Accounts/{self.call.twilio.account_sid}/Recordings/{self.sid}"

    def _post(self, attribute: str, extra: dict[str, str], signing: Signing) -> Awaitable[httpx.Response]:
        url = self.record.get(attribute)
        assert url, f"<Record> has no {attribute}: {ET.tostring(self.record)!r}"
        return self.call.twilio.post(url, self.call.params(**extra), signing)

    async def action(self, duration: int = 14, digits: str = "#", signing: Signing = "valid") -> httpx.Response:
        """The Record action as the message ends (never sent by Twilio for an empty recording)."""
        extra = {"RecordingUrl": self.url, "RecordingDuration": str(duration), "RecordingSid": self.sid,
                 "Digits": digits, "CallStatus": "in-progress"}  # fmt: skip
        return await self._post("action", extra, signing)

    async def status(self, status: str = "completed", duration: int = 14, signing: Signing = "valid") -> httpx.Response:
        """The recordingStatusCallback: `completed` with the file, `absent` when nothing was recorded."""
        extra = {"RecordingSid": self.sid, "RecordingStatus": status, "RecordingSource": "RecordVerb",
                 "RecordingChannels": "1", "RecordingStartTime": "Mon, 01 Jan 2024 22:00:00 +0000"}  # fmt: skip
        if status == "completed":
            extra |= {"RecordingUrl": self.url, "RecordingDuration": str(duration)}
        else:
            extra |= {"RecordingDuration": "0", "ErrorCode": "16102"}
        return await self._post("recordingStatusCallback", extra, signing)

    async def transcription(
        self, text: str | None, status: str = "completed", signing: Signing = "valid"
    ) -> httpx.Response:
        """The transcribeCallback (only when the `<Record>` asks for transcription)."""
        extra = {"TranscriptionSid": "TR" + uuid.uuid4().hex, "TranscriptionStatus": status,
                 "TranscriptionUrl": f"{self.url}/Transcriptions", "RecordingSid": self.sid,
                 "RecordingUrl": self.url, "TranscriptionType": "fast"}  # fmt: skip
        if text is not None:
            extra["TranscriptionText"] = text
        return await self._post("transcribeCallback", extra, signing)
