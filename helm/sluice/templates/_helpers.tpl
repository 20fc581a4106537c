{{/*
Expand the name of the chart.
*/}}
{{- define "sluice.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "sluice.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "sluice.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. The version labels belong here and never in the selector labels: a selector is
immutable, so a version in it would make every upgrade fail.
*/}}
{{- define "sluice.labels" -}}
helm.sh/chart: {{ include "sluice.chart" . }}
{{ include "sluice.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sluice
{{- end }}

{{/*
Selector labels
*/}}
{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sluice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "sluice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sluice.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The three services, in the order the templates render them.
*/}}
{{- define "sluice.components" -}}
booking-api slot-allocator notifier
{{- end }}

{{/*
The values key of a component: "booking-api" -> "bookingApi".
*/}}
{{- define "sluice.valuesKey" -}}
{{- get (dict "booking-api" "bookingApi" "slot-allocator" "slotAllocator" "notifier" "notifier") . }}
{{- end }}

{{/*
Name of a component's objects. Takes (dict "root" $ "component" "booking-api").
*/}}
{{- define "sluice.componentFullname" -}}
{{- printf "%s-%s" (include "sluice.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of a component's objects. Takes (dict "root" $ "component" "booking-api").
*/}}
{{- define "sluice.componentLabels" -}}
{{ include "sluice.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Selector labels of a component: stable across upgrades, never a version.
Takes (dict "root" $ "component" "booking-api").
*/}}
{{- define "sluice.componentSelectorLabels" -}}
{{ include "sluice.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
A container image reference. Takes (dict "root" $ "image" <image values>); a component's registry and
tag fall back to the chart-wide image.registry and image.tag, the tag then to the chart's appVersion.
A digest, when given, pins the image whatever the tag says.
*/}}
{{- define "sluice.image" -}}
{{- $registry := .image.registry | default .root.Values.image.registry -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- $reference := printf "%s:%s" .image.repository (toString $tag) -}}
{{- if .image.digest }}
{{- $reference = printf "%s@%s" .image.repository .image.digest -}}
{{- end }}
{{- if $registry }}
{{- printf "%s/%s" $registry $reference -}}
{{- else }}
{{- $reference -}}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the application secrets (HMAC keys).
*/}}
{{- define "sluice.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "sluice.fullname" .) }}
{{- end }}

{{/*
Secret and key of the database password: the database's own secret (e.g. CloudNativePG's
"<cluster>-app"), else the application secret.
*/}}
{{- define "sluice.databasePasswordSecret" -}}
{{- if .Values.postgresql.existingSecret }}
name: {{ .Values.postgresql.existingSecret }}
key: {{ .Values.postgresql.existingSecretPasswordKey }}
{{- else }}
name: {{ include "sluice.secretName" . }}
key: database-password
{{- end }}
{{- end }}

{{/*
The JDBC URL (Flyway migrates at start-up over JDBC) and the reactive URL (the services' own queries).
*/}}
{{- define "sluice.jdbcUrl" -}}
{{- if .Values.postgresql.jdbcUrl }}
{{- .Values.postgresql.jdbcUrl }}
{{- else }}
{{- printf "jdbc:postgresql://%s:%d/%s" .Values.postgresql.host (int .Values.postgresql.port) .Values.postgresql.database }}
{{- with .Values.postgresql.parameters }}?{{ . }}{{ end }}
{{- end }}
{{- end }}

{{- define "sluice.reactiveUrl" -}}
{{- if .Values.postgresql.reactiveUrl }}
{{- .Values.postgresql.reactiveUrl }}
{{- else }}
{{- printf "postgresql://%s:%d/%s" .Values.postgresql.host (int .Values.postgresql.port) .Values.postgresql.database }}
{{- with .Values.postgresql.parameters }}?{{ . }}{{ end }}
{{- end }}
{{- end }}

{{/*
Where citizens reach Sluice: the links in mails point there.
*/}}
{{- define "sluice.publicBaseUrl" -}}
{{- if .Values.publicBaseUrl }}
{{- .Values.publicBaseUrl | trimSuffix "/" }}
{{- else if and .Values.bookingApi.ingress.enabled .Values.bookingApi.ingress.hosts }}
{{- printf "%s://%s" (ternary "https" "http" (not (empty .Values.bookingApi.ingress.tls))) (first .Values.bookingApi.ingress.hosts).host }}
{{- else }}
{{- printf "http://%s:%d" (include "sluice.componentFullname" (dict "root" . "component" "booking-api")) (int .Values.bookingApi.service.port) }}
{{- end }}
{{- end }}

{{/*
Settings that only make sense together. Rendering fails with a message that says what to change,
rather than deploying something that cannot work.
*/}}
{{- define "sluice.validate" -}}
{{- $partitions := int .Values.kafka.topics.bookingRequests.partitions }}
{{- $allocators := int .Values.slotAllocator.replicaCount }}
{{- if gt $allocators $partitions }}
{{- fail (printf "slotAllocator.replicaCount (%d) exceeds kafka.topics.bookingRequests.partitions (%d): Kafka gives each partition to exactly one allocator, so the extra replicas would only idle. Lower the replicas or raise the partitions." $allocators $partitions) }}
{{- end }}
{{- if .Values.prescaling.enabled }}
{{- if not .Values.bookingApi.autoscaling.enabled }}
{{- fail "prescaling.enabled needs bookingApi.autoscaling.enabled: the pre-scaler raises the HorizontalPodAutoscaler's minimum." }}
{{- end }}
{{- $windowAllocators := int .Values.prescaling.slotAllocatorReplicas }}
{{- if gt $windowAllocators $partitions }}
{{- fail (printf "prescaling.slotAllocatorReplicas (%d) exceeds kafka.topics.bookingRequests.partitions (%d): Kafka gives each partition to exactly one allocator." $windowAllocators $partitions) }}
{{- end }}
{{- end }}
{{- if and .Values.auth.publicKey .Values.auth.publicKeyLocation }}
{{- fail "Set auth.publicKey or auth.publicKeyLocation, not both: the services would silently prefer one." }}
{{- end }}
{{- if gt (int .Values.bookingApi.autoscaling.minReplicas) (int .Values.bookingApi.autoscaling.maxReplicas) }}
{{- fail (printf "bookingApi.autoscaling.minReplicas (%d) exceeds maxReplicas (%d)." (int .Values.bookingApi.autoscaling.minReplicas) (int .Values.bookingApi.autoscaling.maxReplicas)) }}
{{- end }}
{{- if and .Values.postgresql.password (or .Values.postgresql.existingSecret .Values.secrets.existingSecret) }}
{{- fail "postgresql.password is only used for the chart's own Secret: with postgresql.existingSecret or secrets.existingSecret set, put the password into that secret instead." }}
{{- end }}
{{- if and (not .Values.postgresql.existingSecret) (not .Values.postgresql.password) (not .Values.secrets.existingSecret) }}
{{- fail "No database password: set postgresql.existingSecret (e.g. CloudNativePG's <cluster>-app secret), secrets.existingSecret (with a database-password key) or postgresql.password." }}
{{- end }}
{{- end }}
