package io.heapcapture.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.heapcapture.operator.analysis.AnalyzerSettings;
import io.heapcapture.operator.sidecar.SidecarCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   <li>{@code HEAPCAPTURE_SIDECAR_KEY_FILE}: file with the key (≥ 32 bytes) that sidecar tokens
 *       are derived from; required.
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
    String keyFile = System.getenv("HEAPCAPTURE_SIDECAR_KEY_FILE");
    if (keyFile == null || keyFile.isBlank()) {
      System.err.println("HEAPCAPTURE_SIDECAR_KEY_FILE must name the sidecar signing key file");
      System.exit(2);
    }
    SidecarCredentials credentials = new SidecarCredentials(Files.readAllBytes(Path.of(keyFile)));
    Set<String> namespaces =
        Arrays.stream(System.getenv().getOrDefault("HEAPCAPTURE_NAMESPACES", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    KubernetesClient client = new KubernetesClientBuilder().build();
    HeapCaptureOperator operator =
        new HeapCaptureOperator(
            client,
            credentials,
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
