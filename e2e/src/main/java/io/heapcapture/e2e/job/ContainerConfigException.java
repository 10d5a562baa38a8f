package io.heapcapture.e2e.job;

/**
 * The container cannot be started as specified: a missing Secret or key, or a feature the runner
 * does not play. A kubelet would report CreateContainerConfigError and keep the pod Pending.
 */
final class ContainerConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  ContainerConfigException(String message) {
    super(message);
  }
}
