"""The worker's payload converter: built cheaply on every activation, writing the SDK's pydantic bytes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from temporalio.contrib import pydantic as sdk_pydantic
from temporalio.contrib.pydantic import pydantic_data_converter

from runtime.codec import EncryptionCodec, SharedPydanticPayloadConverter, data_converter, new_key
from warmline.models import Caller, CallStart, CallState, TurnRequest, TurnResult
from warmline.understanding import DialogAct, Understanding

VALUES: list[Any] = [
    TurnRequest(text="what are your opening hours", asr_confidence=0.93, turn_id="t-1"),
    Understanding(intent="opening_hours", confidence=0.81, acts=[DialogAct.NOT_RESOLVED], sentiment=-0.2),
    TurnResult(call_id="c-1", turn=2, action="reply", say="We open at nine."),
    CallStart(call_id="c-1", caller=Caller(number="+441234567890", authenticated=True)),
    CallState(call_id="c-1", started_at=datetime(2026, 12, 5, 21, 0, tzinfo=UTC)),
    {"plain": [1, 2.5, None, "x"]},
    "text",
    None,
]


def test_a_new_converter_builds_no_new_pydantic_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the SDK does twice around every workflow activation: build the data converter's payload converter."""
    built: list[object] = []
    original = sdk_pydantic.PydanticJSONPlainPayloadConverter.__init__

    def counting(self: object, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sdk_pydantic.PydanticJSONPlainPayloadConverter, "__init__", counting)
    converter = data_converter("")
    for _ in range(4):
        dataclasses.replace(converter)  # as `_CommandAwareDataConverter.create` builds one
    assert built == []


def test_every_instance_shares_the_encoding_converters() -> None:
    a, b = SharedPydanticPayloadConverter(), SharedPydanticPayloadConverter()
    assert a is not b  # the SDK sets converters on a fresh instance in `with_context`: never a singleton
    assert list(a.converters) == list(b.converters)
    assert all(a.converters[k] is b.converters[k] for k in a.converters)


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_the_same_bytes_as_the_sdks_pydantic_converter(value: Any) -> None:
    """Histories recorded with either converter read the same (tests/histories/ were recorded with the SDK's)."""
    ours, sdk = data_converter("").payload_converter, pydantic_data_converter.payload_converter
    [mine] = ours.to_payloads([value])
    [theirs] = sdk.to_payloads([value])
    assert mine == theirs
    hint = type(value) if value is not None else None
    assert ours.from_payloads([theirs], [hint] if hint else None) == sdk.from_payloads([mine], [hint] if hint else None)


def test_encrypted_converter_shares_them_too() -> None:
    converter = data_converter(new_key())
    assert isinstance(converter.payload_codec, EncryptionCodec)
    assert converter.payload_converter_class is SharedPydanticPayloadConverter
