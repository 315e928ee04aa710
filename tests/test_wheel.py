"""The wheel ships the whole product: every package and module, and every data file the line reads.

The wheel is built from a copy of the sources (so the checkout gets no build/ folder), unpacked, and
imported by a Python that cannot see the checkout: `-S` skips site-packages' .pth files, so the editable
install's finder is not there; site-packages itself is put back on PYTHONPATH for the dependencies,
after the unpacked wheel; the working directory is elsewhere and `-P` keeps it off the path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOP_LEVEL = ["warmline", "workflows", "activities", "api", "runtime", "store"]  # pyproject's include list
MODULES = ["worker.py"]
NOT_IMPORTED = (".__main__", ".migrations.env")  # a command, and Alembic's script (runs only under Alembic)

CHILD = r"""
import importlib, json, pkgutil, sys
from pathlib import Path

unpacked, tops = Path(sys.argv[1]).resolve(), json.loads(sys.argv[2])
skip = tuple(json.loads(sys.argv[3]))
imported = []
for top in tops:
    package = importlib.import_module(top)
    names = [top] + [m.name for m in pkgutil.walk_packages(package.__path__, top + ".")]
    for name in names:
        if name.endswith(skip):
            continue
        module = importlib.import_module(name)
        where = Path(module.__file__ or next(iter(module.__path__))).resolve()
        assert where.is_relative_to(unpacked), f"{name} imported from {where}, not the wheel"
        imported.append(name)
importlib.import_module("worker")

# What the line reads while it starts: the understanding back-end's phrase sets and vectors, the pages.
import numpy
from activities.understanding import vectors
from activities.understanding.acts_data import load_acts
from activities.understanding.background import background_phrases
from activities.understanding.mood import UPSET
from api.dashboard import STATIC as DASHBOARD
from api.desk.pages import STATIC as DESK

assert load_acts() and background_phrases() and UPSET.is_file()
shipped = sorted(vectors.shipped_path("x").parent.glob("*.base.npz"))
assert shipped, "no shipped vectors"
for npz in shipped:
    assert numpy.load(npz).files, npz
assert (DESK / "desk.html").is_file() and (DASHBOARD / "dashboard.html").is_file()

# The sentence encoder runs from the wheel's own weights and graph; nothing of the `embeddings` extra is loaded.
from activities.understanding.encoder import MiniLmEncoder, model_dir
assert model_dir().resolve().is_relative_to(unpacked)
assert MiniLmEncoder().encode(["what time do you open"]).shape == (1, 384)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "transformers", "sentence_transformers", "onnx"))
assert not heavy, heavy
print(json.dumps(imported))
"""


def _sources(dest: Path) -> Path:
    """The files a build reads, copied without caches: pyproject, the top-level module, the packages."""
    dest.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", dest)
    for name in MODULES:
        shutil.copy2(ROOT / name, dest)
    for top in TOP_LEVEL:
        if (ROOT / top).is_dir():
            shutil.copytree(ROOT / top, dest / top, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def _shipped_sources() -> set[str]:
    """Every file under the packages in this checkout, as a path in the wheel."""
    out = set(MODULES)
    for top in TOP_LEVEL:
        for path in (ROOT / top).rglob("*") if (ROOT / top).is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                out.add(path.relative_to(ROOT).as_posix())
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = _sources(tmp / "src")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp / "out"), "."],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [whl] = (tmp / "out").glob("warmline-*.whl")
    return whl


def test_the_wheel_holds_every_file_of_the_packages(wheel: Path) -> None:
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_shipped_sources() - in_wheel)
    assert not missing, f"left out of the wheel: {missing}"


def test_every_module_imports_from_the_unpacked_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = sysconfig.get_paths()["purelib"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "WARMLINE_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(unpacked), site])
    env["WARMLINE_DATA_DIR"] = str(tmp_path / "data")
    env["WARMLINE_POLICY"] = str(ROOT / "policies" / "demo.yaml")  # api.app loads it at import; not packaged
    tops = [t for t in TOP_LEVEL if (unpacked / t).is_dir()]
    r = subprocess.run(
        [sys.executable, "-S", "-P", "-c", CHILD, str(unpacked), json.dumps(tops), json.dumps(NOT_IMPORTED)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stderr[-4000:]
    imported = json.loads(r.stdout.strip().splitlines()[-1])
    assert {"workflows.queue", "runtime.stack", "api.app", "warmline.policy"} <= set(imported)
