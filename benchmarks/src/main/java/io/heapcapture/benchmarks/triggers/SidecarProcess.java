package io.heapcapture.benchmarks.triggers;

import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarEndpoint;
import io.heapcapture.operator.sidecar.SidecarException;
import io.heapcapture.operator.sidecar.SidecarTrust;
import io.heapcapture.operator.tls.CertificateAuthority;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.RuleSet;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sidecar as it runs in a pod: its shaded jar in a JVM of its own with the image's flags, its
 * API behind mutual TLS, reached with the operator's own client and a CA made for the run.
 */
final class SidecarProcess implements AutoCloseable {
  /** The flags of the sidecar image (sidecar/pom.xml, Jib's jvmFlags). */
  static final List<String> IMAGE_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:MaxRAMPercentage=50",
          "-Xss512k",
          "-XX:-UsePerfData",
          "-XX:+ExitOnOutOfMemoryError");

  /** Stands for the chart's default 256Mi memory limit, which a process on the host lacks. */
  static final String LIMIT = "-XX:MaxRAM=256m";

  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final SidecarClient client;
  private final SidecarEndpoint endpoint;

  private SidecarProcess(Process process, SidecarClient client, SidecarEndpoint endpoint) {
    this.process = process;
    this.client = client;
    this.endpoint = endpoint;
  }

  /** Starts the sidecar and waits until its API answers the operator's certificate. */
  static SidecarProcess start(Path java, Path jar, Path dumpDir, Path procRoot, Path log)
      throws IOException, InterruptedException {
    Clock clock = Clock.systemUTC();
    SidecarTrust trust =
        new SidecarTrust(
            CertificateAuthority.create("heapcapture-bench-ca", Duration.ofDays(1), clock), clock);
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(IMAGE_FLAGS);
    command.add(LIMIT);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("HEAPCAPTURE_CLIENT_CA", trust.clientCaPem());
    builder.environment().put("HEAPCAPTURE_LISTEN", "127.0.0.1:" + port);
    builder.environment().put("HEAPCAPTURE_DUMP_DIR", dumpDir.toString());
    builder.environment().put("HEAPCAPTURE_UPLOAD_ENDPOINTS", "");
    builder.environment().put("HEAPCAPTURE_PROC", procRoot.toString());
    SidecarProcess sidecar =
        new SidecarProcess(
            builder.start(),
            new SidecarClient(trust.sslContext()),
            new SidecarEndpoint("127.0.0.1", port));
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      try {
        sidecar.armed();
        return sidecar;
      } catch (SidecarException e) {
        if (!sidecar.process.isAlive() || System.nanoTime() > deadline) {
          sidecar.close();
          throw new IOException("the sidecar did not answer; see " + log, e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  long pid() {
    return process.pid();
  }

  ArmedPolicy arm(RuleSet rules) throws SidecarException {
    return client.armRules(endpoint, rules);
  }

  ArmedRules armed() throws SidecarException {
    return client.armedRules(endpoint);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
