#!/usr/bin/python3
"""The Python reference for `sluice step drift`: one window of serving logs against a baseline profile.

A straightforward implementation with the standard library's json and numpy/scipy (Debian's python3-scipy):
reads the window's hour directories of a file:/// artifact store (the same objects the benchmark puts in s3rver),
checks each object's sha256 sidecar as the artifact store does, parses every line with json.loads, keeps the rows
with ts in [start, end) of the model and version, bins every value of every numeric feature on the profile's decile
edges (right-closed bins, as Sluice), and gives the KS p-value on the decile edges exactly as docs/drift.md defines
it for large samples: D = max |F_ref - F_cur| at the edges, p = kstwo.sf(D, round(n m / (n + m))). Unlike Sluice it
uses every row of the window (no reservoir sample), so its p-values differ by sampling noise, not its verdicts.

Usage: window_reference.py --logs DIR --namespace NS --model M --version V --start RFC3339 --end RFC3339
                           --baseline PROFILE.json [--ignore NAME]... [--threshold 0.05] [--share-threshold 0.5]
Prints one JSON line: rows, invalid, objects, verdict, drifted features and every p-value.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import sys

import numpy as np
from scipy import stats


def utc(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)


def fixed(time):
    # The server's ts format; its byte order is time order.
    return time.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (time.microsecond // 1000)


def main():
    parser = argparse.ArgumentParser()
    for name in ("--logs", "--namespace", "--model", "--version", "--start", "--end", "--baseline"):
        parser.add_argument(name, required=True)
    parser.add_argument("--ignore", action="append", default=[])
    parser.add_argument("--threshold", type=float, default=0.05)
    parser.add_argument("--share-threshold", type=float, default=0.5)
    args = parser.parse_args()

    with open(args.baseline) as f:
        profile = json.load(f)
    features = [f for f in profile["features"] if f["name"] != profile.get("target") and f["name"] not in args.ignore]
    if any(f["kind"] != "numeric" for f in features):
        sys.exit("this reference compares numeric features only")
    names = [f["name"] for f in features]
    edges = {f["name"]: np.array(f["decileEdges"]) for f in features}
    counts = {n: np.zeros(len(edges[n]) + 1, dtype=np.int64) for n in names}

    start, end = utc(args.start), utc(args.end)
    start_text, end_text = fixed(start), fixed(end)
    end_name = end.strftime("%Y%m%dT%H%M%S") + "%03dZ" % (end.microsecond // 1000)
    rows = invalid = objects = invalid_objects = 0
    hour = start.replace(minute=0, second=0, microsecond=0)
    while hour < end:
        directory = os.path.join(args.logs, "serving-logs", args.namespace, args.model, args.version, hour.strftime("%Y/%m/%d/%H"))
        hour += datetime.timedelta(hours=1)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".jsonl") or name.startswith(".") or name.split("-")[0] >= end_name:
                continue
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                data = f.read()
            with open(path + ".sha256") as f:
                if hashlib.sha256(data).hexdigest() != f.read().split()[0]:
                    invalid_objects += 1
                    continue
            objects += 1
            columns = {n: [] for n in names}
            for line in data.split(b"\n"):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    invalid += 1
                    continue
                if not isinstance(row, dict) or not isinstance(row.get("ts"), str) or not isinstance(row.get("features"), dict):
                    invalid += 1
                    continue
                if not (start_text <= row["ts"] < end_text) or row.get("model") != args.model or row.get("version") != args.version:
                    continue
                rows += 1
                values = row["features"]
                for n in names:
                    v = values.get(n)
                    columns[n].append(v if isinstance(v, (int, float)) else math.nan)
            for n in names:
                column = np.array(columns[n], dtype=np.float64)
                column = column[~np.isnan(column)]
                # searchsorted(side="left") counts the edges below a value: its bin among (a, b].
                counts[n] += np.bincount(np.searchsorted(edges[n], column, side="left"), minlength=len(edges[n]) + 1)

    pvalues = {}
    for f in features:
        reference = np.array(f["decileCounts"], dtype=np.float64)
        current = counts[f["name"]].astype(np.float64)
        n, m = reference.sum(), current.sum()
        if min(n, m) <= 10_000:
            sys.exit("this reference implements the asymptotic KS p-value only (both sides over 10,000 values)")
        d = np.max(np.abs(np.cumsum(reference)[:-1] / n - np.cumsum(current)[:-1] / m))
        pvalues[f["name"]] = float(stats.kstwo.sf(d, np.round(n * m / (n + m))))
    drifted = sorted(name for name, p in pvalues.items() if p < args.threshold)
    share = len(drifted) / len(features)
    verdict = "Drifted" if drifted and share >= args.share_threshold else "Clean"
    print(json.dumps({"rows": rows, "invalid": invalid, "objects": objects, "invalidObjects": invalid_objects,
                      "verdict": verdict, "drifted": drifted, "pvalues": pvalues}))


if __name__ == "__main__":
    main()
