#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, builds with warnings as errors,
# runs every test project, and ends with a plain "N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for setup in hack/setup.d/*.sh; do
  [ -e "$setup" ] || continue
  echo "== setup: $setup"
  bash "$setup" || { echo "setup step $setup failed"; echo "0 passed, 1 failed"; exit 1; }
done

echo "== build"
if ! dotnet build Operator.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== test"
log=$(mktemp)
results=$(mktemp -d)
# Every test has its own deadline; the hang timeout is the last line of defence, never the expected path.
# The TRX files are read afterwards for the reasons of skipped tests, which the console output leaves out.
timeout 1800 dotnet test Operator.sln -c Release --no-build -nologo \
  --logger trx --results-directory "$results" \
  --blame-hang --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -E '^(Passed|Failed|Skipped)!' "$log" | grep -oE "$1: +[0-9]+" | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
if [ "$skipped" -gt 0 ]; then
  echo "== skipped, and why"
  bash hack/skipped-tests.sh "$results"
fi
rm -rf "$results"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status"; failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
