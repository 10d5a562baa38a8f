package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** {@link EphemeralContainers} through the API server. */
public final class ClientEphemeralContainers implements EphemeralContainers {
  private final KubernetesClient client;

  public ClientEphemeralContainers(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void add(String namespace, String pod, EphemeralContainer container)
      throws EphemeralContainerRefused {
    try {
      client
          .pods()
          .inNamespace(namespace)
          .withName(pod)
          .ephemeralContainers()
          .edit(
              p ->
                  p.getSpec().getEphemeralContainers().stream()
                          .anyMatch(c -> c.getName().equals(container.getName()))
                      ? p
                      : new PodBuilder(p)
                          .editSpec()
                          .addToEphemeralContainers(container)
                          .endSpec()
                          .build());
    } catch (KubernetesClientException e) {
      String why = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
      throw new EphemeralContainerRefused(
          "the API server refused the ephemeral container (HTTP " + e.getCode() + "): " + why, e);
    }
  }
}
