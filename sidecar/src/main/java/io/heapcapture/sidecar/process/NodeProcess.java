package io.heapcapture.sidecar.process;

import java.nio.file.Path;

/**
 * A Node.js process as the sidecar sees it through {@code /proc}.
 *
 * @param pid the pid in the sidecar's pid namespace (the pod's)
 * @param nsPid the pid the process sees for itself; its heap snapshots are named after it
 * @param uid effective uid
 * @param gid effective gid
 * @param commandLine the arguments joined by spaces
 * @param sigCgt mask of the signals the process catches
 * @param cgroup the text of {@code /proc/<pid>/cgroup}
 * @param options the options from command line and {@code NODE_OPTIONS}
 * @param procRoot the proc file system this process was read from
 */
public record NodeProcess(
    long pid,
    long nsPid,
    int uid,
    int gid,
    String commandLine,
    long sigCgt,
    String cgroup,
    NodeOptions options,
    Path procRoot)
    implements TargetProcess {

  /** The signal that makes a process started with {@code --heapsnapshot-signal} write one. */
  public static final String SNAPSHOT_SIGNAL = "SIGUSR2";

  private static final int SIGUSR2 = 12;

  /**
   * Whether the process handles SIGUSR2. Node installs the handler only for {@code
   * --heapsnapshot-signal=SIGUSR2}, and only once it has started; otherwise the signal kills it.
   */
  public boolean catchesSigusr2() {
    return catches(sigCgt, SIGUSR2);
  }

  /** Whether the process was started with {@code --heapsnapshot-signal=SIGUSR2}. */
  public boolean snapshotsOnSigusr2() {
    return options.heapSnapshotSignal().filter(SNAPSHOT_SIGNAL::equals).isPresent();
  }

  /**
   * The folder Node writes its heap snapshots into, as the sidecar reaches it: {@code
   * --diagnostic-dir} (relative to the working directory unless absolute), else the working
   * directory.
   */
  public Path snapshotDir() {
    return options
        .diagnosticDir()
        .map(dir -> dir.startsWith("/") ? root().resolve(dir.substring(1)) : cwd().resolve(dir))
        .orElse(cwd());
  }

  /** Whether bit {@code signal} (1-based, as in signal(7)) is set in a SigCgt mask. */
  static boolean catches(long sigCgt, int signal) {
    return (sigCgt & (1L << (signal - 1))) != 0;
  }
}
