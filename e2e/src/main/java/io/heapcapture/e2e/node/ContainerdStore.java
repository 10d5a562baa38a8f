package io.heapcapture.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * containerd's image store, kept from one clean run to the next so images are imported once: a
 * store is reused only when the last stop removed every container and sandbox from it (a killed run
 * leaves some, and they would come back as ghosts); otherwise the cleanup removes it.
 */
final class ContainerdStore {
  private static final Logger log = LoggerFactory.getLogger(ContainerdStore.class);
  private static final Path STOPPED_CLEAN = NodeLayout.CONTAINERD_ROOT.resolve("stopped-clean");
  private static final Path IMPORTED = NodeLayout.CONTAINERD_ROOT.resolve("imported-tars");
  private static final String NAMESPACE = "k8s.io";

  private final Path ctr;

  ContainerdStore(Path ctr) {
    this.ctr = ctr;
  }

  static boolean stoppedClean() {
    return Files.exists(STOPPED_CLEAN);
  }

  /** Called before containerd starts: from now until a clean stop the store may gain containers. */
  static void markInUse() throws IOException {
    Files.createDirectories(NodeLayout.CONTAINERD_ROOT);
    Files.deleteIfExists(STOPPED_CLEAN);
  }

  /**
   * Imports each tar (OCI layout or docker save) not imported unchanged before; returns the count.
   */
  int importAll(List<Path> tars) {
    List<String> done = importedKeys();
    int imported = 0;
    for (Path tar : tars) {
      String key = keyOf(tar);
      if (done.contains(key)) {
        log.info("image tar {} imported before, unchanged", tar);
        continue;
      }
      long started = System.nanoTime();
      String output = ctr("images", "import", "--local", tar.toString()).orThrow();
      log.info(
          "imported {} in {} ms: {}",
          tar,
          (System.nanoTime() - started) / 1_000_000,
          output.strip().replace('\n', ' '));
      try {
        Files.writeString(
            IMPORTED,
            key + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + IMPORTED, e);
      }
      imported++;
    }
    return imported;
  }

  /** Names of the images in the store. */
  List<String> images() {
    List<String> names = new ArrayList<>();
    for (String line : ctr("images", "list", "-q").orThrow().split("\n")) {
      if (!line.isBlank() && !line.startsWith("time=")) {
        names.add(line.strip());
      }
    }
    return names;
  }

  /**
   * Removes the tasks, containers and sandboxes kubelet left (it removes a deleted pod's containers
   * only at its next garbage collection); marks the store clean when none is left.
   */
  void removeContainersAndMarkClean() {
    for (String task : column("tasks", "list")) {
      ctr("tasks", "kill", "-s", "SIGKILL", task);
      ctr("tasks", "delete", "-f", task);
    }
    for (String container : lines("containers", "list", "-q")) {
      ctr("containers", "delete", container);
    }
    for (String sandbox : lines("sandboxes", "list", "-q")) {
      ctr("sandboxes", "remove", "-f", sandbox);
    }
    List<String> left = new ArrayList<>(lines("containers", "list", "-q"));
    left.addAll(lines("sandboxes", "list", "-q"));
    if (!left.isEmpty()) {
      log.warn("containerd still holds {}: its store will be removed", left);
      return;
    }
    try {
      Files.writeString(STOPPED_CLEAN, "");
    } catch (IOException e) {
      log.warn("cannot write {}", STOPPED_CLEAN, e);
    }
  }

  private List<String> lines(String... args) {
    HostCommand.Result result = ctr(args);
    List<String> out = new ArrayList<>();
    if (result.succeeded()) {
      for (String line : result.output().split("\n")) {
        // ctr writes warnings (cgroup v1 is deprecated) to the same output.
        if (!line.isBlank() && !line.startsWith("time=")) {
          out.add(line.strip());
        }
      }
    }
    return out;
  }

  /** The first column of a listing with a header line. */
  private List<String> column(String... args) {
    List<String> rows = lines(args);
    return rows.isEmpty()
        ? rows
        : rows.subList(1, rows.size()).stream().map(r -> r.split("\\s+")[0]).toList();
  }

  HostCommand.Result ctr(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ctr.toString());
    command.add("--address=" + NodeLayout.CONTAINERD_SOCKET);
    command.add("--namespace=" + NAMESPACE);
    command.addAll(List.of(args));
    return HostCommand.run(null, command);
  }

  private static List<String> importedKeys() {
    try {
      return Files.exists(IMPORTED) ? Files.readAllLines(IMPORTED) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + IMPORTED, e);
    }
  }

  private static String keyOf(Path tar) {
    try {
      Path real = tar.toRealPath();
      return real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image tar " + tar, e);
    }
  }
}
