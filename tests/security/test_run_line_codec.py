"""`scripts/run_line.py` points the dev server's UI at the codec server only when payloads are encrypted."""

from __future__ import annotations

import pytest

from tests.run_line_script import load_run_line


def test_codec_endpoint_only_with_keys() -> None:
    rl = load_run_line()
    args = rl.parse_args(["--port", "8100", "--ui-port", "8300"])
    env = {**rl.child_env(args), "WARMLINE_DATA_DIR": "/tmp/wl"}
    env.pop("WARMLINE_ENCRYPTION_KEYS", None)
    assert "--ui-codec-endpoint" not in rl.build_children(args, env)[0].args
    env["WARMLINE_ENCRYPTION_KEYS"] = "k"
    targs = rl.build_children(args, env)[0].args
    assert targs[targs.index("--ui-codec-endpoint") + 1] == "http://127.0.0.1:8100/codec"


def test_codec_cors_follows_the_ui_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WARMLINE_CODEC_CORS_ORIGINS", raising=False)
    rl = load_run_line()
    env = rl.child_env(rl.parse_args(["--ui-port", "8300"]))
    assert env["WARMLINE_CODEC_CORS_ORIGINS"] == "http://127.0.0.1:8300,http://localhost:8300"
