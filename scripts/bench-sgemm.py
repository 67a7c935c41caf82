"""Single-threaded sgemm peak of this machine through numpy's BLAS, for `make bench`.

Run with OPENBLAS_NUM_THREADS=1 (scripts/bench.mjs sets it and its MKL/OMP cousins). Prints one
JSON object: the best GFLOP/s of float32 n x n products for a few sizes, and what BLAS it was.
"""
import json
import time

import numpy as np


def best_gflops(n, runs=7):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    c = np.empty((n, n), dtype=np.float32)
    np.matmul(a, b, out=c)
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        best = min(best, time.perf_counter() - t0)
    return 2.0 * n**3 / best / 1e9


def blas_name():
    try:
        info = np.show_config(mode="dicts")
        blas = info["Build Dependencies"]["blas"]
        return f'{blas.get("name")} {blas.get("version", "")}'.strip()
    except Exception:  # older numpy: no dict mode
        return "unknown"


sizes = {str(n): round(best_gflops(n), 2) for n in (256, 512, 1024)}
print(json.dumps({"numpy": np.__version__, "blas": blas_name(), "gflops_by_size": sizes,
                  "gflops": max(sizes.values())}))
