"""The file-backed dev server keeps its SQLite file write-ahead (WAL, synced at checkpoints); in memory, no pragma."""

from __future__ import annotations

from pathlib import Path

from runtime.stack import SQLITE_PRAGMAS, dev_server_args


def _pragmas(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args) if a == "--sqlite-pragma"]


def test_a_file_backed_server_runs_its_sqlite_file_write_ahead(tmp_path: Path) -> None:
    args = dev_server_args(7233, db_file=tmp_path / "temporal.db")
    assert _pragmas(args) == ["journal_mode=wal", "synchronous=normal"] == list(SQLITE_PRAGMAS)
    assert args[args.index("--db-filename") + 1] == str(tmp_path / "temporal.db")


def test_an_in_memory_server_takes_no_pragma() -> None:
    assert _pragmas(dev_server_args(7233)) == []
