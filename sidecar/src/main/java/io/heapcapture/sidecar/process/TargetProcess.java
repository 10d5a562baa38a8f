package io.heapcapture.sidecar.process;

import java.nio.file.Path;

/** A process the sidecar can capture, as it sees it through {@code /proc}: a JVM or Node.js. */
public sealed interface TargetProcess permits JvmProcess, NodeProcess {
  /** The pid in the sidecar's pid namespace (the pod's). */
  long pid();

  /** The pid the process sees for itself (innermost namespace); it names the process's files. */
  long nsPid();

  /** The arguments joined by spaces. */
  String commandLine();

  /** The text of {@code /proc/<pid>/cgroup}. */
  String cgroup();

  /** The proc file system this process was read from. */
  Path procRoot();

  /** The process's {@code /proc/<pid>} directory. */
  default Path procDir() {
    return procRoot().resolve(Long.toString(pid()));
  }

  /** The process's root directory, through which the sidecar reaches its files. */
  default Path root() {
    return procDir().resolve("root");
  }

  /** The process's working directory. */
  default Path cwd() {
    return procDir().resolve("cwd");
  }
}
