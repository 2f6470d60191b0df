#!/usr/bin/env bash
# Removes what up.sh created. By default it deletes the whole Minikube profile; with
# --keep-cluster it removes only the Fehrist release, its data and the Kafka cluster, and keeps
# Minikube, Dapr and Strimzi for a faster next start.
set -euo pipefail

PROFILE="${MINIKUBE_PROFILE:-fehrist}"
HELM="$(command -v helm || echo "$HOME/.cache/fehrist/bin/helm")"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

case "${1:-}" in
  "")
    minikube delete -p "$PROFILE"
    ;;
  --keep-cluster)
    kubectl config use-context "$PROFILE" >/dev/null
    "$HELM" uninstall fehrist --namespace fehrist --ignore-not-found
    # The development PostgreSQL keeps its volume after uninstall; this deletes its data.
    kubectl delete pvc -n fehrist -l app.kubernetes.io/instance=fehrist --ignore-not-found
    kubectl delete secret fehrist-secrets -n fehrist --ignore-not-found
    kubectl delete -n kafka -f "$repo/deploy/kafka/topics.yaml" --ignore-not-found
    kubectl delete -n kafka -f "$repo/deploy/kafka/minikube/kafka.yaml" --ignore-not-found
    ;;
  *)
    echo "usage: $0 [--keep-cluster]" >&2
    exit 2
    ;;
esac
