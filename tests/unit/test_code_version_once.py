"""The stored turns' code version is read from the installed metadata once per process, not per finished call."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError

import pytest

from activities import records


def test_the_installed_version_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []

    def version(name: str) -> str:
        looked_up.append(name)
        return "9.9.9"

    monkeypatch.setattr(records, "version", version)
    records.code_version.cache_clear()
    try:
        assert [records.code_version() for _ in range(3)] == ["9.9.9"] * 3
        assert looked_up == ["warmline"]
    finally:
        records.code_version.cache_clear()


def test_a_checkout_without_an_install_reads_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    def version(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr(records, "version", version)
    records.code_version.cache_clear()
    try:
        assert records.code_version() == "unknown"
    finally:
        records.code_version.cache_clear()
