package io.heapcapture.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.e2e.cluster.ControlPlane;
import io.heapcapture.e2e.cluster.Kubectl;
import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.cluster.Testbed;
import io.heapcapture.e2e.job.JobRunner;
import io.heapcapture.e2e.pod.KubeletStandIn;
import io.heapcapture.e2e.pod.SidecarEnvironment;
import io.heapcapture.operator.HeapCaptureOperator;
import io.heapcapture.operator.analysis.AnalyzerSettings;
import io.heapcapture.operator.sidecar.SidecarTrust;
import io.heapcapture.operator.tls.OwnedSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a capture needs, on this machine: a real API server, a real S3 server, the operator
 * (in this JVM) and a kubelet stand-in that runs pods as local processes. The demo and the
 * end-to-end tests share it.
 */
public final class LocalCluster implements AutoCloseable {
  public static final String BUCKET = "heapdumps";
  public static final String STORAGE_SECRET = "s3-credentials";

  /** The operator's own namespace: its Secrets (the sidecar CA) live here. */
  public static final String OPERATOR_NAMESPACE = "heapcapture-system";

  private final ControlPlane controlPlane;
  private final LocalS3 s3;
  private final SidecarTrust sidecarTrust;
  private final KubeletStandIn kubelet;
  private final JobRunner jobs;
  private HeapCaptureOperator operator;

  private LocalCluster(ControlPlane controlPlane, LocalS3 s3, SidecarTrust sidecarTrust) {
    this.controlPlane = controlPlane;
    this.s3 = s3;
    this.sidecarTrust = sidecarTrust;
    this.kubelet =
        new KubeletStandIn(
            controlPlane.client(),
            new SidecarEnvironment(sidecarTrust.clientCaPem(), s3.endpoint().toString()));
    this.jobs = new JobRunner(controlPlane.client());
  }

  /** Starts the control plane, the store (with the bucket), the Job runner and the operator. */
  public static LocalCluster start() {
    ControlPlane controlPlane = ControlPlane.start();
    LocalS3 s3 = LocalS3.start();
    s3.createBucket(BUCKET);
    createNamespace(controlPlane.client(), OPERATOR_NAMESPACE);
    SidecarTrust trust =
        SidecarTrust.load(
            new OwnedSecrets(controlPlane.client(), OPERATOR_NAMESPACE, Optional.empty()),
            Clock.systemUTC());
    LocalCluster cluster = new LocalCluster(controlPlane, s3, trust);
    cluster.jobs.start();
    cluster.startOperator();
    return cluster;
  }

  public KubernetesClient client() {
    return controlPlane.client();
  }

  public Kubectl kubectl() {
    return controlPlane.kubectl();
  }

  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public LocalS3 s3() {
    return s3;
  }

  public KubeletStandIn kubelet() {
    return kubelet;
  }

  /** Runs the cluster's Jobs as local processes; {@link JobRunner#logOf} finds their logs. */
  public JobRunner jobs() {
    return jobs;
  }

  /** The operator's sidecar CA and client certificate, as the in-test operator uses them. */
  public SidecarTrust sidecarTrust() {
    return sidecarTrust;
  }

  public synchronized void startOperator() {
    if (operator == null) {
      operator =
          new HeapCaptureOperator(
              client(), sidecarTrust, Set.of(), AnalyzerSettings.defaults(), Clock.systemUTC());
      operator.start();
    }
  }

  public synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Creates a namespace with the Secret that holds the store's credentials. */
  public void createNamespace(String namespace) {
    createNamespace(client(), namespace);
    client()
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(STORAGE_SECRET)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(
                    Map.of("accessKeyId", s3.accessKey(), "secretAccessKey", s3.secretKey()))
                .build())
        .serverSideApply();
  }

  private static void createNamespace(KubernetesClient client, String namespace) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
  }

  /**
   * A copy of a sample manifest from {@code examples/}, pointed at this machine's S3 server (and
   * renamed, if {@code name} is not null), ready for {@code kubectl apply -f}.
   */
  public Path localCopyOfExample(String example, String name) {
    Path source = Testbed.root().resolve("examples").resolve(example);
    try {
      HeapCapture capture = Serialization.unmarshal(Files.readString(source), HeapCapture.class);
      capture.getSpec().getStorage().setEndpoint(s3.endpoint().toString());
      if (name != null) {
        capture.getMetadata().setName(name);
      }
      Path copy = controlPlane.dir().resolve((name == null ? "capture" : name) + ".yaml");
      Files.writeString(copy, Serialization.asYaml(capture));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stopOperator();
    jobs.close();
    s3.close();
    controlPlane.close();
  }
}
