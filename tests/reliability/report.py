"""Figures a scenario measured: printed (see them with `pytest -s`) and, when asked, appended to a JSON file.

`RELIABILITY_FIGURES=path pytest tests/reliability` collects one JSON line per
scenario; docs/reliability.md quotes them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path


def record(scenario: str, **figures: object) -> None:
    line = {"scenario": scenario, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **figures}
    print(f"reliability figures: {json.dumps(line)}")
    target = os.environ.get("RELIABILITY_FIGURES")
    if target:
        with Path(target).open("a") as f:
            f.write(json.dumps(line) + "\n")
