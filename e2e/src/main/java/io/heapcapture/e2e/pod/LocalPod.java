package io.heapcapture.e2e.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.e2e.cluster.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A running stand-in pod: its Pod object, its processes and its folders. */
public final class LocalPod implements AutoCloseable {
  private final KubernetesClient client;
  private final Pod pod;
  private final LocalProcess processes;
  private final Path dir;

  LocalPod(KubernetesClient client, Pod pod, LocalProcess processes, Path dir) {
    this.client = client;
    this.pod = pod;
    this.processes = processes;
    this.dir = dir;
  }

  public String name() {
    return pod.getMetadata().getName();
  }

  public String namespace() {
    return pod.getMetadata().getNamespace();
  }

  public String ip() {
    return pod.getStatus().getPodIP();
  }

  /** The dump volume (the same path in both "containers"). */
  public Path dumpDir() {
    return dir.resolve("dumps");
  }

  public Path appLog() {
    return dir.resolve("app.log");
  }

  public Path sidecarLog() {
    return dir.resolve("sidecar.log");
  }

  /** Files left in the dump volume. */
  public List<Path> dumpFiles() {
    try (Stream<Path> files = Files.list(dumpDir())) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String sidecarLogText() {
    try {
      return Files.exists(sidecarLog()) ? Files.readString(sidecarLog()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a command run in the pod printed (stdout and stderr), and how it exited. */
  public record ExecResult(int exitCode, String output) {}

  /**
   * Runs a command inside the pod, in its process and mount namespaces, as its application would:
   * it sees only the pod's processes and the pod's own /tmp. Paths under the host's /tmp must be
   * given as the pod sees them ({@link #seenFromPod}).
   */
  public ExecResult exec(List<String> command, Duration timeout) {
    long init =
        ProcessHandle.of(processes.pid())
            .flatMap(unshare -> unshare.children().findFirst())
            .orElseThrow(() -> new IllegalStateException("pod " + name() + " has no processes"))
            .pid();
    List<String> full =
        new ArrayList<>(List.of("nsenter", "-t", Long.toString(init), "--pid", "--mount", "--"));
    full.addAll(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      byte[] output;
      try (var in = process.getInputStream()) {
        output = in.readAllBytes();
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out in pod " + name() + ": " + command);
      }
      return new ExecResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A host path as this pod's processes see it. */
  public static String seenFromPod(Path hostPath) {
    return KubeletStandIn.seenFromPod(hostPath);
  }

  /** The pod's working directory (the host's view): what its processes have as cwd. */
  public Path dir() {
    return dir;
  }

  public boolean isAlive() {
    return processes.isAlive();
  }

  @Override
  public void close() {
    processes.stop();
    client.pods().inNamespace(namespace()).withName(name()).withGracePeriod(0).delete();
  }

  @Override
  public String toString() {
    return namespace() + "/" + name() + " at " + ip() + " (" + dir + ")";
  }
}
