"""A whole call through the API and a real worker with WARMLINE_ENCRYPTION_KEYS set.

The raw history (read without the codec, as the server stores it) holds only
encrypted payloads, and the card number is nowhere: not in history, not in the
helpdesk's payload, not in the store. Operators still read it through the codec server.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from pathlib import Path

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload

from runtime.codec import ENCODING, KEY_ID, EncryptionCodec, key_id, new_key, parse_keys
from tests.line import running_line
from tests.security.conftest import EncryptedLine, encrypting_client
from warmline.models import CallState, TurnRequest
from workflows.call import CallWorkflow

CARD_DIGITS = "4111111111111111"
SPOKEN = "my card is four one one one one one one one one one one one one one one one"
TYPED = "or 4111-1111-1111-1111, security code is 737"
# Clear on purpose, and free of caller data: search attributes (the server indexes them), headers (none are
# set), the SDK's own local-activity marker bookkeeping (seq, attempt, activity type, times), and its
# `workflow.patched` markers (the patch id).
CLEAR_BY_DESIGN = (
    "search_attributes",
    "header",
    "marker_recorded_event_attributes.details[data]",
    "marker_recorded_event_attributes.details[patch-data]",
)


def payloads_in(msg: Message, path: str = "") -> Iterator[tuple[str, Payload]]:
    """Every Payload anywhere inside a protobuf message, with its field path."""
    for field, value in msg.ListFields():
        kind = field.message_type
        if field.type != FieldDescriptor.TYPE_MESSAGE or kind is None:
            continue
        name = f"{path}.{field.name}"
        if kind.GetOptions().map_entry:
            if kind.fields_by_name["value"].type == FieldDescriptor.TYPE_MESSAGE:
                for k, v in value.items():
                    yield from _visit(v, f"{name}[{k}]")
        elif field.is_repeated:
            for i, v in enumerate(value):
                yield from _visit(v, f"{name}[{i}]")
        else:
            yield from _visit(value, name)


def _visit(m: Message, path: str) -> Iterator[tuple[str, Payload]]:
    if isinstance(m, Payload):
        yield path, m
    else:
        yield from payloads_in(m, path)


def _no_card(blob: bytes) -> bool:
    return CARD_DIGITS.encode() not in blob and b"4111-1111" not in blob and b"four one one one" not in blob


def _store_files(data_dir: Path) -> list[bytes]:
    """The SQLite store with its WAL: what a disk image of the store would show."""
    return [p.read_bytes() for p in data_dir.glob("warmline.db*")]


async def _whole_call(enc: EncryptedLine) -> str:
    cid = f"sec-{uuid.uuid4().hex[:8]}"
    http = enc.http
    assert (await http.post("/v1/calls", json={"call_id": cid, "caller": {"number": "+15550199"}})).status_code == 201
    for text in (SPOKEN, TYPED, "I want to talk to a real person"):
        r = await http.post(f"/v1/calls/{cid}/turns", json={"text": text})
        assert r.status_code == 200, r.text
        if r.json()["action"] == "transfer":  # two unclear turns may already hand over (low confidence)
            break
    assert r.json()["action"] == "transfer" and text != SPOKEN  # both card turns reached the call
    for kind in ("agent_connected", "agent_completed"):
        assert (await http.post(f"/v1/calls/{cid}/agent-events", json={"type": kind, "agent_id": "a1"})).is_success
    disposition = {"agent_id": "a1", "codes": ["none"], "repeat_explanation": False}
    assert (await http.post(f"/v1/calls/{cid}/disposition", json=disposition)).is_success
    assert (await http.post(f"/v1/calls/{cid}/csat", json={"score": 4})).is_success
    final: CallState = await enc.line.handle(cid).result()
    assert final.status.value == "ended"
    return cid


async def test_raw_history_holds_only_encrypted_payloads_and_no_card_number(encrypted: EncryptedLine) -> None:
    cid = await _whole_call(encrypted)
    history = await encrypted.raw.get_workflow_handle(cid).fetch_history()
    raw = b"".join(e.SerializeToString() for e in history.events)
    assert _no_card(raw)
    assert b"Brightwave" not in raw and b"real person" not in raw  # greeting and caller words are ciphertext

    found = [(p, pl) for e in history.events for p, pl in payloads_in(e)]
    encrypted_ones = [pl for p, pl in found if not any(c in p for c in CLEAR_BY_DESIGN)]
    assert len(encrypted_ones) > 10
    first = key_id(parse_keys(encrypted.keys)[0])
    for pl in encrypted_ones:
        assert pl.metadata["encoding"] == ENCODING and pl.metadata[KEY_ID] == first.encode()
    clear = [pl for p, pl in found if any(c in p for c in CLEAR_BY_DESIGN)]
    assert all(_no_card(pl.SerializeToString()) for pl in clear)

    # Decrypted, the call is all there, with the card already redacted at the edge.
    plain = await EncryptionCodec(parse_keys(encrypted.keys)).decode(encrypted_ones)
    text = b"".join(p.data for p in plain)
    assert _no_card(text) and b"[redacted:card]" in text and b"[redacted:cvv]" in text and b"Brightwave" in text


async def test_helpdesk_payload_and_store_have_no_card_number(encrypted: EncryptedLine, tmp_path: Path) -> None:
    await _whole_call(encrypted)
    assert encrypted.line.helpdesk is not None
    deliveries = encrypted.line.helpdesk.deliveries()
    assert deliveries and all(_no_card(d.raw) for d in deliveries)
    assert any(b"[redacted:card]" in d.raw for d in deliveries)
    store = _store_files(tmp_path)
    assert store and all(_no_card(b) for b in store)


async def test_operators_read_the_history_through_the_codec_server(encrypted: EncryptedLine) -> None:
    cid = await _whole_call(encrypted)
    history = await encrypted.raw.get_workflow_handle(cid).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes.input.payloads
    body = {
        "payloads": [
            {
                "metadata": {k: base64.b64encode(v).decode() for k, v in p.metadata.items()},
                "data": base64.b64encode(p.data).decode(),
            }
            for p in started
        ]
    }
    r = await encrypted.ops.post("/codec/decode", json=body, headers={"X-Namespace": "default"})
    assert r.status_code == 200, r.text
    out = r.json()["payloads"]
    assert base64.b64decode(out[0]["metadata"]["encoding"]) == b"json/plain"
    assert cid in base64.b64decode(out[0]["data"]).decode()
    # The gateway key is not an operator key: a valid key of another role is 403.
    assert (await encrypted.http.post("/codec/decode", json=body)).status_code == 403


async def test_rotated_key_still_decrypts_a_running_call(encrypted: EncryptedLine, tmp_path: Path) -> None:
    """A call started under the old key continues on a worker whose new key is first and old key second."""
    old = encrypted.keys.split(",")[0]
    s = encrypted.line.settings
    cid = f"rot-{uuid.uuid4().hex[:8]}"
    old_client = await encrypting_client(encrypted.host, old)
    async with running_line(
        old_client, tmp_path, encrypted.line.helpdesk, task_queue=f"{s.task_queue}-rot", encryption_keys=old
    ) as before:
        await before.start(cid)
        assert (await before.turn(cid, "what payment methods do you take")).action == "reply"
    rotated = f"{new_key()},{old}"
    new_client = await encrypting_client(encrypted.host, rotated)
    async with running_line(
        new_client, tmp_path, encrypted.line.helpdesk, task_queue=f"{s.task_queue}-rot", encryption_keys=rotated
    ) as after:
        # A fresh worker has no cache: it replays the old-key history before it can run this turn.
        r = await after.handle(cid).execute_update(CallWorkflow.turn, TurnRequest(text="what are your opening hours"))
        assert r.turn == 2
        await after.handle(cid).terminate("test over")
    history = await encrypted.raw.get_workflow_handle(cid).fetch_history()
    ids = {
        pl.metadata[KEY_ID].decode()
        for e in history.events
        for p, pl in payloads_in(e)
        if not any(c in p for c in CLEAR_BY_DESIGN) and KEY_ID in pl.metadata
    }
    assert ids == {key_id(parse_keys(old)[0]), key_id(parse_keys(rotated)[0])}


async def test_the_store_holds_no_callers_words_and_the_api_still_reads_it(
    encrypted: EncryptedLine, tmp_path: Path
) -> None:
    cid = await _whole_call(encrypted)
    store = _store_files(tmp_path)
    assert store and not any(b"real person" in b or b"Brightwave Broadband" in b for b in store)
    metrics = await encrypted.ops.get("/v1/metrics")  # read from the store, the records opened
    assert metrics.status_code == 200 and metrics.json()["calls"] >= 1
    assert cid.encode() in b"".join(store)  # the row is there, its ids and indexed columns clear
