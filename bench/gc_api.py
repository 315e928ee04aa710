"""The API under uvicorn with bench/gc_watch.py counting the collector's pauses.

`python -m bench.gc_api api.app:app ...`, only for the benchmarks: the stack runs it when `BENCH_API_GC_OUT`
is set, and the report goes there.
"""

from __future__ import annotations

import os
import sys

from uvicorn.main import main as uvicorn_main

from bench import gc_watch

if __name__ == "__main__":
    os.environ["BENCH_GC_OUT"] = os.environ["BENCH_API_GC_OUT"]
    gc_watch.start()
    sys.exit(uvicorn_main())
