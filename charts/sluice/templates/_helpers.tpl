{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "sluice.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name ("sluice" -> sluice-edit). */}}
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

{{- define "sluice.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object but the component; sluice.labels adds the operator's. */}}
{{- define "sluice.commonLabels" -}}
helm.sh/chart: {{ include "sluice.chart" . }}
app.kubernetes.io/name: {{ include "sluice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sluice
{{- end }}

{{- define "sluice.labels" -}}
{{ include "sluice.commonLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sluice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "sluice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sluice.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sluice.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "sluice.minio.fullname" -}}
{{- printf "%s-minio" (include "sluice.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The default artifact repository: explicit values win; else the bundled MinIO when it is enabled. */}}
{{- define "sluice.artifactEndpoint" -}}
{{- if .Values.defaultArtifactRepository.endpoint }}{{ .Values.defaultArtifactRepository.endpoint }}
{{- else if .Values.minio.enabled }}{{ printf "http://%s.%s.svc:9000" (include "sluice.minio.fullname" .) .Release.Namespace }}
{{- end }}
{{- end }}
{{- define "sluice.artifactBucket" -}}
{{- if .Values.defaultArtifactRepository.bucket }}{{ .Values.defaultArtifactRepository.bucket }}
{{- else if .Values.minio.enabled }}{{ .Values.minio.bucket }}
{{- end }}
{{- end }}
{{- define "sluice.artifactSecret" -}}
{{- if .Values.defaultArtifactRepository.secretName }}{{ .Values.defaultArtifactRepository.secretName }}
{{- else if .Values.minio.enabled }}{{ include "sluice.minio.fullname" . }}
{{- end }}
{{- end }}

{{/*
The operator's permissions, shared by the ClusterRole (all namespaces) and the per-namespace Roles.
Only what the controllers do: reconcile our kinds, run stages as Jobs, read their Pods and logs, serve models
with Deployments and Services (and Gateway API HTTPRoutes for weighted canaries), record Events.
No Secrets: stage credentials reach Jobs through secretKeyRef, which needs no permission on the operator.
*/}}
{{- define "sluice.operatorRules" -}}
- apiGroups: [sluice.dev]
  resources: [pipelines, pipelineruns, modelversions, driftmonitors]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [sluice.dev]
  resources: [pipelines/status, pipelineruns/status, modelversions/status, driftmonitors/status]
  verbs: [get, update, patch]
- apiGroups: [sluice.dev]
  resources: [pipelines/finalizers, pipelineruns/finalizers, modelversions/finalizers, driftmonitors/finalizers]
  verbs: [update]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods/log]
  verbs: [get]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [""]
  resources: [services]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [gateway.networking.k8s.io]
  resources: [httproutes]
  verbs: [get, update]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{/* The operator's command line; every flag is one `sluice operator` accepts (docs/install.md). */}}
{{- define "sluice.operatorArgs" -}}
- operator
{{- with .Values.operator.watchNamespaces }}
- --namespaces
- {{ join "," . | quote }}
{{- end }}
{{- if .Values.operator.leaderElection.enabled }}
- --leader-elect
- --leader-election-id
- {{ .Values.operator.leaderElection.id | quote }}
- --leader-election-namespace
- "$(POD_NAMESPACE)"
{{- end }}
- --metrics-bind-address
- {{ printf ":%v" .Values.metrics.port | quote }}
- --health-probe-bind-address
- {{ printf ":%v" .Values.health.port | quote }}
- --workers
- {{ .Values.operator.workers | quote }}
{{- with include "sluice.artifactEndpoint" . }}
- --default-artifact-endpoint
- {{ . | quote }}
{{- end }}
{{- with include "sluice.artifactBucket" . }}
- --default-artifact-bucket
- {{ . | quote }}
{{- end }}
{{- with include "sluice.artifactSecret" . }}
- --default-artifact-secret
- {{ . | quote }}
{{- end }}
- --step-image
- {{ default (include "sluice.image" .) .Values.operator.stepImage | quote }}
- --serving-image
- {{ default (include "sluice.image" .) .Values.operator.servingImage | quote }}
{{- with .Values.operator.extraArgs }}
{{ toYaml . }}
{{- end }}
{{- end }}
