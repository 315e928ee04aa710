"""The Twilio gateway: real phone calls through ConversationRelay or speech Gather.

Twilio is only an adapter. Every route here turns Twilio's webhooks and relay
messages into the same calls the HTTP API makes (`api.temporal_calls`), so the
call workflow never knows which gateway drives it; a second gateway is another
package beside this one.
"""
