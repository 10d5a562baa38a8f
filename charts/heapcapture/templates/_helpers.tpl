{{/*
Names and labels shared by every template.
*/}}

{{/* The chart's name, or nameOverride. */}}
{{- define "heapcapture.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object's name. A release called "heapcapture" (the documented one) gives
"heapcapture", so the Service is "heapcapture-webhook" and the MutatingWebhookConfiguration
"heapcapture": the operator's own defaults.
*/}}
{{- define "heapcapture.fullname" -}}
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

{{- define "heapcapture.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "heapcapture.labels" -}}
helm.sh/chart: {{ include "heapcapture.chart" . }}
{{ include "heapcapture.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods; never change them (a Deployment's selector is immutable). */}}
{{- define "heapcapture.selectorLabels" -}}
app.kubernetes.io/name: {{ include "heapcapture.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "heapcapture.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "heapcapture.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The webhook's Service (HEAPCAPTURE_WEBHOOK_SERVICE; the certificate's names derive from it). */}}
{{- define "heapcapture.webhookServiceName" -}}
{{- printf "%s-webhook" (include "heapcapture.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The MutatingWebhookConfiguration (HEAPCAPTURE_WEBHOOK_CONFIGURATION). */}}
{{- define "heapcapture.webhookConfigurationName" -}}
{{- include "heapcapture.fullname" . }}
{{- end }}

{{/* The Secret cert-manager writes the webhook's certificate into (cert-manager mode only). */}}
{{- define "heapcapture.certManagerSecretName" -}}
{{- printf "%s-webhook-cert-manager" (include "heapcapture.fullname" .) }}
{{- end }}

{{/* True when the operator manages the webhook's certificate itself and patches caBundle. */}}
{{- define "heapcapture.operatorManagesWebhookCert" -}}
{{- if and .Values.webhook.enabled (not .Values.certManager.enabled) }}true{{ end }}
{{- end }}

{{/*
An image reference from {registry, repository, tag, digest}; the tag defaults to the chart's
appVersion, so the chart and the images move together.
*/}}
{{- define "heapcapture.image" -}}
{{- $image := .image -}}
{{- $ref := $image.repository -}}
{{- if $image.registry }}{{ $ref = printf "%s/%s" (trimSuffix "/" $image.registry) $ref }}{{ end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $ref $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end }}

{{/*
The namespaces whose HeapCaptures the operator reconciles: watchNamespaces, or nothing for all.
*/}}
{{- define "heapcapture.watchesAllNamespaces" -}}
{{- if not .Values.watchNamespaces }}true{{ end }}
{{- end }}

{{/*
The restricted Pod Security Standard for a container: non-root with a numeric user, nothing to
escalate to, no capabilities, the runtime's default seccomp profile, a read-only root.
*/}}
{{- define "heapcapture.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
HEAPCAPTURE_INJECTION: the injection settings as one JSON document (docs/reference.md, "Sidecar injection"). Built
with toJson, so quoting and escaping are never done by hand.
*/}}
{{- define "heapcapture.injectionSettings" -}}
{{- $in := .Values.injection -}}
{{- toJson (dict
  "image" (include "heapcapture.image" (dict "image" $in.image "root" .))
  "imagePullPolicy" $in.image.pullPolicy
  "resources" $in.resources
  "dumpVolumeSizeLimit" $in.dumpVolumeSizeLimit
  "dumpMountPath" $in.dumpMountPath
  "allowedEndpoints" ($in.allowedEndpoints | default list)) -}}
{{- end }}

{{/*
What the operator may do in every namespace it watches (docs/reference.md, "Permissions", says why
each rule is there). Cluster-wide in a ClusterRole, or namespace by namespace in Roles.
*/}}
{{- define "heapcapture.watchedNamespaceRules" -}}
# Reconcile HeapCaptures: informer (list, watch), reads of earlier captures (Baselines), and
# java-operator-sdk's own writes to the primary resource (finalizer handling). create: a policy's
# trigger makes a HeapCapture; delete: a policy's history limits remove its oldest finished ones.
- apiGroups: ["heapcapture.io"]
  resources: ["heapcaptures"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["heapcapture.io"]
  resources: ["heapcaptures/status"]
  verbs: ["get", "patch", "update"]
# Where the OwnerReferencesPermissionEnforcement admission plugin runs (OpenShift), an owner
# reference with blockOwnerDeletion to a HeapCapture needs this.
- apiGroups: ["heapcapture.io"]
  resources: ["heapcaptures/finalizers"]
  verbs: ["update"]
# Reconcile HeapCapturePolicies: informer, the finalizer that disarms sidecars, the status.
- apiGroups: ["heapcapture.io"]
  resources: ["heapcapturepolicies"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["heapcapture.io"]
  resources: ["heapcapturepolicies/status"]
  verbs: ["get", "patch", "update"]
# A policy owns its captures (ownerReference with blockOwnerDeletion; see heapcaptures/finalizers).
- apiGroups: ["heapcapture.io"]
  resources: ["heapcapturepolicies/finalizers"]
  verbs: ["update"]
# Find the target pods and their sidecars.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Captures from pods without a sidecar: add one ephemeral capture container. No pods/exec.
- apiGroups: [""]
  resources: ["pods/ephemeralcontainers"]
  verbs: ["patch"]
# Analysis Jobs: an informer on them (list, watch), create, and delete for a Job given up on.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Read the storage credentials Secret a HeapCapture names; create and delete the analysis Jobs'
# Secrets (presigned URLs). No list or watch: the operator reads Secrets by name only.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "delete"]
# Events on HeapCaptures, in both Event APIs.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
