package io.heapcapture.e2e.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a node by hand, for debugging ({@code dev/node}): prints how to reach it and runs until
 * Ctrl-C, which stops it and restores the host. Arguments: more image tars to import; or {@code
 * --clean} alone, to clean up after a node that was killed, and start none.
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 1 && args[0].equals("--clean")) {
      NodeCluster.cleanLeftovers();
      System.out.println("no node left on this host");
      return;
    }
    List<Path> tars = new ArrayList<>(NodeImages.defaultTars());
    for (String arg : args) {
      tars.add(Path.of(arg));
    }
    NodeCluster node = NodeCluster.start(tars);
    System.out.printf(
        "%nnode %s is Ready (%d ms); logs in %s%n%n  export KUBECONFIG=%s%n%nCtrl-C stops it.%n",
        node.nodeName(), node.startDuration().toMillis(), node.dir(), node.kubeconfig());
    // The shutdown hook (ExitCleanup) stops the node on Ctrl-C or SIGTERM.
    new CountDownLatch(1).await();
  }
}
