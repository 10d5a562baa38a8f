package io.heapcapture.sidecar.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.Failure;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.SidecarApi;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.WireJson;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.tls.TrustedClients;
import io.heapcapture.sidecar.trigger.RuleEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS API the operator calls. Only {@code /healthz} is open; everything else needs a client
 * certificate from the operator's CA ({@link TrustedClients}). The JDK's own HTTPS server: a
 * handful of requests a minute need no framework.
 */
public final class SidecarServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarServer.class);
  // 10,000 presigned part URLs fit with room to spare.
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final HttpsServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(4);
  private final CaptureRegistry captures;
  private final RuleEngine rules;
  private final TrustedClients clients;
  private final ObjectMapper json = WireJson.mapper();

  /** A server without rules (a one-shot agent's). */
  public SidecarServer(
      InetSocketAddress address, CaptureRegistry captures, SSLContext tls, TrustedClients clients)
      throws IOException {
    this(address, captures, null, tls, clients);
  }

  /**
   * {@code rules}: what {@code /v1/rules} arms (null: none); {@code tls}: the server's identity;
   * {@code clients}: who may call the {@code /v1} API.
   */
  public SidecarServer(
      InetSocketAddress address,
      CaptureRegistry captures,
      RuleEngine rules,
      SSLContext tls,
      TrustedClients clients)
      throws IOException {
    this.captures = captures;
    this.rules = rules;
    this.clients = clients;
    this.server = HttpsServer.create(address, 16);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            // Wanted, not needed: kubelet probes of /healthz come without a certificate.
            SSLParameters ssl = tls.getDefaultSSLParameters();
            ssl.setWantClientAuth(true);
            params.setSSLParameters(ssl);
          }
        });
    server.createContext(SidecarApi.HEALTH, exchange -> respond(exchange, 200, "ok\n"));
    server.createContext(SidecarApi.CAPTURES, exchange -> guarded(exchange, this::route));
    server.createContext(SidecarApi.RULES, exchange -> guarded(exchange, this::routeRules));
    server.setExecutor(handlers);
  }

  public void start() {
    server.start();
    LOG.info("sidecar API listening on {}", server.getAddress());
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  /** One route of the {@code /v1} API. */
  private interface Route {
    void handle(HttpExchange exchange) throws IOException, CaptureException;
  }

  private void guarded(HttpExchange exchange, Route route) throws IOException {
    // The error answers go inside the resource block: try-with-resources closes the exchange
    // before its own catch clauses run, and a closed exchange can no longer answer.
    try (exchange) {
      try {
        if (!clients.admits(((HttpsExchange) exchange).getSSLSession())) {
          respond(exchange, 401, "{\"message\":\"no client certificate from the operator's CA\"}");
          return;
        }
        route.handle(exchange);
      } catch (CaptureException e) {
        respondJson(exchange, statusOf(e.reason()), e.failure());
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "request {} {} failed: {}",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e.toString());
        respondJson(exchange, 400, new Failure(FailureReason.BAD_REQUEST, "unreadable request"));
      }
    }
  }

  private static int statusOf(FailureReason reason) {
    return switch (reason) {
      case BAD_REQUEST -> 400;
      case ENDPOINT_NOT_ALLOWED -> 403;
      default -> 500;
    };
  }

  private void route(HttpExchange exchange) throws IOException, CaptureException {
    String method = exchange.getRequestMethod();
    String rest = exchange.getRequestURI().getPath().substring(SidecarApi.CAPTURES.length());
    String[] parts =
        rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
    if (parts.length == 0 && method.equals("GET")) {
      respondJson(exchange, 200, captures.list());
    } else if (parts.length == 0 && method.equals("POST")) {
      respondJson(exchange, 202, captures.start(read(exchange, CaptureRequest.class)));
    } else if (parts.length == 1 && method.equals("GET")) {
      found(exchange, captures.state(parts[0]));
    } else if (parts.length == 1 && method.equals("DELETE")) {
      respond(exchange, captures.discard(parts[0]) ? 204 : 404, "");
    } else if (parts.length == 2 && parts[1].equals(SidecarApi.UPLOAD) && method.equals("POST")) {
      found(exchange, captures.upload(parts[0], read(exchange, UploadInstruction.class)));
    } else {
      respond(exchange, 404, "{\"message\":\"no such endpoint\"}");
    }
  }

  private void routeRules(HttpExchange exchange) throws IOException, CaptureException {
    String method = exchange.getRequestMethod();
    String rest = exchange.getRequestURI().getPath().substring(SidecarApi.RULES.length());
    boolean all = rest.isEmpty() || rest.equals("/");
    if (rules == null) {
      respond(exchange, 404, "{\"message\":\"this agent takes no rules\"}");
    } else if (all && method.equals("PUT")) {
      respondJson(exchange, 200, rules.arm(read(exchange, RuleSet.class)));
    } else if (all && method.equals("GET")) {
      respondJson(exchange, 200, rules.armed());
    } else if (!all && rest.indexOf('/', 1) < 0 && method.equals("DELETE")) {
      respond(exchange, rules.disarm(rest.substring(1)) ? 204 : 404, "");
    } else {
      respond(exchange, 404, "{\"message\":\"no such endpoint\"}");
    }
  }

  private void found(HttpExchange exchange, Optional<?> body) throws IOException {
    if (body.isPresent()) {
      respondJson(exchange, 200, body.get());
    } else {
      respond(exchange, 404, "{\"message\":\"unknown capture\"}");
    }
  }

  private <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new IOException("request body too large");
      }
      return json.readValue(body, type);
    }
  }

  private void respondJson(HttpExchange exchange, int status, Object body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    respond(exchange, status, json.writeValueAsString(body));
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
