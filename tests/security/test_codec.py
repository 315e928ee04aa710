"""The AES-256-GCM payload codec: round trip, key ids, rotation, tampering, bad key configuration."""

from __future__ import annotations

import base64

import pytest
from temporalio.api.common.v1 import Payload

from runtime.codec import (
    ENCODING,
    KEY_ID,
    PYDANTIC,
    EncryptionCodec,
    EncryptionKeyError,
    data_converter,
    key_id,
    new_key,
    parse_keys,
)
from warmline.settings import Settings

OLD, NEW = new_key(), new_key()


def _payload(text: str = '{"text": "hello"}') -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=text.encode())


async def test_round_trip_names_the_encrypting_key_and_hides_the_data() -> None:
    codec = EncryptionCodec(parse_keys(OLD))
    [sealed] = await codec.encode([_payload()])
    assert sealed.metadata["encoding"] == ENCODING
    assert sealed.metadata[KEY_ID].decode() == key_id(base64.b64decode(OLD))
    assert b"hello" not in sealed.SerializeToString() and b"json/plain" not in sealed.SerializeToString()
    assert await codec.decode([sealed]) == [_payload()]


async def test_same_payload_encrypts_differently_each_time() -> None:
    codec = EncryptionCodec(parse_keys(OLD))
    a, b = await codec.encode([_payload(), _payload()])
    assert a.data != b.data


async def test_rotation_first_key_encrypts_every_key_decrypts() -> None:
    [under_old] = await EncryptionCodec(parse_keys(OLD)).encode([_payload("old")])
    rotated = EncryptionCodec(parse_keys(f"{NEW},{OLD}"))
    [under_new] = await rotated.encode([_payload("new")])
    assert under_new.metadata[KEY_ID].decode() == key_id(base64.b64decode(NEW))
    assert [p.data for p in await rotated.decode([under_old, under_new])] == [b"old", b"new"]
    with pytest.raises(EncryptionKeyError, match="not in WARMLINE_ENCRYPTION_KEYS"):
        await EncryptionCodec(parse_keys(OLD)).decode([under_new])  # a retired key set cannot read new calls


async def test_tampered_payload_is_refused() -> None:
    codec = EncryptionCodec(parse_keys(OLD))
    [sealed] = await codec.encode([_payload()])
    flipped = Payload(metadata=dict(sealed.metadata), data=sealed.data[:-1] + bytes([sealed.data[-1] ^ 1]))
    with pytest.raises(EncryptionKeyError, match="failed authentication"):
        await codec.decode([flipped])


async def test_payloads_from_before_encryption_pass_through() -> None:
    assert await EncryptionCodec(parse_keys(OLD)).decode([_payload()]) == [_payload()]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not base64!", r"WARMLINE_ENCRYPTION_KEYS\[0\]: not valid base64"),
        (
            f"{OLD},{base64.b64encode(b'short').decode()}",
            r"WARMLINE_ENCRYPTION_KEYS\[1\]: an AES-256 key is 32 bytes, got 5",
        ),
    ],
)
def test_bad_keys_stop_the_process_with_the_variable_named(value: str, message: str) -> None:
    with pytest.raises(EncryptionKeyError, match=message):
        parse_keys(value)
    with pytest.raises(ValueError, match=message) as e:
        Settings(encryption_keys=value).check()
    assert OLD not in str(e.value) and OLD not in repr(Settings(encryption_keys=OLD))  # keys never shown


def test_no_keys_means_the_plain_pydantic_converter() -> None:
    # The SDK's pydantic converter, its converters built once (tests/unit/test_shared_converter.py: the same bytes).
    assert data_converter("") is PYDANTIC and data_converter(" , ") is PYDANTIC and PYDANTIC.payload_codec is None
    conv = data_converter(f"{NEW},{OLD}")
    assert isinstance(conv.payload_codec, EncryptionCodec) and conv.payload_converter is not None
    assert conv.payload_codec.key_ids == [key_id(base64.b64decode(k)) for k in (NEW, OLD)]
