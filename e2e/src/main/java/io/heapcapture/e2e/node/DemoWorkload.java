package io.heapcapture.e2e.node;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.cluster.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An application team's side on the real node: a namespace under the {@code restricted} Pod
 * Security Standard (opted in to the sidecar, or not) with the storage credentials Secret, the
 * leaking demo JVM as a Deployment, and HeapCapture manifests from {@code examples/}.
 */
public final class DemoWorkload {
  /** The demo image the build makes (demo-app's Jib tar). */
  public static final String IMAGE = "heapcapture/leaky-demo:0.1.0";

  /** The leak corpus's Spring Boot shop as a service that leaks steadily (leak-corpus's tar). */
  public static final String SHOP_IMAGE = "heapcapture/leaky-shop:0.1.0";

  /** The Node.js demo: an Express service that leaks a listener per request (demo-express/). */
  public static final String EXPRESS_IMAGE = "heapcapture/leaky-express:0.1.0";

  public static final String BUCKET = "heapdumps";
  public static final String CREDENTIALS = "s3-credentials";
  public static final Map<String, String> RESTRICTED =
      Map.of("pod-security.kubernetes.io/enforce", "restricted");

  private final NodeCluster node;
  private final LocalS3 s3;

  public DemoWorkload(NodeCluster node, LocalS3 s3) {
    this.node = node;
    this.s3 = s3;
  }

  /** A restricted namespace, labelled for injection if asked, with the credentials Secret. */
  public void createNamespace(String namespace, boolean inject) {
    Map<String, String> labels = new HashMap<>(RESTRICTED);
    if (inject) {
      labels.put("heapcapture.io/inject", "enabled");
    }
    node.createNamespace(namespace, labels);
    client()
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(CREDENTIALS)
                .endMetadata()
                .addToStringData("accessKeyId", s3.accessKey())
                .addToStringData("secretAccessKey", s3.secretKey())
                .build())
        .create();
  }

  /** Deploys the demo JVM as {@code app} and returns its pod once it is ready. */
  public Pod deploy(String namespace, String app) {
    return deploy(namespace, deployment(app, IMAGE, "256Mi", Map.of()));
  }

  /** Deploys {@code deployment} and returns its pod once it is ready. */
  public Pod deploy(String namespace, Deployment deployment) {
    client().apps().deployments().inNamespace(namespace).resource(deployment).create();
    return awaitReadyPod(namespace, deployment.getMetadata().getName());
  }

  /** The one ready pod labelled {@code app=<app>}. */
  public Pod awaitReadyPod(String namespace, String app) {
    List<Pod> found = new ArrayList<>();
    HeapcaptureRelease.await(
        app + " running and ready in " + namespace,
        () -> {
          found.clear();
          found.addAll(
              client()
                  .pods()
                  .inNamespace(namespace)
                  .withLabel("app", app)
                  .list()
                  .getItems()
                  .stream()
                  .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                  .filter(DemoWorkload::ready)
                  .toList());
          return found.size() == 1;
        });
    return found.get(0);
  }

  /**
   * The demo JVM as an application team would deploy it under the restricted standard: its own uid
   * and gid, a read-only root with a writable /tmp (the JVM's attach socket lives there).
   */
  public static Deployment deployment(
      String app, String image, String memoryLimit, Map<String, String> env) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(app)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", app)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(1000L)
        .withRunAsGroup(1000L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withEnv(
            env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
        .withNewResources()
        .addToLimits("memory", new Quantity(memoryLimit))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * {@code examples/heapcapture-on-demand.yaml} as a user would edit it: named {@code name},
   * selecting {@code app=<app>}, storing into the local S3 server; written to the node's run dir.
   */
  public Path captureManifest(String name, String app) {
    Path source = Testbed.root().resolve("examples").resolve("heapcapture-on-demand.yaml");
    try {
      HeapCapture capture = Serialization.unmarshal(Files.readString(source), HeapCapture.class);
      capture.getMetadata().setName(name);
      capture.getSpec().getTarget().getSelector().setMatchLabels(Map.of("app", app));
      capture.getSpec().getStorage().setEndpoint(s3.endpoint().toString());
      capture.getSpec().getStorage().setRegion(s3.region());
      capture.getSpec().getStorage().setBucket(BUCKET);
      Path copy = node.dir().resolve(name + ".yaml");
      Files.writeString(copy, Serialization.asYaml(capture));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private KubernetesClient client() {
    return node.client();
  }
}
