package io.heapcapture.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS endpoint the API server calls: {@code POST /mutate-pods} with an AdmissionReview v1,
 * answered with an AdmissionReview v1 that echoes the request's uid. Bodies are capped, and a
 * request that takes longer than the timeout (a client that stalls, say) has its connection closed,
 * so that nothing that can reach the port ties up the webhook's few threads for long.
 *
 * <p>The TLS certificate comes with the {@link SSLContext}: to rotate it without a restart, give a
 * context whose key manager reads the current key.
 */
public final class AdmissionWebhook implements AutoCloseable {
  /** Path of the pod mutation endpoint. */
  public static final String PATH = "/mutate-pods";

  /** Larger than any pod the API server takes (its request bodies are capped at 3 MB). */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Longer than the API server waits (the configuration's timeoutSeconds, 5 s). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final String API_VERSION = "admission.k8s.io/v1";
  private static final Logger log = LoggerFactory.getLogger(AdmissionWebhook.class);
  // A request takes milliseconds; more threads only let stalled clients hold more of them.
  private static final int THREADS = 8;
  private static final String WARM_UP =
      "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\":"
          + " {\"uid\": \"warm-up\", \"object\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\"}}}";
  private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final InetSocketAddress address;
  private final SSLContext sslContext;
  private final Function<AdmissionRequest, AdmissionResponse> admission;
  private final int maxBodyBytes;
  private final Duration requestTimeout;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private HttpsServer server;
  private ExecutorService workers;
  private ScheduledExecutorService watchdog;
  private volatile boolean serving;

  /**
   * @param address where to listen, e.g. {@code 0.0.0.0:9443}; port 0 picks a free one
   * @param admission answers one request, e.g. {@link SidecarInjector#admit}
   */
  public AdmissionWebhook(
      InetSocketAddress address,
      SSLContext sslContext,
      Function<AdmissionRequest, AdmissionResponse> admission) {
    this(address, sslContext, admission, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT);
  }

  AdmissionWebhook(
      InetSocketAddress address,
      SSLContext sslContext,
      Function<AdmissionRequest, AdmissionResponse> admission,
      int maxBodyBytes,
      Duration requestTimeout) {
    this.address = address;
    this.sslContext = sslContext;
    this.admission = admission;
    this.maxBodyBytes = maxBodyBytes;
    this.requestTimeout = requestTimeout;
  }

  /** Binds the port and starts serving. */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    // Loads the model's classes before the first request, which would otherwise spend a second
    // of the API server's few on it.
    serialization.asJson(serialization.unmarshal(WARM_UP, AdmissionReview.class));
    HttpsServer https = HttpsServer.create(address, 0);
    https.setHttpsConfigurator(new Configurator(sslContext));
    https.createContext(PATH, this::handle);
    workers = Executors.newFixedThreadPool(THREADS, daemonThreads("heapcapture-webhook-"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, daemonThreads("heapcapture-webhook-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    watchdog = timer;
    https.setExecutor(workers);
    https.start();
    server = https;
    serving = true;
    log.info("admission webhook serving https://{}:{}{}", address.getHostString(), port(), PATH);
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return server.getAddress().getPort();
  }

  /** Whether it accepts requests: for the operator's readiness. */
  public boolean serving() {
    return serving;
  }

  /** Stops serving; requests under way get a second to finish. */
  @Override
  public synchronized void close() {
    serving = false;
    if (server != null) {
      server.stop(1);
      workers.shutdownNow();
      watchdog.shutdownNow();
      server = null;
      log.info("admission webhook stopped");
    }
  }

  private void handle(HttpExchange exchange) {
    Deadline deadline = new Deadline(Thread.currentThread());
    ScheduledFuture<?> timer =
        watchdog.schedule(deadline::expire, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try (exchange) {
      respond(exchange);
    } catch (IOException | RuntimeException e) {
      if (deadline.expired()) {
        log.warn(
            "admission request from {} took longer than {}; its connection was closed",
            exchange.getRemoteAddress(),
            requestTimeout);
      } else {
        log.warn("admission request from {} failed: {}", exchange.getRemoteAddress(), e.toString());
      }
    } finally {
      deadline.finish();
      timer.cancel(false);
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      sendText(exchange, 405, "only POST");
      return;
    }
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && parseLong(declared) > maxBodyBytes) {
      sendText(exchange, 413, "body larger than " + maxBodyBytes + " bytes");
      return;
    }
    byte[] body = exchange.getRequestBody().readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      sendText(exchange, 413, "body larger than " + maxBodyBytes + " bytes");
      return;
    }
    AdmissionReview review;
    try {
      review = serialization.unmarshal(new ByteArrayInputStream(body), AdmissionReview.class);
    } catch (RuntimeException e) {
      sendText(exchange, 400, "not an AdmissionReview: " + e.getMessage());
      return;
    }
    if (review == null || review.getRequest() == null || review.getRequest().getUid() == null) {
      sendText(exchange, 400, "an AdmissionReview with a request and its uid is expected");
      return;
    }
    AdmissionResponse response = admission.apply(review.getRequest());
    response.setUid(review.getRequest().getUid());
    AdmissionReview answer = new AdmissionReview();
    // The API server wants its own version back; v1 is the only one the configuration offers.
    answer.setApiVersion(review.getApiVersion() != null ? review.getApiVersion() : API_VERSION);
    answer.setKind("AdmissionReview");
    answer.setResponse(response);
    byte[] json = serialization.asJson(answer).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }

  private static void sendText(HttpExchange exchange, int status, String message)
      throws IOException {
    byte[] text = (message.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, text.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(text);
    }
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * The time limit of one request. A thread blocked reading from the socket is interrupted: the JDK
   * server reads through an interruptible channel, so the read ends and the connection closes. The
   * interrupt happens under the lock, so none reaches the thread after {@link #finish()}, and a
   * pool thread never carries one into the next request.
   */
  private static final class Deadline {
    private final Thread thread;
    private boolean finished;
    private boolean expired;

    Deadline(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire() {
      if (!finished) {
        expired = true;
        thread.interrupt();
      }
    }

    synchronized boolean expired() {
      return expired;
    }

    void finish() {
      synchronized (this) {
        finished = true;
      }
      Thread.interrupted();
    }
  }

  private static final class Configurator extends HttpsConfigurator {
    Configurator(SSLContext context) {
      super(context);
    }

    @Override
    public void configure(HttpsParameters params) {
      SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
      List<String> supported =
          Arrays.asList(getSSLContext().getSupportedSSLParameters().getProtocols());
      parameters.setProtocols(
          TLS_PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
      params.setSSLParameters(parameters);
    }
  }
}
