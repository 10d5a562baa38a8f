/**
 * Sidecar injection: the mutating admission webhook that adds the heapcapture sidecar, its dump
 * volume and a shared process namespace to the pods that opt in. {@link
 * io.heapcapture.operator.webhook.AdmissionWebhook} serves HTTPS, {@link
 * io.heapcapture.operator.webhook.SidecarInjector} answers one admission with a JSON patch, and
 * each {@link io.heapcapture.operator.webhook.PodMutator} does one part of the change.
 */
package io.heapcapture.operator.webhook;
