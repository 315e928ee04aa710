"""bench/server_profile.py names the stripped Temporal server's samples from its Go function table."""

from __future__ import annotations

import struct

import pytest

from bench.server_profile import AREAS, parse_pclntab, profile, stacks


def _pclntab(functions: list[tuple[int, str]]) -> bytes:
    """A minimal Go 1.20+ `.gopclntab`: the header, the function names, the function table and each `_func`."""
    names = b"".join(name.encode() + b"\0" for _, name in functions)
    name_offsets = []
    at = 0
    for _, name in functions:
        name_offsets.append(at)
        at += len(name) + 1
    funcname_off = 8 + 8 * 8
    pcln_off = funcname_off + len(names)
    n = len(functions)
    functab = b"".join(struct.pack("<II", entry, (n + 1) * 8 + i * 8) for i, (entry, _) in enumerate(functions))
    functab += struct.pack("<II", functions[-1][0] + 0x100, 0)  # the end of the last function
    funcs = b"".join(struct.pack("<Ii", entry, off) for (entry, _), off in zip(functions, name_offsets, strict=True))
    header = struct.pack("<IBBBB", 0xFFFFFFF1, 0, 0, 1, 8) + struct.pack(
        "<8Q", n, 0, 0, funcname_off, 0, 0, 0, pcln_off
    )
    return header + names + functab + funcs


def test_an_address_is_named_by_the_function_it_falls_in() -> None:
    table = _pclntab([(0x0, "runtime.main"), (0x40, "go.temporal.io/server/service/history.(*Handler).Start")])
    symbols = parse_pclntab(table, text_base=0x1000)

    assert symbols.name(0x1000) == "runtime.main"
    assert symbols.name(0x103F) == "runtime.main"
    assert symbols.name(0x1041) == "go.temporal.io/server/service/history.(*Handler).Start"
    assert symbols.name(0x0FFF) == "?"


def test_not_a_pclntab_is_refused() -> None:
    with pytest.raises(ValueError, match="pclntab"):
        parse_pclntab(b"\0" * 80, text_base=0)


def test_samples_count_once_per_area_however_deep() -> None:
    table = _pclntab(
        [
            (0x0, "modernc.org/sqlite/lib._sqlite3Prepare"),
            (0x40, "modernc.org/sqlite.(*conn).exec"),
            (0x80, "go.temporal.io/server/service/history.(*visibilityQueueTaskExecutor).processUpsertExecution"),
            (0xC0, "runtime.gcBgMarkWorker"),
        ]
    )
    symbols = parse_pclntab(table, text_base=0x1000)
    perf_script = [
        "",
        "\t    1004 [unknown] (/venv/bin/temporal)",
        "\t    1044 [unknown] (/venv/bin/temporal)",
        "\t    1084 [unknown] (/venv/bin/temporal)",
        "",
        "\t    10c4 [unknown] (/venv/bin/temporal)",
        "",
        "\tffffffff81000000 do_syscall_64 ([kernel.kallsyms])",
        "\t    1044 [unknown] (/venv/bin/temporal)",
    ]
    prof = profile(stacks(perf_script, symbols))

    assert prof.samples == 3
    assert prof.self_time["modernc.org/sqlite/lib._sqlite3Prepare"] == 1
    assert prof.self_time["[k]do_syscall_64"] == 1
    shares = {label: prof.share(prof.areas.get(needle, 0)) for label, needle in AREAS}
    assert shares["SQLite: all"] == pytest.approx(200 / 3)  # two samples, one of them with two SQLite frames
    assert shares["visibility: search-attribute upserts"] == pytest.approx(100 / 3)
    assert shares["Go collector: background marking"] == pytest.approx(100 / 3)
    assert shares["kernel"] == pytest.approx(100 / 3)
