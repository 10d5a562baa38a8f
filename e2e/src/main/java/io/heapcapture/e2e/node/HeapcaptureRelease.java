package io.heapcapture.e2e.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.e2e.cluster.Helm;
import io.heapcapture.e2e.cluster.LocalS3;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * heapcapture installed on the real node the way a user installs it: {@code helm install} of the
 * repository's chart into {@value Helm#NAMESPACE}, with the images the build imported and the local
 * S3 server as the one endpoint sidecars may upload to.
 */
public final class HeapcaptureRelease {
  /** The label of the operator's pods. */
  public static final String OPERATOR_LABEL = "app.kubernetes.io/name";

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final NodeCluster node;
  private final Helm helm;
  private final String values;

  private HeapcaptureRelease(NodeCluster node, Helm helm, String values) {
    this.node = node;
    this.helm = helm;
    this.values = values;
  }

  /**
   * Installs the chart into {@value Helm#NAMESPACE}, which must exist, and waits until both
   * operator replicas are ready.
   */
  public static HeapcaptureRelease install(NodeCluster node, LocalS3 s3) {
    String values =
        """
        operator:
          readinessProbe:
            initialDelaySeconds: 2
        injection:
          allowedEndpoints: ["%s"]
        """
            .formatted(s3.endpoint());
    HeapcaptureRelease release = new HeapcaptureRelease(node, Helm.fromTestbed(), values);
    release.require(release.helm.onCluster(node.kubeconfig(), "install", values));
    release.awaitReady(2);
    return release;
  }

  /** {@code helm upgrade} with the same values. */
  public Helm.Result upgrade() {
    return helm.onCluster(node.kubeconfig(), "upgrade", values);
  }

  /** {@code helm uninstall --wait}. */
  public Helm.Result uninstall() {
    return helm.run(
        "uninstall",
        Helm.RELEASE,
        "--namespace",
        Helm.NAMESPACE,
        "--kubeconfig",
        node.kubeconfig().toString(),
        "--wait");
  }

  /** Scales the operator's Deployment; {@link #awaitReady} waits for it. */
  public void scale(int replicas) {
    client()
        .apps()
        .deployments()
        .inNamespace(Helm.NAMESPACE)
        .withName(Helm.RELEASE)
        .scale(replicas);
  }

  /** Waits until {@code replicas} operator replicas are ready. */
  public void awaitReady(int replicas) {
    await(
        replicas + " operator replicas ready",
        () -> {
          Deployment d =
              client()
                  .apps()
                  .deployments()
                  .inNamespace(Helm.NAMESPACE)
                  .withName(Helm.RELEASE)
                  .get();
          return d != null
              && d.getStatus() != null
              && d.getStatus().getReadyReplicas() != null
              && d.getStatus().getReadyReplicas() == replicas;
        });
  }

  /** Waits until no operator pod is left, terminating ones included (they still serve). */
  public void awaitGone() {
    await("the operator's pods to go", () -> pods(true).isEmpty());
  }

  /** The operator's pods; terminating ones only if asked. */
  public List<Pod> pods(boolean withTerminating) {
    return client()
        .pods()
        .inNamespace(Helm.NAMESPACE)
        .withLabel(OPERATOR_LABEL, "heapcapture")
        .list()
        .getItems()
        .stream()
        .filter(p -> withTerminating || p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private void require(Helm.Result result) {
    if (!result.succeeded()) {
      throw new IllegalStateException("helm failed\n" + result);
    }
  }

  private KubernetesClient client() {
    return node.client();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // the API server or a half-made object; look again
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + READY_TIMEOUT + " waiting for " + what);
      }
      try {
        TimeUnit.SECONDS.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
