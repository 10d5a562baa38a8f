package io.heapcapture.sidecar.process;

import java.nio.file.Path;

/**
 * A JVM process as the sidecar sees it through {@code /proc}.
 *
 * @param pid the pid in the sidecar's pid namespace (the pod's)
 * @param nsPid the pid the JVM sees for itself (innermost namespace); names its attach files
 * @param uid effective uid
 * @param gid effective gid
 * @param commandLine the arguments joined by spaces
 * @param sigCgt mask of the signals the process catches
 * @param cgroup the text of {@code /proc/<pid>/cgroup}
 * @param options the JVM options from command line and option environment variables
 * @param procRoot the proc file system this process was read from
 */
public record JvmProcess(
    long pid,
    long nsPid,
    int uid,
    int gid,
    String commandLine,
    long sigCgt,
    String cgroup,
    JvmOptions options,
    Path procRoot)
    implements TargetProcess {

  private static final long SIGQUIT_BIT = 1L << (3 - 1);

  /** Whether the process handles SIGQUIT; if not, SIGQUIT would kill it or do nothing. */
  public boolean catchesSigquit() {
    return (sigCgt & SIGQUIT_BIT) != 0;
  }

  /** Whether the JVM runs with {@code -XX:+DisableAttachMechanism}. */
  public boolean attachDisabled() {
    return options.flag("DisableAttachMechanism").orElse(false);
  }

  /** Whether the JVM opens its attach socket at start-up ({@code -XX:+StartAttachListener}). */
  public boolean startsAttachListener() {
    return options.flag("StartAttachListener").orElse(false);
  }
}
