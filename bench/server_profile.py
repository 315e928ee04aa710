"""Where the Temporal dev server's CPU goes: `perf` samples named from the binary's own Go symbol table.

    perf record -F 499 -g -p <server pid> -o /tmp/perf.data -- sleep 20   # during a spike (bench.spike_gc)
    python -m bench.server_profile report /tmp/perf.data [--pid PID]       # its functions and areas

The `temporal` CLI ships stripped (no ELF symbol table), so `perf report` shows the server's samples as bare
addresses. A Go binary keeps its function table for its own tracebacks (`.gopclntab`: each function's entry and
name), and that is enough to name every sample and every caller in its stack. `perf script` prints an address it
cannot name relative to the binary's mapping (the file offset: 0x1000 for the first byte of `.text` in this
non-PIE binary), so the table's entries are placed at `.text`'s file offset.

The report gives the server's self time by function and the shares of the areas a Warmline call pays for
(`AREAS`, each a sample counted once if the area's function is anywhere in its stack: visibility writes, the
history service's handlers, SQLite, the Go collector). It reads a recording; it starts nothing but `perf script`.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PCLNTAB_MAGICS = (0xFFFFFFF1, 0xFFFFFFF0)  # Go 1.20+ and Go 1.18-1.19: the same functab layout
# Areas of the server a call's start and turns pay for: (label, substring of a function name in the stack).
AREAS = (
    ("visibility: all writes", "visibilityQueueTaskExecutor).Execute"),
    ("visibility: search-attribute upserts", "visibilityQueueTaskExecutor).processUpsertExecution"),
    ("visibility: start records", "visibilityQueueTaskExecutor).processStartExecution"),
    ("visibility: close records", "visibilityQueueTaskExecutor).processCloseExecution"),
    ("history: RespondWorkflowTaskCompleted", "history.(*Handler).RespondWorkflowTaskCompleted"),
    ("history: RecordWorkflowTaskStarted", "history.(*Handler).RecordWorkflowTaskStarted"),
    ("history: UpdateWorkflowExecution", "history.(*Handler).UpdateWorkflowExecution"),
    ("history: StartWorkflowExecution", "history.(*Handler).StartWorkflowExecution"),
    ("history: transfer queue", "transferQueueActiveTaskExecutor).Execute"),
    ("history: timer queue", "timerQueueActiveTaskExecutor).Execute"),
    ("matching: PollWorkflowTaskQueue", "matching.(*Handler).PollWorkflowTaskQueue"),
    ("matching: AddWorkflowTask", "matching.(*Handler).AddWorkflowTask"),
    ("SQLite: all", "modernc.org/sqlite"),
    ("SQLite: parsing statements", "_sqlite3Prepare"),
    ("Go collector: background marking", "runtime.gcBgMarkWorker"),
    ("kernel", "[k]"),
)


@dataclass(frozen=True)
class GoSymbols:
    """Function entries (sorted addresses) and their names, from a Go binary's `.gopclntab`."""

    entries: list[int]
    names: list[str]

    def name(self, address: int) -> str:
        i = bisect.bisect_right(self.entries, address) - 1
        return self.names[i] if i >= 0 else "?"


def _sections(elf: bytes) -> dict[str, tuple[int, int, int]]:
    """An ELF64 little-endian file's sections: name -> (address, file offset, size)."""
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
    raw = [struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    strtab_off = raw[shstrndx][4]
    out = {}
    for name_off, _type, _flags, addr, offset, size in raw:
        end = elf.index(b"\0", strtab_off + name_off)
        out[elf[strtab_off + name_off : end].decode()] = (addr, offset, size)
    return out


def parse_pclntab(tab: bytes, text_base: int) -> GoSymbols:
    """The function table of a `.gopclntab` (Go 1.18+ layout), each entry placed at `text_base` + its offset."""
    magic, _pad1, _pad2, _quantum, ptrsize = struct.unpack_from("<IBBBB", tab, 0)
    if magic not in PCLNTAB_MAGICS or ptrsize != 8:
        raise ValueError(f"not a Go 1.18+ 64-bit pclntab (magic {magic:#x}, pointer size {ptrsize})")
    nfunc, _nfiles, _text_start, funcname_off, _cu, _filetab, _pctab, pcln_off = struct.unpack_from("<8Q", tab, 8)
    entries, names = [], []
    for i in range(nfunc):
        entry_off, func_off = struct.unpack_from("<II", tab, pcln_off + i * 8)
        name_off = struct.unpack_from("<i", tab, pcln_off + func_off + 4)[0]
        start = funcname_off + name_off
        entries.append(text_base + entry_off)
        names.append(tab[start : tab.index(b"\0", start)].decode(errors="replace"))
    return GoSymbols(entries, names)


def go_symbols(binary: Path) -> GoSymbols:
    """The binary's functions, at the addresses `perf script` prints for an unnamed sample (file offsets)."""
    elf = binary.read_bytes()
    sections = _sections(elf)
    _, tab_offset, tab_size = sections[".gopclntab"]
    _, text_offset, _ = sections[".text"]
    return parse_pclntab(elf[tab_offset : tab_offset + tab_size], text_offset)


def stacks(perf_script: Iterable[str], symbols: GoSymbols, dso: str = "temporal") -> Iterator[list[str]]:
    """Each sample's stack, innermost first, from `perf script -F ip,sym,dso` output (blank line between)."""
    stack: list[str] = []
    for line in perf_script:
        parts = line.split()
        if not parts:
            if stack:
                yield stack
            stack = []
            continue
        if f"/{dso})" in line or f"({dso})" in line:
            try:
                stack.append(symbols.name(int(parts[0], 16)))
            except ValueError:
                continue
        elif "[kernel.kallsyms]" in line and len(parts) >= 2:
            stack.append("[k]" + parts[1])
    if stack:
        yield stack


@dataclass
class Profile:
    samples: int
    self_time: collections.Counter[str]
    areas: dict[str, int]  # each `AREAS` needle: samples with it anywhere in the stack (once per sample)

    def share(self, count: int) -> float:
        return 100.0 * count / max(self.samples, 1)

    def lines(self, top: int = 30) -> list[str]:
        out = [f"samples: {self.samples}", "areas (share of the server's samples; a sample counts once per area):"]
        out += [f"  {self.share(self.areas.get(needle, 0)):5.1f} %  {label}" for label, needle in AREAS]
        out.append(f"self, top {top}:")
        out += [f"  {self.share(c):5.1f} %  {name}" for name, c in self.self_time.most_common(top)]
        return out


def profile(samples: Iterable[list[str]]) -> Profile:
    """Self counts by function, and each `AREAS` needle's count (a sample once however often it matches)."""
    self_time: collections.Counter[str] = collections.Counter()
    areas: collections.Counter[str] = collections.Counter()
    n = 0
    for stack in samples:
        n += 1
        self_time[stack[0]] += 1
        for _label, needle in AREAS:
            if any(needle in f for f in stack):
                areas[needle] += 1
    return Profile(n, self_time, dict(areas))


def report(perf_data: Path, pid: int | None, binary: Path) -> Profile:
    args = ["perf", "script", "-i", str(perf_data), "-F", "ip,sym,dso"]
    if pid is not None:
        args += ["--pid", str(pid)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return profile(stacks(out.splitlines(), go_symbols(binary)))


def main() -> None:
    from runtime.stack import binary

    p = argparse.ArgumentParser(description="The Temporal dev server's CPU under perf, by Go function.")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("report")
    r.add_argument("perf_data", type=Path)
    r.add_argument("--pid", type=int, help="the server's pid, when the recording holds other processes")
    r.add_argument("--top", type=int, default=30)
    r.add_argument("--binary", type=Path, default=None, help="the temporal binary (default: the one the bench runs)")
    args = p.parse_args()
    prof = report(args.perf_data, args.pid, args.binary or Path(binary("temporal")))
    print("\n".join(prof.lines(args.top)))


if __name__ == "__main__":
    main()
