"""What `pip install .` puts on disk, measured from this environment (issue 18 item 5: a light line).

A fresh `python3.11 -m venv && pip install .` is the honest figure (bench/README.md, "A light line"), but it
needs the package index and minutes. This reads the same thing from the environment the bench runs in: the
distributions `pyproject.toml`'s `dependencies` pull in (their requirements followed, markers evaluated,
extras only where a requirement names them), each counted by the files its RECORD lists, plus Warmline's own
package files. The baseline in the same run is what each extra adds on top (`embeddings`: the torch reference
and training; `dev`: the test tools), so a dependency that creeps into the run-time list shows as a jump in
the first row rather than in the extras'.

    .venv/bin/python -m bench.install_size
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


@dataclass
class Closure:
    """Distributions reached from a list of requirements, with their installed size."""

    sizes: dict[str, int] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


def _dist_size(dist: metadata.Distribution) -> int:
    total = 0
    for f in dist.files or []:
        try:
            total += Path(str(dist.locate_file(f))).stat().st_size
        except OSError:
            continue  # RECORD names a file pip did not write (or an editable install's source)
    return total


def _wanted(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    env: dict[str, str] = {k: str(v) for k, v in default_environment().items()}
    return any(req.marker.evaluate(env | {"extra": e}) for e in (extras or {""}))


def closure(requirements: list[str], own_extras: set[str] | None = None) -> Closure:
    """Follow `requirements` through the installed distributions' metadata (the resolver's answer here)."""
    out = Closure()
    queue: list[tuple[Requirement, set[str]]] = [(Requirement(r), set()) for r in requirements]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        req, parent_extras = queue.pop()
        if not _wanted(req, parent_extras):
            continue
        name = canonicalize_name(req.name)
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        if name == "warmline":
            queue += [(Requirement(r), set()) for e in req.extras for r in own_extras_of(e)]
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            out.missing.add(name)
            continue
        if name not in out.sizes:
            out.sizes[name] = _dist_size(dist)
        queue += [(Requirement(r), set(req.extras)) for r in dist.requires or []]
    return out


def _pyproject() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project


def own_extras_of(extra: str) -> list[str]:
    return list(_pyproject().get("optional-dependencies", {}).get(extra, []))


def own_package_size() -> int:
    """Warmline's own files as the wheel ships them: the packages pyproject finds, with their data."""
    tops = ("warmline", "workflows", "activities", "api", "runtime", "store")
    total = (ROOT / "worker.py").stat().st_size
    for top in tops:
        for p in (ROOT / top).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts:
                total += p.stat().st_size
    return total


def measure() -> dict[str, Any]:
    project = _pyproject()
    runtime = closure(list(project["dependencies"]))
    own = own_package_size()
    report: dict[str, Any] = {
        "runtime_mb": round((runtime.total + own) / MB, 1),
        "runtime_packages": len(runtime.sizes),
        "warmline_own_mb": round(own / MB, 1),
        "largest": {k: round(v / MB, 1) for k, v in sorted(runtime.sizes.items(), key=lambda kv: -kv[1])[:10]},
        "missing": sorted(runtime.missing),
        "extras_add_mb": {},
    }
    for extra in project.get("optional-dependencies", {}):
        with_extra = closure([*project["dependencies"], *own_extras_of(extra)])
        added = {k: v for k, v in with_extra.sizes.items() if k not in runtime.sizes}
        report["extras_add_mb"][extra] = round(sum(added.values()) / MB, 1)
    heavy = ("torch", "transformers", "sentence-transformers", "ortools", "pandas", "sympy", "scikit-learn", "scipy")
    report["heavy_in_runtime"] = [h for h in heavy if h in runtime.sizes]
    return report


def print_report(r: dict[str, Any]) -> None:
    print(
        f"  install: `pip install .` brings {r['runtime_mb']:.0f} MB in {r['runtime_packages']} distributions "
        f"(Warmline's own files {r['warmline_own_mb']:.0f} MB; goal: the environment ≤ 700 MB with pip and the "
        "venv's own ~20 MB)"
    )
    print("  largest: " + ", ".join(f"{k} {v:.0f}" for k, v in r["largest"].items()))
    print("  the extras add: " + ", ".join(f"{k} +{v:.0f} MB" for k, v in r["extras_add_mb"].items()))
    heavy = ", ".join(r["heavy_in_runtime"]) or "none"
    print(f"  heavy libraries in the run-time install: {heavy}")
    if r["missing"]:
        print(f"  not installed here (not counted): {', '.join(r['missing'])}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)
    r = measure()
    if args.json:
        json.dump(r, sys.stdout, indent=2)
        print()
    else:
        print_report(r)
    return r


if __name__ == "__main__":
    main()
