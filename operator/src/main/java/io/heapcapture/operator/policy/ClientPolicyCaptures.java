package io.heapcapture.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.api.v1alpha1.HeapCapture;
import java.net.HttpURLConnection;
import java.util.List;

/** {@link PolicyCaptures} through the Kubernetes API. */
public final class ClientPolicyCaptures implements PolicyCaptures {
  private final KubernetesClient client;

  public ClientPolicyCaptures(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<HeapCapture> inNamespace(String namespace) {
    return client.resources(HeapCapture.class).inNamespace(namespace).list().getItems();
  }

  @Override
  public boolean create(HeapCapture capture) {
    try {
      client.resource(capture).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void delete(HeapCapture capture) {
    client
        .resources(HeapCapture.class)
        .inNamespace(capture.getMetadata().getNamespace())
        .withName(capture.getMetadata().getName())
        .delete();
  }

  @Override
  public void release(HeapCapture capture, String ownerUid) {
    client
        .resources(HeapCapture.class)
        .inNamespace(capture.getMetadata().getNamespace())
        .withName(capture.getMetadata().getName())
        .edit(
            c -> {
              c.getMetadata().getOwnerReferences().removeIf(o -> ownerUid.equals(o.getUid()));
              return c;
            });
  }
}
