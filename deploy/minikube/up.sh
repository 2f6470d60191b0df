#!/usr/bin/env bash
# Starts Fehrist on Minikube: the cluster, Dapr, Strimzi and Kafka, the images, the app Secret
# and the Helm chart, then prints the URL. Run it from anywhere; run it again to update.
# README.md beside this file explains each step and how to undo it.
set -euo pipefail

PROFILE="${MINIKUBE_PROFILE:-fehrist}"
NAMESPACE=fehrist
KAFKA_NAMESPACE=kafka
DAPR_VERSION=1.16.9
STRIMZI_VERSION=0.48.0
HOST=fehrist.localhost
TAG=dev

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

for tool in minikube kubectl node openssl; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH; see deploy/minikube/README.md"
done
HELM="$(command -v helm || true)"
[ -n "$HELM" ] || HELM="$HOME/.cache/fehrist/bin/helm"
[ -x "$HELM" ] || fail "helm is not on PATH; install Helm 3 (see deploy/minikube/README.md)"
[ -d node_modules/web-push ] || fail "node_modules is missing; run npm ci in $repo first"

step "1/8 Minikube cluster '$PROFILE' with the ingress addon"
if ! minikube status -p "$PROFILE" >/dev/null 2>&1; then
  minikube start -p "$PROFILE" --cpus=4 --memory=8192 --disk-size=30g --addons=ingress
else
  minikube addons enable ingress -p "$PROFILE"
fi
kubectl config use-context "$PROFILE" >/dev/null

step "2/8 Dapr $DAPR_VERSION control plane (with the Scheduler that runs reminder jobs)"
"$HELM" repo add dapr https://dapr.github.io/helm-charts/ >/dev/null 2>&1 || true
"$HELM" repo update dapr >/dev/null
"$HELM" upgrade --install dapr dapr/dapr --version "$DAPR_VERSION" \
  --namespace dapr-system --create-namespace --wait --timeout 10m

step "3/8 Strimzi $STRIMZI_VERSION operator in namespace $KAFKA_NAMESPACE"
"$HELM" upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator \
  --version "$STRIMZI_VERSION" --namespace "$KAFKA_NAMESPACE" --create-namespace --wait --timeout 10m

step "4/8 Kafka cluster 'fehrist' (one KRaft node) and its topics"
kubectl apply -n "$KAFKA_NAMESPACE" -f deploy/kafka/minikube/kafka.yaml
kubectl apply -n "$KAFKA_NAMESPACE" -f deploy/kafka/topics.yaml
kubectl wait -n "$KAFKA_NAMESPACE" kafka/fehrist --for=condition=Ready --timeout=15m

step "5/8 Images built inside Minikube (tag $TAG)"
for service in sync-api notifier agent audit; do
  minikube image build -p "$PROFILE" -t "localhost/fehrist-$service:$TAG" \
    -f deploy/docker/Dockerfile --build-opt="target=$service" .
done

step "6/8 Namespace $NAMESPACE and the app Secret fehrist-secrets"
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
if kubectl get secret fehrist-secrets -n "$NAMESPACE" >/dev/null 2>&1; then
  echo "fehrist-secrets exists; keeping it (delete it to generate new values)"
else
  postgres_password="$(openssl rand -hex 24)"
  vapid="$(node --input-type=module -e "import webpush from 'web-push'; const k = webpush.generateVAPIDKeys(); console.log(k.publicKey + ' ' + k.privateKey);")"
  kubectl create secret generic fehrist-secrets -n "$NAMESPACE" \
    --from-literal=POSTGRES_PASSWORD="$postgres_password" \
    --from-literal=DATABASE_URL="postgres://fehrist:${postgres_password}@fehrist-postgresql:5432/fehrist" \
    --from-literal=BETTER_AUTH_SECRET="$(openssl rand -hex 32)" \
    --from-literal=VAPID_PUBLIC_KEY="${vapid%% *}" \
    --from-literal=VAPID_PRIVATE_KEY="${vapid##* }" \
    ${OPENAI_API_KEY:+--from-literal=OPENAI_API_KEY="$OPENAI_API_KEY"}
fi

step "7/8 Helm release 'fehrist'"
"$HELM" upgrade --install fehrist deploy/helm/fehrist --namespace "$NAMESPACE" \
  --values deploy/helm/fehrist/values-minikube.yaml --wait --timeout 15m
# The images keep their tag across rebuilds, so restart the pods to load new ones.
kubectl rollout restart deployment -n "$NAMESPACE" -l app.kubernetes.io/instance=fehrist
kubectl rollout status deployment -n "$NAMESPACE" -l app.kubernetes.io/instance=fehrist --timeout=10m

step "8/8 Health checks from inside the cluster"
"$HELM" test fehrist --namespace "$NAMESPACE" --logs

ip="$(minikube ip -p "$PROFILE")"
cat <<DONE

Fehrist is running: http://$HOST

Browsers resolve *.localhost to this machine. If the page does not load, either run
  minikube tunnel -p $PROFILE        (in another terminal; needed on macOS and Windows)
or add "$ip $HOST" to /etc/hosts. Check from a shell with:
  curl -H 'Host: $HOST' http://$ip/healthz
DONE
