package io.heapcapture.api.v1alpha1;

/** How the operator reaches the JVM of a target pod. */
public enum CaptureMode {
  /** Through the injected sidecar when the pod has one, else through an ephemeral container. */
  Auto,
  /** Only through an injected sidecar; a pod without one fails with SidecarNotInjected. */
  Sidecar,
  /**
   * Through an ephemeral container that runs the sidecar's image for this one capture. It stays in
   * the pod's spec, stopped, until the pod is deleted: Kubernetes cannot remove one.
   */
  EphemeralContainer
}
