"""Run the whole line locally: a Temporal dev server, the worker and the API, as one command.

    python scripts/run_line.py [--port 8000] [--temporal-port 7233] [--ui-port 8233] [--policy FILE]

(`scripts/run.sh` sets up .venv first and then runs this.) The environment passes
through to the worker and the API, so `WARMLINE_HELPDESK=webhook ...` works;
`WARMLINE_POLICY` defaults to policies/demo.yaml and `WARMLINE_DATA_DIR` to ./data.
Before the worker starts, the embedded back-end's sentence encoder is adapted to the
policy's examples (data/encoders/, once per set of examples; `--base-encoder` skips it).
Each child gets its own process group and its own log in data/logs/; the worker's
and the API's lines are echoed here too. Ctrl-C or SIGTERM stops them all
(SIGTERM, then SIGKILL after a grace period); a child that dies on its own stops
the rest and this exits non-zero with the end of that child's log.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, so the project root is not on the path by itself

from runtime.stack import (  # noqa: E402
    HOST,
    Died,
    MissingBinary,
    Proc,
    dev_server_args,
    free_port,
    port_open,
    python_env,
    stop_all,
    wait_until,
)

GRACE_S = 5.0  # how long a child gets between SIGTERM and SIGKILL
TEMPORAL_START_S = 60.0
API_START_S = 120.0  # the worker and the API import ONNX Runtime & co. and fit the heads on first start

# Demo agents covering every skill of policies/demo.yaml's queues, so the desk works out of the box.
DEMO_AGENTS = [
    ("ava", "billing+plans+orders"),
    ("tom", "network+devices+sim"),
    ("mia", "disputes+fraud+vulnerable_customers+billing+plans+orders"),
]


def _killing(child: Proc) -> None:
    print(f"run_line: {child.name} ignored SIGTERM for {GRACE_S:.0f}s, killing it", file=sys.stderr)


class Stop(Exception):
    """Raised in the main thread by SIGINT/SIGTERM/SIGHUP."""


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise Stop(signal.Signals(signum).name)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Run Warmline locally: Temporal dev server, worker and API.")
    p.add_argument("--port", type=int, default=8000, help="API port (default 8000)")
    p.add_argument("--temporal-port", type=int, default=7233, help="Temporal frontend gRPC port (default 7233)")
    p.add_argument("--ui-port", type=int, default=8233, help="Temporal Web UI port (default 8233)")
    p.add_argument("--policy", type=Path, help="policy file (default $WARMLINE_POLICY or policies/demo.yaml)")
    p.add_argument(
        "--base-encoder",
        action="store_true",
        help="read turns with the base sentence encoder (default: one adapted to the policy's examples)",
    )
    return p.parse_args(argv)


ADAPT_S = 900.0  # a demo-sized policy takes ~20 s; CLINC150-sized examples ~10 min on 2 cores


def adapt_command(args: argparse.Namespace, env: dict[str, str]) -> list[str] | None:
    """The step that adapts the embedded back-end's encoder to the policy before the worker starts, if any.

    The line's default back-end reads turns better with its encoder fine-tuned on the policy's own
    examples (docs/understanding.md). It runs once per set of examples (`--reuse`), in its own process so
    torch's memory is gone before the worker starts. None: the operator chose an encoder, a back-end that
    has none, or the base one.
    """
    if args.base_encoder or env.get("WARMLINE_ENCODER_DIR"):
        return None
    if env.get("WARMLINE_UNDERSTANDING", "embedded") not in ("embedded", "llm"):  # llm: its fallback reads turns
        return None
    from activities.understanding.adapt import NEEDS_EXTRA, can_adapt

    if not can_adapt():  # the light install: adapting needs the `embeddings` extra (torch)
        print(f"run_line: reading turns with the base encoder ({NEEDS_EXTRA})")
        return None
    out = Path(env["WARMLINE_DATA_DIR"]) / "encoders" / Path(env["WARMLINE_POLICY"]).stem
    policy = env["WARMLINE_POLICY"]
    return [sys.executable, "-m", "activities.understanding.adapt", "--policy", policy, "--out", str(out), "--reuse"]


def adapt_encoder(command: list[str], env: dict[str, str]) -> None:
    """Run the adaptation; on success the worker gets its directory, on failure the base encoder (and a warning)."""
    out = command[command.index("--out") + 1]
    print(f"run_line: adapting the sentence encoder to the policy's examples (once per set of examples): {out}")
    try:
        done = subprocess.run(command, env=env, cwd=ROOT, timeout=ADAPT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print(f"run_line: adapting took over {ADAPT_S:.0f} s; starting with the base encoder", file=sys.stderr)
        return
    if done.returncode != 0:
        print("run_line: adapting failed (above); starting with the base encoder", file=sys.stderr)
        return
    env["WARMLINE_ENCODER_DIR"] = out


DEMO_POLICY = ROOT / "policies" / "demo.yaml"
DEMO_COMPANY_TOKEN = "Bearer demo"  # what scripts/demo_company.py accepts


def demo_company_port(env: dict[str, str]) -> int | None:
    """The demo's balance lookup needs Kestrel's account system: with the shipped demo policy and no
    WARMLINE_ACTIONS_BASE_URL of the operator's, this start runs the stand-in (scripts/demo_company.py) on a
    free port and points the worker at it. None: another policy, or the operator's own company system."""
    if env.get("WARMLINE_ACTIONS_BASE_URL") or Path(env["WARMLINE_POLICY"]).resolve() != DEMO_POLICY.resolve():
        return None
    port = free_port()
    env["WARMLINE_ACTIONS_BASE_URL"] = f"http://{HOST}:{port}"
    env.setdefault("KESTREL_API_AUTH", DEMO_COMPANY_TOKEN)
    return port


def child_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    if args.policy is not None:
        env["WARMLINE_POLICY"] = str(args.policy.resolve())
    env.setdefault("WARMLINE_POLICY", str(ROOT / "policies" / "demo.yaml"))
    env.setdefault("WARMLINE_DATA_DIR", str(ROOT / "data"))
    env.setdefault("WARMLINE_NAMESPACE", "default")
    # The worker and the API talk to the dev server started here, whatever the shell had.
    env["WARMLINE_TEMPORAL_ADDRESS"] = f"{HOST}:{args.temporal_port}"
    # The Temporal UI started here calls the API's codec server from its own origin.
    env.setdefault("WARMLINE_CODEC_CORS_ORIGINS", f"http://{HOST}:{args.ui_port},http://localhost:{args.ui_port}")
    if not env.get("WARMLINE_AGENT_TOKENS"):
        # The demo line comes with agents who can sign in to the desk; fresh tokens each start, printed below.
        env["WARMLINE_AGENT_TOKENS"] = ",".join(
            f"{agent}:{secrets.token_urlsafe(12)}:{skills}" for agent, skills in DEMO_AGENTS
        )
        env["WARMLINE_DEMO_AGENTS"] = "1"
    return python_env(env, ROOT)


def build_children(args: argparse.Namespace, env: dict[str, str], company: int | None = None) -> list[Proc]:
    """The processes of the line, in start order: Temporal, the demo company system (when `company`), worker, API."""
    data = Path(env["WARMLINE_DATA_DIR"]).resolve()
    logs = data / "logs"
    temporal = dev_server_args(
        args.temporal_port, ui_port=args.ui_port, db_file=data / "temporal.db", namespace=env["WARMLINE_NAMESPACE"]
    )
    if env.get("WARMLINE_ENCRYPTION_KEYS", "").strip():
        # Payloads are encrypted: the UI decodes them through the API's codec server.
        temporal += ["--ui-codec-endpoint", f"http://{HOST}:{args.port}/codec"]
    api = [sys.executable, "-m", "uvicorn", "api.app:app", "--host", HOST, "--port", str(args.port)]
    stand_in = [sys.executable, "scripts/demo_company.py", "--port", str(company)]
    return [
        Proc("temporal", temporal, logs / "temporal.log", cwd=ROOT),
        *([Proc("company", stand_in, logs / "company.log", cwd=ROOT)] if company is not None else []),
        Proc("worker", [sys.executable, "worker.py"], logs / "worker.log", cwd=ROOT, echo=True),
        Proc("api", api, logs / "api.log", cwd=ROOT, echo=True),
    ]


def report_death(child: Proc) -> int:
    code = child.exit_code()
    print(f"\nrun_line: {child.name} exited with code {code}; last lines of {child.log}:", file=sys.stderr)
    print(child.tail(), file=sys.stderr)
    return code if code else 1


def print_banner(args: argparse.Namespace, env: dict[str, str], policy: Path, logs: Path) -> None:
    """Where the line's pages are, and the demo agents' sign-in tokens when this start made them."""
    print(
        "\n"
        f"  Warmline is running ({policy.name}).\n"
        f"  API docs:     http://{HOST}:{args.port}/docs\n"
        f"  Agent desk:   http://{HOST}:{args.port}/desk\n"
        f"  Dashboard:    http://{HOST}:{args.port}/dashboard\n"
        f"  Temporal UI:  http://{HOST}:{args.ui_port}\n"
        f"  Logs:         {logs}/\n"
        "  Ctrl-C stops everything.\n",
        flush=True,
    )
    if env.get("WARMLINE_DEMO_AGENTS"):
        print("  Demo agents (desk sign-in tokens, new each start; set WARMLINE_AGENT_TOKENS to choose your own):")
        for entry in env["WARMLINE_AGENT_TOKENS"].split(","):
            agent, token, skills = entry.split(":")
            print(f"    {agent:<8} {token}   skills: {skills.replace('+', ', ')}")
        print(flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    env = child_env(args)
    policy = Path(env["WARMLINE_POLICY"])
    if not policy.is_file():
        print(f"run_line: policy file not found: {policy}", file=sys.stderr)
        return 2
    busy = [str(p) for p in (args.temporal_port, args.ui_port, args.port) if port_open(p, timeout_s=0.5)]
    if busy:
        print(
            f"run_line: port(s) {', '.join(busy)} already in use on {HOST}; "
            "stop what runs there or pick others with --port / --temporal-port / --ui-port",
            file=sys.stderr,
        )
        return 2

    if command := adapt_command(args, env):
        adapt_encoder(command, env)
    company = demo_company_port(env)
    try:
        children = build_children(args, env, company)
    except MissingBinary as e:
        sys.exit(f"run_line: {e}")
    temporal, *stand_ins, worker, api = children
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_stop)
    try:
        print(f"run_line: starting Temporal dev server on {HOST}:{args.temporal_port} (log: {temporal.log})")
        temporal.start(env)
        wait_until(f"{HOST}:{args.temporal_port}", lambda: port_open(args.temporal_port), TEMPORAL_START_S, [temporal])
        if company is not None:  # the demo company system, before the worker that calls it
            (stand_in,) = stand_ins
            print(f"run_line: starting the demo company system on {env['WARMLINE_ACTIONS_BASE_URL']}")
            stand_in.start(env)
            wait_until(env["WARMLINE_ACTIONS_BASE_URL"], lambda: port_open(company), TEMPORAL_START_S, [stand_in])
        print(f"run_line: starting worker and API (policy: {policy})")
        worker.start(env)
        api.start(env)
        wait_until(f"{HOST}:{args.port}", lambda: port_open(args.port), API_START_S, children)
        print_banner(args, env, policy, temporal.log.parent)
        while True:
            for child in children:
                child.check()
            time.sleep(0.5)
    except Died as e:
        return report_death(e.proc)
    except Stop as e:
        print(f"\nrun_line: {e}, stopping", file=sys.stderr)
        return 0
    except TimeoutError as e:
        print(f"run_line: {e}", file=sys.stderr)
        for child in children:
            if child.popen is not None:
                print(f"--- {child.name}:\n{child.tail(10)}", file=sys.stderr)
        return 1
    finally:
        # A second Ctrl-C must not interrupt the clean-up half way.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        stop_all(children, GRACE_S, on_kill=_killing)


if __name__ == "__main__":
    sys.exit(main())
