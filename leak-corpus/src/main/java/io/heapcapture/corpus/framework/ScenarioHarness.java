package io.heapcapture.corpus.framework;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What every framework scenario does around its application: client threads that send a fixed
 * number of requests (so the leak grows by a known amount whatever the machine's speed) and the two
 * heap dumps.
 */
public final class ScenarioHarness {
  private ScenarioHarness() {}

  /** One client's work: sends its {@code i}-th request of a phase. */
  @FunctionalInterface
  public interface Request {
    void send(HttpClient http, int client, int i) throws Exception;
  }

  private static final long START = System.nanoTime();

  /** Writes a dump of the live objects to {@code path} (replaced if it exists). */
  public static void dumpHeap(String path) throws IOException {
    Files.deleteIfExists(Path.of(path));
    log("dumping to " + path);
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(path, true);
    log("dumped " + Files.size(Path.of(path)) / (1024 * 1024) + " MiB");
  }

  /** A progress line on stderr, with the seconds since the program started. */
  public static void log(String message) {
    System.err.printf("[%5.1f s] %s%n", (System.nanoTime() - START) / 1e9, message);
  }

  /** A client as applications build it: HTTP/1.1, its own connection pool. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Runs {@code requestsPerClient} requests on each of {@code clients} threads, each thread with
   * its own {@link HttpClient}, and waits for all of them; rethrows the first failure.
   */
  public static void drive(
      String phase, List<HttpClient> clients, int requestsPerClient, Request request)
      throws Exception {
    ExecutorService threads =
        Executors.newFixedThreadPool(
            clients.size(),
            r -> {
              Thread t = new Thread(r, "load-client-" + phase);
              t.setDaemon(true);
              return t;
            });
    log(phase + ": " + clients.size() + " clients x " + requestsPerClient);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients.size(); c++) {
        int client = c;
        running.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < requestsPerClient; i++) {
                    request.send(clients.get(client), client, i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    log(phase + ": finished");
  }

  /** {@code count} clients. */
  public static List<HttpClient> clients(int count) {
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clients.add(newClient());
    }
    return clients;
  }
}
