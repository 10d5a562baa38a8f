package io.heapcapture.sidecar.process;

import io.heapcapture.sidecar.CaptureException;
import java.util.List;

/** Chooses the one JVM a capture is about. */
public final class JvmSelector {
  private static final ProcessChoice.Wording JVMS =
      new ProcessChoice.Wording(
          "JVMs",
          "no JVM process is visible to the sidecar; the pod needs shareProcessNamespace: true"
              + " and the sidecar the JVM's uid",
          "set the process pattern to choose one");

  private final ProcessTable table;

  /** A selector over the JVMs of {@code table}. */
  public JvmSelector(ProcessTable table) {
    this.table = table;
  }

  /**
   * The only visible JVM whose command line contains a match of {@code commandPattern} and that
   * runs in container {@code containerId}; either may be null for "any".
   */
  public JvmProcess select(String commandPattern, String containerId) throws CaptureException {
    return choose(table.jvms(), commandPattern, containerId);
  }

  static JvmProcess choose(List<JvmProcess> jvms, String commandPattern, String containerId)
      throws CaptureException {
    return ProcessChoice.choose(jvms, commandPattern, containerId, JVMS);
  }
}
