"""The import walls between Warmline's layers (issue 16), checked by walking every import with `ast`.

Layers: `warmline/` is the I/O-free core; `store/` the records (SQL); `activities/`
do the I/O; `workflows/` orchestrate deterministically; `api/` is FastAPI;
`runtime/` is process plumbing. Imports inside functions and inside
`workflow.unsafe.imports_passed_through()` count too: a lazy import is still a wall crossed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("warmline", "store", "activities", "workflows", "api", "runtime")
# Payload models live in the core; from activities/ a workflow imports only the classes it calls for typed handles.
ACTIVITY_CLASS_SUFFIX = "Activities"
# What the API may take from store/: the engine and the read-only queries, and the audio files the gateway hands
# the worker (blobs, not records). Every change to a record goes through a workflow.
API_STORE_MODULES = {"store.engine", "store.queries", "store.audio"}


@dataclass(frozen=True)
class Import:
    file: Path
    line: int
    module: str  # the imported module, e.g. "activities.records"
    names: tuple[str, ...]  # the names taken from it (empty for `import x`)

    @property
    def layer(self) -> str:
        return self.module.split(".")[0]

    def where(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line}"


def imports_of(path: Path) -> Iterator[Import]:
    """Every absolute import in `path`, at any depth (functions, `with` blocks, `if TYPE_CHECKING`)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield Import(path, node.lineno, node.module, tuple(a.name for a in node.names))


def broken(imp: Import, layer: str) -> str | None:
    """The rule `imp` breaks, made in a module of `layer`; None when it keeps to the walls."""
    if layer == "warmline" and imp.layer in {"runtime", "activities", "api", "workflows", "store"}:
        return "the core imports no other layer"
    if layer == "store" and imp.layer in set(LAYERS) - {"warmline", "store"}:
        return "store/ imports only the core"
    if layer == "activities" and imp.layer == "workflows":
        return "activities never import workflows"
    if layer == "workflows":
        if imp.layer == "store" or imp.layer == "sqlalchemy":
            return "workflows import no store and no SQL"
        if imp.layer == "activities" and not all(n.endswith(ACTIVITY_CLASS_SUFFIX) for n in imp.names or ("*",)):
            return "workflows take only activity classes from activities/ (payload models live in the core)"
    if layer == "api" and imp.layer == "activities":
        return "the API never imports activities (it reads through store.queries)"
    if layer == "api" and imp.layer == "store" and imp.module not in API_STORE_MODULES:
        return "the API reads the store only through store.queries; its changes go through workflows"
    if layer == "runtime" and imp.layer == "api":
        return "runtime imports no api"
    return None


def broken_walls() -> list[str]:
    found = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            for imp in imports_of(path):
                if (rule := broken(imp, layer)) is not None:
                    found.append(f"{imp.where()} imports {imp.module} ({rule})")
    return found


def test_every_layer_keeps_to_its_walls() -> None:
    walls = broken_walls()
    print("\n".join(walls))
    assert walls == [], "broken walls:\n" + "\n".join(walls)


def test_the_walk_sees_lazy_and_sandbox_imports(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        "from temporalio import workflow\n"
        "with workflow.unsafe.imports_passed_through():\n"
        "    from activities.policy import PolicyActivities, PolicyRequest\n"
        "def later() -> None:\n"
        "    import store.queries\n"
    )
    found = {(i.line, i.module, i.names) for i in imports_of(module)}
    assert (3, "activities.policy", ("PolicyActivities", "PolicyRequest")) in found
    assert (5, "store.queries", ()) in found
    [payload] = [i for i in imports_of(module) if i.module == "activities.policy"]
    assert broken(payload, "workflows") is not None
    assert broken(Import(module, 1, "activities.policy", ("PolicyActivities",)), "workflows") is None
