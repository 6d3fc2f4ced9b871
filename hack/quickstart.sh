#!/usr/bin/env bash
# Sluice on a laptop: a k3d cluster, the image built and imported, MinIO and the chart installed, the breast
# cancer example applied, and its run waited for. Needs docker, k3d, kubectl and helm.
#   hack/quickstart.sh [--cluster NAME] [--namespace NS] [--skip-build] [--e2e] [--delete]
#     --e2e      afterwards run tests/Sluice.E2E against the cluster
#     --delete   delete the cluster and exit
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/bin:$PATH"

cluster=sluice
demo_ns=sluice-demo
system_ns=sluice-system
build=1
e2e=0
image=sluice:dev
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) cluster=$2; shift 2 ;;
    --namespace) demo_ns=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    --e2e) e2e=1; shift ;;
    --delete) k3d cluster delete "$cluster"; exit 0 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in docker k3d kubectl helm jq; do
  command -v "$tool" >/dev/null || { echo "$tool is required (https://k3d.io for k3d; helm: hack/setup.d/20-packaging.sh)" >&2; exit 1; }
done
step() { printf '\n== %s\n' "$*"; }

step "k3d cluster $cluster"
if ! k3d cluster get "$cluster" >/dev/null 2>&1; then
  k3d cluster create "$cluster" --agents 1 --wait --timeout 180s
fi
kubeconfig=$(k3d kubeconfig write "$cluster")
export KUBECONFIG=$kubeconfig

if [ "$build" = 1 ]; then
  step "docker build $image"
  docker build --build-arg VERSION="0.0.0-dev+$(git rev-parse --short HEAD 2>/dev/null || echo local)" -t "$image" .
fi
step "k3d image import $image"
k3d image import "$image" --cluster "$cluster"

step "helm install sluice (with the bundled MinIO) into $system_ns"
helm upgrade --install sluice charts/sluice --namespace "$system_ns" --create-namespace \
  --set image.repository="${image%%:*}" --set image.tag="${image##*:}" --set image.pullPolicy=Never \
  --set minio.enabled=true --wait --timeout 5m

step "namespace $demo_ns with the artifact credentials"
kubectl create namespace "$demo_ns" --dry-run=client -o yaml | kubectl apply -f -
# Stage Jobs read credentials with secretKeyRef, which only sees Secrets of their own namespace.
kubectl get secret sluice-minio -n "$system_ns" -o json \
  | jq --arg ns "$demo_ns" '{apiVersion, kind, type, data, metadata: {name: .metadata.name, namespace: $ns}}' \
  | kubectl apply -f -

example=examples/breast-cancer
if compgen -G "$example/*.csv" >/dev/null; then
  step "upload the example data set to s3://sluice/datasets/breast-cancer/"
  for csv in "$example"/*.csv; do
    kubectl run "upload-$(date +%s)" -n "$system_ns" -i --rm --restart=Never --quiet \
      --image=quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z \
      --overrides='{"spec":{"containers":[{"name":"upload","image":"quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z","stdin":true,"envFrom":[{"secretRef":{"name":"sluice-minio"}}],"command":["/bin/sh","-c","cat > /tmp/data && mc --config-dir /tmp/mc alias set s http://sluice-minio:9000 \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" >/dev/null && mc --config-dir /tmp/mc cp /tmp/data s/sluice/datasets/breast-cancer/'"$(basename "$csv")"'"]}]}}' \
      < "$csv"
  done
fi

step "apply $example in $demo_ns"
created=$(kubectl create -n "$demo_ns" -f "$example" -o name)
echo "$created"
for run in $(echo "$created" | grep '^pipelinerun'); do
  step "waiting for $run (kubectl get pipelineruns -n $demo_ns -w to follow)"
  kubectl wait -n "$demo_ns" "$run" --for=condition=Succeeded --timeout=20m \
    || { kubectl get -n "$demo_ns" "$run" -o yaml; exit 1; }
done
kubectl get -n "$demo_ns" pipelines,pipelineruns,modelversions,driftmonitors

if [ "$e2e" = 1 ]; then
  step "end-to-end suite"
  SLUICE_E2E_KUBECONFIG=$kubeconfig dotnet test tests/Sluice.E2E --logger "console;verbosity=normal"
fi
printf '\nDone. export KUBECONFIG=%s\n' "$kubeconfig"
