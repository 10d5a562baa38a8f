package io.heapcapture.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionWebhookTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final int MAX_BODY = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private static TestCertificate certificate;
  private AdmissionWebhook webhook;
  private HttpClient client;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = TestCertificate.create(dir);
  }

  @BeforeEach
  void start() throws Exception {
    webhook =
        new AdmissionWebhook(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            certificate.serverContext(),
            request -> {
              calls.incrementAndGet();
              AdmissionResponse response = new AdmissionResponse();
              response.setAllowed(true);
              response.setWarnings(List.of("seen " + request.getName()));
              return response;
            },
            MAX_BODY,
            TIMEOUT);
    webhook.start();
    client = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void answersAnAdmissionReviewWithTheRequestsUid() throws Exception {
    assertThat(webhook.serving()).isTrue();

    HttpResponse<String> response = post(review("uid-42", "shop-0"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    AdmissionReview answer = JSON.unmarshal(response.body(), AdmissionReview.class);
    assertThat(answer.getApiVersion()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.getKind()).isEqualTo("AdmissionReview");
    assertThat(answer.getResponse().getUid()).isEqualTo("uid-42");
    assertThat(answer.getResponse().getAllowed()).isTrue();
    assertThat(answer.getResponse().getWarnings()).containsExactly("seen shop-0");
  }

  @Test
  void onlyPostIsServed() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri()).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aBodyOverTheCapIsRefusedUnread() throws Exception {
    String padding = "x".repeat(MAX_BODY);

    HttpResponse<String> response = post(review("uid-1", padding));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(calls).hasValue(0);
  }

  @Test
  void somethingElseThanAnAdmissionReviewIsABadRequest() throws Exception {
    assertThat(post("{\"kind\": \"AdmissionReview\"}").statusCode()).isEqualTo(400);
    assertThat(post("not json").statusCode()).isEqualTo(400);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aStalledRequestHasItsConnectionClosedAtTheTimeout() throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            certificate
                .clientContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), webhook.port())) {
      socket.setSoTimeout((int) TIMEOUT.multipliedBy(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mutate-pods HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"kind\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();

      InputStream in = socket.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (IOException closed) {
        read = -1;
      }

      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      assertThat(read).isEqualTo(-1);
      assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
      assertThat(waited).isLessThan(TIMEOUT.multipliedBy(5));
    }
    // The worker thread is free again, without an interrupt left over.
    assertThat(post(review("uid-2", "after")).statusCode()).isEqualTo(200);
  }

  @Test
  void afterCloseItServesNoMore() throws Exception {
    URI uri = uri();
    webhook.close();

    assertThat(webhook.serving()).isFalse();
    assertThatThrownBy(() -> post(uri, review("uid-3", "late"))).isInstanceOf(IOException.class);
  }

  private HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return post(uri(), body);
  }

  private HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri() {
    return URI.create("https://127.0.0.1:" + webhook.port() + "/mutate-pods");
  }

  private static String review(String uid, String name) {
    return """
        {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
         "request": {"uid": "%s", "name": "%s", "namespace": "shop", "operation": "CREATE",
           "kind": {"group": "", "version": "v1", "kind": "Pod"}}}
        """
        .formatted(uid, name);
  }
}
