package io.heapcapture.sidecar.process;

import io.heapcapture.sidecar.CaptureException;
import java.util.List;

/** Chooses the one Node.js process a capture is about, by the same rules as for JVMs. */
public final class NodeSelector {
  private static final ProcessChoice.Wording NODES =
      new ProcessChoice.Wording(
          "Node.js processes",
          "no Node.js process is visible to the sidecar; the pod needs shareProcessNamespace: true"
              + " and the sidecar the application's uid",
          "set spec.target.process.commandPattern to choose one");

  private final ProcessTable table;

  /** A selector over the Node.js processes of {@code table}. */
  public NodeSelector(ProcessTable table) {
    this.table = table;
  }

  /**
   * The only visible Node.js process whose command line contains a match of {@code commandPattern}
   * and that runs in container {@code containerId}; either may be null for "any".
   */
  public NodeProcess select(String commandPattern, String containerId) throws CaptureException {
    return choose(table.nodes(), commandPattern, containerId);
  }

  static NodeProcess choose(List<NodeProcess> nodes, String commandPattern, String containerId)
      throws CaptureException {
    return ProcessChoice.choose(nodes, commandPattern, containerId, NODES);
  }
}
