package io.heapcapture.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The probes' endpoints, on plain HTTP: {@code /healthz} answers while the process can answer at
 * all (the liveness probe restarts a wedged JVM); {@code /readyz} answers 200 only when every
 * readiness check passes, and 503 with the names of those that fail.
 */
public final class OperatorHealth implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

  public OperatorHealth(int port) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(port), 8);
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    server.createContext("/readyz", this::readiness);
  }

  /** Adds a check that {@code /readyz} runs; register them all before {@link #start()}. */
  public OperatorHealth readyWhen(String name, BooleanSupplier check) {
    checks.put(name, check);
    return this;
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The names of the checks that fail now; empty when ready. */
  public List<String> failing() {
    return checks.entrySet().stream()
        .filter(e -> !passes(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static boolean passes(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void readiness(HttpExchange exchange) throws IOException {
    List<String> failing = failing();
    if (failing.isEmpty()) {
      respond(exchange, 200, "ready\n");
    } else {
      respond(exchange, 503, "not ready: " + String.join(", ", failing) + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
