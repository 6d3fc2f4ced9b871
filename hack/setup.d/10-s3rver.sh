#!/usr/bin/env bash
# Installs s3rver 3.7.1 (a real S3 server in Node) into .tools/s3rver for the artifact-store tests, idempotently,
# and fixes its list-response XML namespace so the Minio SDK can read listings (see docs/artifacts.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=.tools/s3rver
if [ ! -f "$dir/node_modules/s3rver/package.json" ] || ! grep -q '"version": "3.7.1"' "$dir/node_modules/s3rver/package.json"; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"sluice-tools-s3rver","private":true}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error s3rver@3.7.1
fi
files=$(grep -rl 'http://doc.s3.amazonaws.com/2006-03-01/' "$dir/node_modules/s3rver/lib" || true)
if [ -n "$files" ]; then
  echo "$files" | xargs sed -i 's#http://doc.s3.amazonaws.com/2006-03-01/#http://s3.amazonaws.com/doc/2006-03-01/#g'
fi
echo "s3rver ready: $dir/node_modules/s3rver/bin/s3rver.js"
