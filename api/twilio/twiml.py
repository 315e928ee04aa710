"""TwiML the gateway answers with, built with the `twilio` library (never by string pasting).

Every builder returns a `VoiceResponse`; `xml()` turns one into the HTTP answer.
URLs are absolute on the public base, because Twilio signs and calls exactly them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Response
from twilio.twiml.voice_response import VoiceResponse

from api.twilio.signature import ws_base

RELAY_PATH = "/twilio/relay"
CONNECT_ACTION_PATH = "/twilio/connect-action"
GATHER_PATH = "/twilio/gather"
HOLD_PATH = "/twilio/hold"  # an enqueued caller's wait TwiML (api/twilio/hold.py)
QUEUE_RESULT_PATH = "/twilio/queue-result"
DIAL_ACTION_PATH = "/twilio/dial-action"  # a <Dial> target's end: talked, or nobody answered (api/twilio/dial.py)
DIAL_STATUS_PATH = "/twilio/dial-status"  # the agent leg's answered/completed status callbacks
TASKROUTER_EVENTS_PATH = "/twilio/taskrouter-events"  # the TaskRouter workspace's event callback URL
VOICEMAIL_PATH = "/twilio/voicemail"  # the <Record> action: the message is in (api/twilio/voicemail.py)
VOICEMAIL_STATUS_PATH = "/twilio/voicemail-status"  # its recordingStatusCallback: completed or absent
VOICEMAIL_TRANSCRIPT_PATH = "/twilio/voicemail-transcript"  # its transcribeCallback
AGENT_RING_PATH = "/twilio/agent-ring"  # the desk agent's own phone, rung on accept (api/twilio/ring_agent.py)


def xml(twiml: VoiceResponse) -> Response:
    return Response(content=str(twiml), media_type="application/xml")


def relay(base: str, greeting: str) -> VoiceResponse:
    """Hand the call to ConversationRelay; when the session ends Twilio asks the connect action what next."""
    twiml = VoiceResponse()
    connect = twiml.connect(action=base + CONNECT_ACTION_PATH, method="POST")
    connect.conversation_relay(
        url=ws_base(base) + RELAY_PATH,
        welcome_greeting=greeting,
        dtmf_detection=True,
        interruptible="any",
    )
    return twiml


def gather_url(base: str, turn: int, silences: int = 0) -> str:
    """The Gather action URL; `turn` makes a retried webhook's turn id the same as the original's."""
    query = {"turn": turn} | ({"silences": silences} if silences else {})
    return f"{base}{GATHER_PATH}?{urlencode(query)}"


def gather(base: str, say: str, turn: int, silences: int = 0) -> VoiceResponse:
    """Say something and listen for the caller's next utterance (speech Gather mode)."""
    twiml = VoiceResponse()
    g = twiml.gather(
        input="speech",
        action=gather_url(base, turn, silences),
        method="POST",
        speech_timeout="auto",
        action_on_empty_result=True,
    )
    g.say(say)
    return twiml


def say_and_hang_up(say: str | None, twiml: VoiceResponse | None = None) -> VoiceResponse:
    twiml = twiml or VoiceResponse()
    if say:
        twiml.say(say)
    twiml.hangup()
    return twiml
