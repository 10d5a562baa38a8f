package io.heapcapture.operator.tls;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of the Secrets the operator makes: its own Deployment. Kubernetes' garbage collector
 * then deletes them with the Deployment, so {@code helm uninstall} leaves no Secret behind.
 */
public final class SecretsOwner {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsOwner.class);

  private SecretsOwner() {}

  /**
   * The Deployment {@code name} in {@code namespace} as an owner reference, or empty (logged) when
   * it cannot be read: the Secrets are then made without an owner, as before.
   */
  public static Optional<OwnerReference> deployment(
      KubernetesClient client, String namespace, String name) {
    try {
      Deployment deployment =
          client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (deployment == null) {
        LOG.warn("no Deployment {}/{}: the operator's Secrets get no owner", namespace, name);
        return Optional.empty();
      }
      return Optional.of(of(deployment));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot read Deployment {}/{} ({}): the operator's Secrets get no owner",
          namespace,
          name,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Not the controller, and never blocking the Deployment's deletion. */
  static OwnerReference of(Deployment deployment) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(deployment.getMetadata().getName())
        .withUid(deployment.getMetadata().getUid())
        .withController(false)
        .withBlockOwnerDeletion(false)
        .build();
  }
}
