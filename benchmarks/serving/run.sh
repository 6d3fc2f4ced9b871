#!/usr/bin/env bash
# Serving load benchmark (needs wrk: apt-get install -y wrk). In one run, side by side:
#   fixed-body     a bare endpoint on the same web stack returning a fixed v2 response (the HTTP ceiling)
#   serve          `sluice serve` unbatched
#   serve-batched  `sluice serve --max-batch-size 64 --max-batch-delay-ms 1`
#   ort            in-process ONNX Runtime, N threads sharing one session (the compute ceiling)
# Every server is warmed up first (WARM seconds of load, so the JIT has finished tiering), then ROUNDS rounds
# measure every server at every connection count in turn, and the median round is reported, with the server's
# CPU time per request (from /proc). Usage: benchmarks/serving/run.sh [SECONDS]
#   CONNS="32 64"  connection counts (default 1 8 32 64)     ROUNDS=3  WARM=10
#   MODEL=path     another model with the same input (e.g. the heavy MLP below)
#   HEAVY=1        also writes a 30-2048-2048-1 MLP (benchmarks/Sluice.Benchmarks write-heavy-mlp) and measures
#                  it unbatched and batched: the case batching is for, where the model run dominates a request
#   BASELINE=/path/to/older/sluice  also loads an older build, unbatched, for before/after
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-5}
ROUNDS=${ROUNDS:-3}
WARM=${WARM:-10}
MODEL=${MODEL:-tests/testdata/models/breast_cancer_mlp_v1.onnx}
CONNS=${CONNS:-"1 8 32 64"}
BATCH="--max-batch-size 64 --max-batch-delay-ms ${BATCH_DELAY_MS:-1}"
export BODY=benchmarks/serving/body.json
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
dotnet build src/Sluice.Cli -c Release -v q -nologo >/dev/null
SLUICE=src/Sluice.Cli/bin/Release/net10.0/linux-x64/sluice
dotnet build benchmarks/serving/FixedBody.cs -c Release -v q -nologo >/dev/null
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
declare -A URL PID
NAMES=()
start() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" >/dev/null 2>&1 & PIDS+=($!); PID[$name]=$!
  URL[$name]="http://127.0.0.1:$port/v2/models/bc/infer"; NAMES+=("$name")
}
start fixed-body 18200 dotnet run --no-build -c Release benchmarks/serving/FixedBody.cs -- 18200
start serve 18201 $SLUICE serve --model "$MODEL" --name bc --port 18201
start serve-batched 18202 $SLUICE serve --model "$MODEL" --name bc --port 18202 $BATCH
if [ -n "${BASELINE:-}" ]; then start baseline-serve 18203 "$BASELINE" serve --model "$MODEL" --name bc --port 18203; fi
if [ -n "${HEAVY:-}" ]; then
  HEAVY_MODEL=$(mktemp -d)/heavy_mlp_2048.onnx
  dotnet run -c Release --project benchmarks/Sluice.Benchmarks -- write-heavy-mlp "$HEAVY_MODEL" 2048 >/dev/null
  start heavy-serve 18204 $SLUICE serve --model "$HEAVY_MODEL" --name bc --port 18204
  start heavy-batched 18205 $SLUICE serve --model "$HEAVY_MODEL" --name bc --port 18205 $BATCH
fi
for n in "${NAMES[@]}"; do
  for _ in $(seq 1 150); do curl -sf -o /dev/null -X POST --data-binary @"$BODY" "${URL[$n]}" && continue 2; sleep 0.2; done
  echo "server $n at ${URL[$n]} did not start" >&2; exit 1
done
# `dotnet run` starts the server as a child: CPU is read from the process that listens on the port.
PID[fixed-body]=$(ss -ltnpH 'sport = :18200' | sed -E 's/.*pid=([0-9]+).*/\1/')
for n in "${NAMES[@]}"; do wrk -t2 -c32 -d"${WARM}s" -s benchmarks/serving/post.lua "${URL[$n]}" >/dev/null; done
cpu() { awk '{ printf "%d", $14 + $15 }' "/proc/$1/stat"; }
RAW=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNS; do
    for n in "${NAMES[@]}"; do
      t=$(( c < 2 ? 1 : 2 ))
      c0=$(cpu "${PID[$n]}")
      r=$(wrk -t"$t" -c"$c" -d"${DUR}s" -s benchmarks/serving/post.lua "${URL[$n]}" | grep '^RESULT')
      c1=$(cpu "${PID[$n]}")
      rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$r")
      us=$(awk -v d=$((c1 - c0)) -v r="$rps" -v t="$DUR" 'BEGIN { printf "%.1f", (r > 0 ? d * 10000 / (r * t) : 0) }')
      echo "round=$round $n c=$c $r cpu_us_per_req=$us" | tee -a "$RAW"
    done
  done
done
echo "# medians of $ROUNDS rounds, ${DUR}s each (rps, p50/p99 ms and CPU us per request of the median round)"
for c in $CONNS; do
  for n in "${NAMES[@]}"; do
    grep " $n c=$c " "$RAW" | sed -E 's/.*rps=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+).*cpu_us_per_req=([0-9.]+).*/\1 \2 \3 \4/' \
      | sort -n | awk -v n="$n" -v c="$c" '{ a[NR] = $0 } END { split(a[int((NR + 1) / 2)], m, " "); printf "MEDIAN %s c=%s rps=%s p50_ms=%s p99_ms=%s cpu_us_per_req=%s\n", n, c, m[1], m[2], m[3], m[4] }'
  done
done | tee "$RAW.median"
awk '/^MEDIAN/ { split($3, cc, "="); split($4, rr, "="); rps[$2 " " cc[2]] = rr[2]; conns[cc[2]] = 1 }
  END { for (k in conns) {
    if (rps["fixed-body " k] > 0) printf "RATIO c=%s serve/fixed-body=%.0f%% batched/serve=%.2fx", k, 100 * rps["serve " k] / rps["fixed-body " k], rps["serve-batched " k] / rps["serve " k]
    if (rps["heavy-serve " k] > 0) printf " heavy batched/unbatched=%.2fx", rps["heavy-batched " k] / rps["heavy-serve " k]
    printf "\n" } }' "$RAW.median" | sort -t= -k2 -n
rm -f "$RAW" "$RAW.median"
dotnet run -c Release benchmarks/serving/OrtCeiling.cs -- "$MODEL" "$DUR" $CONNS
