{{/* Chart name, at most 63 characters. */}}
{{- define "lambda-efs-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, prefixed to the chart name unless it already contains it. */}}
{{- define "lambda-efs-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "lambda-efs-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "lambda-efs-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator pods. */}}
{{- define "lambda-efs-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lambda-efs-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the operator runs as. */}}
{{- define "lambda-efs-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "lambda-efs-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The rules the operator needs on its own resources, and nothing else: it never touches CRDs. */}}
{{- define "lambda-efs-operator.rules" -}}
- apiGroups: ["lambdaefs.io"]
  resources: ["lambdaefsmounts"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["lambdaefs.io"]
  resources: ["lambdaefsmounts/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["lambdaefs.io"]
  resources: ["lambdaefsmounts/finalizers"]
  verbs: ["update"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
