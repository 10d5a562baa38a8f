package io.heapcapture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.heapcapture.operator.analysis.AnalyzerSettings;
import io.heapcapture.operator.sidecar.SidecarTrust;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator. Configuration comes from the environment:
 *
 * <ul>
 *   <li>{@code HEAPCAPTURE_OPERATOR_NAMESPACE}: the operator's own namespace, where the sidecar CA
 *       lives (Secret {@value io.heapcapture.operator.sidecar.SidecarTrust#SECRET_NAME}); required.
 *   <li>{@code HEAPCAPTURE_NAMESPACES}: comma-separated namespaces to watch; empty means all.
 *   <li>{@code HEAPCAPTURE_ANALYZER_IMAGE}: the image of analyzer Jobs; defaults to {@value
 *       io.heapcapture.operator.analysis.AnalyzerSettings#DEFAULT_IMAGE}.
 * </ul>
 *
 * The Kubernetes connection is the client's usual one: in-cluster, or {@code KUBECONFIG}.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String operatorNamespace = System.getenv("HEAPCAPTURE_OPERATOR_NAMESPACE");
    if (operatorNamespace == null || operatorNamespace.isBlank()) {
      System.err.println("HEAPCAPTURE_OPERATOR_NAMESPACE must name the operator's namespace");
      System.exit(2);
    }
    Set<String> namespaces =
        Arrays.stream(System.getenv().getOrDefault("HEAPCAPTURE_NAMESPACES", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    KubernetesClient client = new KubernetesClientBuilder().build();
    SidecarTrust sidecarTrust = SidecarTrust.load(client, operatorNamespace, Clock.systemUTC());
    HeapCaptureOperator operator =
        new HeapCaptureOperator(
            client,
            sidecarTrust,
            namespaces,
            AnalyzerSettings.fromEnvironment(System.getenv()),
            Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                }));
    operator.start();
    LOG.info(
        "heapcapture operator started, watching {}",
        namespaces.isEmpty() ? "all namespaces" : namespaces);
    stopped.await();
  }
}
