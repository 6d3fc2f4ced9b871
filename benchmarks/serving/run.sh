#!/usr/bin/env bash
# Serving load benchmark: wrk at 1/8/32/64 connections against (a) a bare fixed-body endpoint on the same
# web stack, (b) `sluice serve` unbatched, (c) `sluice serve` with dynamic batching, plus (d) in-process
# ONNX Runtime with as many threads. Usage: benchmarks/serving/run.sh [SECONDS]   (needs wrk: apt-get install -y wrk)
# BASELINE=/path/to/older/sluice also loads an older build (unbatched and batched) in the same run, for before/after.
# CONNS="32 64" limits the connection counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-10}
MODEL=tests/testdata/models/breast_cancer_mlp_v1.onnx
CONNS=${CONNS:-"1 8 32 64"}
export BODY=benchmarks/serving/body.json
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
dotnet build src/Sluice.Cli -c Release -v q -nologo >/dev/null
SLUICE=src/Sluice.Cli/bin/Release/net10.0/linux-x64/sluice
dotnet build benchmarks/serving/FixedBody.cs -c Release -v q -nologo >/dev/null
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 100); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$BODY" "$1" && return 0; sleep 0.2; done; echo "server at $1 did not start" >&2; exit 1; }
load() { # name url
  for c in $CONNS; do
    t=$(( c < 2 ? 1 : 2 ))
    r=$(wrk -t"$t" -c"$c" -d"${DUR}s" -s benchmarks/serving/post.lua "$2" | grep '^RESULT')
    echo "$1 c=$c $r"
  done
}
dotnet run --no-build -c Release benchmarks/serving/FixedBody.cs -- 18200 >/dev/null 2>&1 & PIDS+=($!)
$SLUICE serve --model $MODEL --name bc --port 18201 >/dev/null 2>&1 & PIDS+=($!)
$SLUICE serve --model $MODEL --name bc --port 18202 --max-batch-size 64 --max-batch-delay-ms "${BATCH_DELAY_MS:-1}" >/dev/null 2>&1 & PIDS+=($!)
PORTS="18200 18201 18202"
if [ -n "${BASELINE:-}" ]; then
  "$BASELINE" serve --model $MODEL --name bc --port 18203 >/dev/null 2>&1 & PIDS+=($!)
  "$BASELINE" serve --model $MODEL --name bc --port 18204 --max-batch-size 64 --max-batch-delay-ms "${BATCH_DELAY_MS:-1}" >/dev/null 2>&1 & PIDS+=($!)
  PORTS="$PORTS 18203 18204"
fi
for port in $PORTS; do wait_ready "http://127.0.0.1:$port/v2/models/bc/infer"; done
load fixed-body "http://127.0.0.1:18200/v2/models/bc/infer"
load serve "http://127.0.0.1:18201/v2/models/bc/infer"
load serve-batched "http://127.0.0.1:18202/v2/models/bc/infer"
if [ -n "${BASELINE:-}" ]; then
  load baseline-serve "http://127.0.0.1:18203/v2/models/bc/infer"
  load baseline-batched "http://127.0.0.1:18204/v2/models/bc/infer"
fi
dotnet run -c Release benchmarks/serving/OrtCeiling.cs -- "$MODEL" "$DUR" $CONNS
