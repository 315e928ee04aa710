"""The API under uvicorn with bench/sampler.py profiling it: `python -m bench.sampled_api api.app:app --port ...`.

Only for the benchmarks (`python -m bench.starts --profile DIR`): the report of where the API's CPU goes
is written to `$BENCH_API_PROFILE_OUT` at exit; SIGUSR1 clears the counts (sent after the warm-up).
"""

from __future__ import annotations

import os
import sys

from uvicorn.main import main as uvicorn_main

from bench import sampler

if __name__ == "__main__":
    sampler.start(os.environ.get("BENCH_API_PROFILE_OUT"))
    sys.exit(uvicorn_main())
