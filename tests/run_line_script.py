"""`scripts/run_line.py` loaded as a module, so tests can call its functions without starting a line."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "run_line.py"


def load_run_line() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_line", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_line", module)
    spec.loader.exec_module(module)
    return module
