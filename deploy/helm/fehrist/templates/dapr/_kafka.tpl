{{/* Broker and authentication metadata shared by both Kafka pub/sub components. */}}
{{- define "fehrist.daprKafkaMetadata" -}}
- name: brokers
  value: {{ .Values.kafka.brokers | quote }}
- name: authType
  value: {{ .Values.kafka.auth.type | quote }}
{{- if eq .Values.kafka.auth.type "password" }}
- name: saslUsername
  value: {{ required "kafka.auth.saslUsername is required when kafka.auth.type is password" .Values.kafka.auth.saslUsername | quote }}
- name: saslPassword
  secretKeyRef:
    name: {{ include "fehrist.secretName" . }}
    key: {{ .Values.kafka.auth.saslPasswordKey }}
- name: saslMechanism
  value: {{ .Values.kafka.auth.saslMechanism | quote }}
{{- else if ne .Values.kafka.auth.type "none" }}
{{- fail "kafka.auth.type must be none or password" }}
{{- end }}
{{- if .Values.kafka.tls.enabled }}
{{- with .Values.kafka.tls.caCertKey }}
- name: caCert
  secretKeyRef:
    name: {{ include "fehrist.secretName" $ }}
    key: {{ . }}
{{- end }}
{{- else }}
# The in-cluster listener is plain text; Dapr would otherwise try TLS.
- name: disableTls
  value: "true"
{{- end }}
- name: maxMessageBytes
  value: {{ .Values.dapr.pubsub.maxMessageBytes | int | quote }}
{{- end -}}
