package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.EphemeralContainer;

/** Adds ephemeral containers to pods, through the pod's {@code ephemeralcontainers} subresource. */
public interface EphemeralContainers {
  /**
   * Adds {@code container} to the pod unless one of that name is there already.
   *
   * @throws EphemeralContainerRefused when the API server refuses (no permission, invalid spec)
   */
  void add(String namespace, String pod, EphemeralContainer container)
      throws EphemeralContainerRefused;

  /** The API server refused to add an ephemeral container. */
  final class EphemeralContainerRefused extends Exception {
    public EphemeralContainerRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
