#!/usr/bin/env bash
# Why tests were skipped: reads the TRX files `dotnet test --logger trx` wrote into DIR and prints one line per
# reason, with how many tests it skipped and which (the first three). Prints nothing when none was skipped.
#   hack/skipped-tests.sh DIR
set -euo pipefail
dir=${1:?usage: hack/skipped-tests.sh DIR (the --results-directory of dotnet test --logger trx)}
shopt -s nullglob globstar
files=("$dir"/**/*.trx)
[ ${#files[@]} -gt 0 ] || exit 0

# A skipped test is a UnitTestResult with outcome="NotExecuted"; xunit puts the skip reason in Output/ErrorInfo/Message.
awk '
  function decode(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
  /<UnitTestResult / && /outcome="NotExecuted"/ {
    match($0, /testName="[^"]*"/); name = decode(substr($0, RSTART + 10, RLENGTH - 11))
    if ($0 ~ /\/>[[:space:]]*$/) { print "(no reason given)\t" name; next }
    pending = 1; next
  }
  pending && /<Message>/ {
    msg = $0; sub(/.*<Message>/, "", msg); sub(/<\/Message>.*/, "", msg)
    print decode(msg) "\t" name; pending = 0; next
  }
  pending && /<\/UnitTestResult>/ { print "(no reason given)\t" name; pending = 0 }
' "${files[@]}" | LC_ALL=C sort | awk -F '\t' '
  function flush() {
    if (count == 0) return
    more = count > 3 ? ", ..." : ""
    printf "  %d skipped: %s (%s%s)\n", count, reason, names, more
  }
  $1 != reason { flush(); reason = $1; count = 0; names = "" }
  { count++; if (count <= 3) names = names (count > 1 ? ", " : "") $2 }
  END { flush() }
'
