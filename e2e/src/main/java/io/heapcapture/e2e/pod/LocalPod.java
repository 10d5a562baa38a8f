package io.heapcapture.e2e.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.e2e.cluster.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
