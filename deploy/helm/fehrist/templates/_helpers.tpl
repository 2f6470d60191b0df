{{/* Release-wide names and labels. */}}

{{- define "fehrist.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "fehrist.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fehrist
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "sync-api"). */}}
{{- define "fehrist.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "fehrist.componentName" -}}
{{- printf "%s-%s" (include "fehrist.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fehrist.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "fehrist.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The Secret the services read; the chart creates it unless secrets.existingSecret names one. */}}
{{- define "fehrist.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "fehrist.fullname" .)) -}}
{{- end -}}

{{- define "fehrist.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s-%s:%s" .root.Values.image.registry .root.Values.image.repository .component $tag -}}
{{- end -}}

{{/* Components that serve Prometheus metrics at /metrics on their http port, separated by spaces. */}}
{{- define "fehrist.metricsComponents" -}}
sync-api notifier agent
{{- end -}}

{{- define "fehrist.syncApiInternalUrl" -}}
{{- printf "http://%s:%v" (include "fehrist.componentName" (dict "root" . "component" "sync-api")) .Values.syncApi.port -}}
{{- end -}}

{{/* Where the agent reaches sync-api: its own sidecar's invocation path, or the Service. */}}
{{- define "fehrist.agentSyncApiUrl" -}}
{{- if and .Values.dapr.enabled .Values.dapr.agentInvokesSyncApiThroughDapr -}}
{{- printf "http://127.0.0.1:%v/v1.0/invoke/%s/method" .Values.dapr.sidecarHttpPort .Values.dapr.appIds.syncApi -}}
{{- else -}}
{{- include "fehrist.syncApiInternalUrl" . -}}
{{- end -}}
{{- end -}}

{{- define "fehrist.eventTransport" -}}
{{- if .Values.dapr.enabled }}dapr{{ else }}kafka{{ end -}}
{{- end -}}

{{/* One environment variable read from the app Secret. */}}
{{- define "fehrist.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "fehrist.secretName" .root }}
      key: {{ .key | default .name }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Sidecar annotations of one service; call with (dict "root" $ "appId" "sync-api" "port" 8080). */}}
{{- define "fehrist.daprAnnotations" -}}
{{- $dapr := .root.Values.dapr -}}
dapr.io/enabled: "true"
dapr.io/app-id: {{ .appId | quote }}
dapr.io/app-port: {{ .port | quote }}
dapr.io/app-protocol: http
dapr.io/config: {{ $dapr.configName | quote }}
dapr.io/enable-app-health-check: "true"
dapr.io/app-health-check-path: /healthz
dapr.io/log-as-json: "true"
dapr.io/log-level: {{ $dapr.sidecar.logLevel | quote }}
dapr.io/enable-metrics: "true"
dapr.io/metrics-port: "9090"
dapr.io/graceful-shutdown-seconds: "20"
dapr.io/sidecar-seccomp-profile-type: RuntimeDefault
dapr.io/sidecar-cpu-request: {{ $dapr.sidecar.resources.requests.cpu | quote }}
dapr.io/sidecar-memory-request: {{ $dapr.sidecar.resources.requests.memory | quote }}
dapr.io/sidecar-cpu-limit: {{ $dapr.sidecar.resources.limits.cpu | quote }}
dapr.io/sidecar-memory-limit: {{ $dapr.sidecar.resources.limits.memory | quote }}
{{- with $dapr.apiTokenSecret }}
dapr.io/api-token-secret: {{ . | quote }}
{{- end }}
{{- with $dapr.appTokenSecret }}
dapr.io/app-token-secret: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* DAPR_API_TOKEN and APP_API_TOKEN for the app, from the Secrets the sidecar reads too. */}}
{{- define "fehrist.daprTokenEnv" -}}
{{- if .Values.dapr.enabled }}
{{- with .Values.dapr.apiTokenSecret }}
- name: DAPR_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: token
{{- end }}
{{- with .Values.dapr.appTokenSecret }}
- name: APP_API_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: token
{{- end }}
{{- end }}
{{- end -}}
