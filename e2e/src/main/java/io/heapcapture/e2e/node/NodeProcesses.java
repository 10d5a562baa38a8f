package io.heapcapture.e2e.node;

import io.heapcapture.e2e.cluster.ExitCleanup;
import io.heapcapture.e2e.cluster.LocalProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's components as child processes: each logs to {@code <run dir>/<name>.log}, runs in a
 * session of its own, and is recorded (pid and executable) so that a later run can stop it if this
 * JVM is killed.
 */
final class NodeProcesses {
  private static final Logger log = LoggerFactory.getLogger(NodeProcesses.class);

  private final Path dir;
  private final Path nodeBinaries;
  private final Map<String, LocalProcess> processes = new LinkedHashMap<>();
  private volatile boolean stopping;

  NodeProcesses(Path dir, Path nodeBinaries) {
    this.dir = dir;
    this.nodeBinaries = nodeBinaries;
  }

  synchronized void launch(String name, Path binary, String... args) {
    if (stopping) {
      // Ctrl-C during the start: the stop has begun, nothing more may start.
      throw new IllegalStateException("the node is stopping; not starting " + name);
    }
    List<String> command = new ArrayList<>();
    // A session of its own: Ctrl-C in a terminal signals the whole foreground process group, and
    // the components must instead stop in order, after the pods (setsid execs, keeping the pid).
    command.add("setsid");
    command.add(binary.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // containerd and the CNI plugins run iptables, ip and mount; the shim sits beside containerd.
    builder
        .environment()
        .put(
            "PATH", nodeBinaries + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().remove("KUBECONFIG");
    LocalProcess process = LocalProcess.start(name, builder, dir.resolve(name + ".log"));
    // The cluster stops its processes itself, in its own order.
    ExitCleanup.unregister(process);
    HostCleanup.record(process.pid(), binary);
    processes.put(name, process);
  }

  /** From now on nothing starts. */
  void stopping() {
    stopping = true;
  }

  synchronized boolean running(String name) {
    LocalProcess process = processes.get(name);
    return process != null && process.isAlive();
  }

  /** SIGTERM, then SIGKILL after a grace period. */
  void stop(String name) {
    LocalProcess process;
    synchronized (this) {
      process = processes.get(name);
    }
    if (process != null) {
      process.stop();
    }
  }

  /** Waits for {@code condition}, failing at once when one of the processes has died. */
  void await(String what, BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      requireAllAlive(what);
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        log.debug("waiting for {}: {}", what, e.toString());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  private synchronized void requireAllAlive(String what) {
    for (Map.Entry<String, LocalProcess> entry : processes.entrySet()) {
      LocalProcess process = entry.getValue();
      if (!process.isAlive()) {
        throw new IllegalStateException(
            entry.getKey()
                + " exited with code "
                + process.exitCode()
                + " while waiting for "
                + what
                + "; its log ("
                + process.logFile()
                + ") ends:\n"
                + process.logTail(20));
      }
    }
  }
}
