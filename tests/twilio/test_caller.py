"""The terminal caller (`scripts/caller.py`), driven with piped stdin against the running app."""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid
from pathlib import Path

from tests.twilio.conftest import API_KEY, Gateway

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "caller.py"


async def _caller(gateway: Gateway, stdin: str, *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        "--api",
        gateway.url,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout=60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_caller_sees_replies_then_the_trigger_queue_and_context_on_transfer(gateway: Gateway) -> None:
    call_id = f"term-{uuid.uuid4().hex[:8]}"
    stdin = "what are your opening hours\ncan I speak to a real person please\nnot read: the call is with a person\n"
    code, out, err = await _caller(gateway, stdin, "--key", API_KEY, "--call-id", call_id)
    assert code == 0, err
    assert "AI: Thanks for calling Brightwave Broadband" in out and "8am to 10pm" in out
    assert "trigger:  customer_request" in out and "queue:    transactional" in out
    view = await gateway.call_view(call_id)
    assert f"context:  {view['escalation']['context_id']} (delivered to the helpdesk" in out
    assert "summary:  intent opening_hours" in out and "not read" not in out.split("summary:")[1]


async def test_caller_hangs_up_after_the_transfer_so_no_call_is_left_in_the_queue(gateway: Gateway) -> None:
    call_id = f"term-{uuid.uuid4().hex[:8]}"
    stdin = "can I speak to a real person please\n"
    code, out, err = await _caller(gateway, stdin, "--key", API_KEY, "--call-id", call_id)
    assert code == 0, err
    assert out.rstrip().endswith("(hung up after the transfer: the agent is not on this terminal)")
    view = await gateway.call_view(call_id)
    assert view["status"] == "wrap_up" and view["outcome"] == "abandoned"


async def test_ctrl_c_hangs_up(gateway: Gateway) -> None:
    call_id = f"term-{uuid.uuid4().hex[:8]}"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), "--api", gateway.url, "--key", API_KEY, "--call-id", call_id,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    while not (await asyncio.wait_for(proc.stdout.readline(), timeout=60)).startswith(b"AI: "):
        pass  # the greeting: the call is up and the caller waits for input
    proc.send_signal(signal.SIGINT)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 130, err
    assert out.decode().rstrip().endswith("(interrupted: you hung up)")
    assert (await gateway.call_view(call_id))["status"] == "wrap_up"


async def test_end_of_input_hangs_up(gateway: Gateway) -> None:
    call_id = f"term-{uuid.uuid4().hex[:8]}"
    code, out, _ = await _caller(gateway, "what are your opening hours\n", "--key", API_KEY, "--call-id", call_id)
    assert code == 0 and out.rstrip().endswith("(you hung up)")
    assert (await gateway.call_view(call_id))["status"] == "wrap_up"


async def test_wrong_key_says_so_and_exits_2(gateway: Gateway) -> None:
    code, _, err = await _caller(gateway, "hello\n", "--key", "not-a-key")
    assert code == 2 and "401" in err and "invalid API key" in err
