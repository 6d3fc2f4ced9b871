#!/usr/bin/env python3
"""Measures the canary analysis's prediction distance on the shared breast-cancer models (Debian python3-onnx, numpy).

Runs breast_cancer_mlp_v1 and _v2 (and v1 inverted, and a model that says the base rate to everyone) over every row
of breast_cancer.csv with numpy, bins their outputs as `sluice serve` does (sluice_serving_prediction: le 0.05, 0.10,
..., 1.00, +Inf) and prints the per-bucket counts with the Wasserstein distance (each bucket's rows at its upper
bound, as Sluice.Core.Analysis.PredictionDistance computes it) and, for comparison, the Jensen-Shannon distance
(base 2) over the same buckets. The counts are in tests/Sluice.Core.Tests/Analysis/PredictionDistanceTests.cs and the
figures in docs/rollouts.md. Usage: hack/prediction-distance.py [testdata-dir]
"""
import csv
import sys

import numpy as np
import onnx
from onnx import numpy_helper

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata"
rows = list(csv.reader(open(f"{root}/datasets/breast_cancer.csv")))
X = np.array([[float(v) for v in r[:30]] for r in rows[1:]], dtype=np.float64)


def predict(name):
    graph = onnx.load(f"{root}/models/{name}").graph
    w = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in graph.initializer}
    ops = [n.op_type for n in graph.node]
    assert ops == ["Sub", "Div", "Gemm", "Relu", "Gemm", "Sigmoid"], ops
    h = np.maximum(((X - w["mean"]) / w["std"]) @ w["l1.weight"].T + w["l1.bias"], 0)
    return (1 / (1 + np.exp(-(h @ w["l2.weight"].T + w["l2.bias"]))))[:, 0]


bounds = [round(0.05 * i, 2) for i in range(1, 21)]


def counts(p):
    cumulative = [int((p <= b).sum()) for b in bounds] + [len(p)]
    return [c - (cumulative[i - 1] if i else 0) for i, c in enumerate(cumulative)]


def wasserstein(a, b):
    ca, cb = np.cumsum(a) / sum(a), np.cumsum(b) / sum(b)
    return sum(abs(ca[i] - cb[i]) * (bounds[i + 1] - bounds[i]) for i in range(len(bounds) - 1))


def jensen_shannon(a, b):
    pa, pb = np.array(a) / sum(a), np.array(b) / sum(b)
    m = (pa + pb) / 2
    kl = lambda x, y: sum(xi * np.log2(xi / yi) for xi, yi in zip(x, y) if xi > 0)
    return float(np.sqrt((kl(pa, m) + kl(pb, m)) / 2))


v1, v2 = predict("breast_cancer_mlp_v1.onnx"), predict("breast_cancer_mlp_v2.onnx")
arms = {"v1": v1, "v1 inverted": 1 - v1, "base rate 0.62": np.full(len(X), 0.62)}
print("v2", counts(v2))
for name, p in arms.items():
    a, b = counts(p), counts(v2)
    print(f"{name} {a}\n  vs v2: wasserstein {wasserstein(a, b):.4f}, jensen-shannon {jensen_shannon(a, b):.4f}, "
          f"same label {float(((p > 0.5) == (v2 > 0.5)).mean()):.4f}")
