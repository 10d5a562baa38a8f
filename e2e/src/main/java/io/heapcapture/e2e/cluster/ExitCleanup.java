package io.heapcapture.e2e.cluster;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Closes what is still open when the JVM exits, newest first, so that no kube-apiserver, etcd or S3
 * server outlives a test run that was interrupted or forgot to close it.
 */
public final class ExitCleanup {
  private static final Deque<AutoCloseable> OPEN = new ConcurrentLinkedDeque<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExitCleanup::closeAll, "heapcapture-testbed-exit-cleanup"));
  }

  private ExitCleanup() {}

  public static void register(AutoCloseable resource) {
    OPEN.push(resource);
  }

  public static void unregister(AutoCloseable resource) {
    OPEN.remove(resource);
  }

  private static void closeAll() {
    AutoCloseable resource;
    while ((resource = OPEN.poll()) != null) {
      try {
        resource.close();
      } catch (Exception e) {
        // Logging may already be shut down at this point.
        System.err.println("[testbed] closing " + resource + " at exit failed: " + e);
      }
    }
  }
}
