#!/usr/bin/python3
"""Times scipy 1.10 (Debian python3-scipy) on the same sizes as DriftBenchmarks.cs.

Run with Debian's interpreter: /usr/bin/python3 benchmarks/drift/compare_scipy.py
"""
import time

import numpy as np
from scipy import stats


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), sum(times) / len(times)


def psi(ref, cur):
    edges = np.unique(np.quantile(ref, np.arange(1, 10) / 10))
    bins = np.concatenate(([-np.inf], edges, [np.inf]))
    # right-closed bins (a, b]
    p = np.histogram(-ref, bins=-bins[::-1])[0][::-1] / len(ref)
    q = np.histogram(-cur, bins=-bins[::-1])[0][::-1] / len(cur)
    p = np.where(p == 0, 1e-4, p)
    q = np.where(q == 0, 1e-4, q)
    return np.sum((q - p) * np.log(q / p))


def profile(table):
    out = []
    for col in table:
        out.append((col.mean(), col.std(), col.min(), col.max(), np.quantile(col, np.arange(1, 10) / 10)))
    return out


rng = np.random.default_rng(42)
ref = rng.standard_normal(1_000_000)
cur = rng.standard_normal(1_000_000) + 0.01
table = [rng.standard_normal(100_000) for _ in range(30)]
import scipy
print(f"scipy {scipy.__version__}, numpy {np.__version__}")
for name, fn in [("ks_2samp 1M vs 1M", lambda: stats.ks_2samp(ref, cur)),
                 ("psi deciles 1M vs 1M (numpy)", lambda: psi(ref, cur)),
                 ("profile 100k x 30 (numpy mean/std/min/max/quantile)", lambda: profile(table))]:
    best, mean = best_of(fn)
    print(f"{name}: best {best * 1000:.1f} ms, mean {mean * 1000:.1f} ms")
