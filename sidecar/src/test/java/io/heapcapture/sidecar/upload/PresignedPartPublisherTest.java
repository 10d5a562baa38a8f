package io.heapcapture.sidecar.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.heapcapture.sidecar.api.UploadedPart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local HTTP server standing in for the store's presigned part URLs. */
class PresignedPartPublisherTest {
  /** What the store received. */
  private record Received(String method, String uri, String contentMd5, byte[] body) {}

  /** How the store answers one request. */
  private record Answer(int status, boolean withEtag) {}

  private static final Answer OK = new Answer(200, true);

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
  private HttpServer server;
  private PresignedPartPublisher publisher;

  @BeforeEach
  void startStore() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    publisher =
        new PresignedPartPublisher(
            HttpClient.newHttpClient(), List.of(url(1), url(2)), Duration.ofSeconds(10));
  }

  @AfterEach
  void stopStore() {
    server.stop(0);
  }

  @Test
  void putsThePartWithItsMd5AndReturnsTheEtag() throws Exception {
    byte[] buffer = "part two of the dump, then stale bytes".getBytes(StandardCharsets.US_ASCII);
    int length = "part two of the dump".length();

    UploadedPart part = publisher.publish(2, buffer, length);

    assertThat(part).isEqualTo(new UploadedPart(2, "\"etag-2\"", length));
    assertThat(received).hasSize(1);
    Received request = received.get(0);
    byte[] body = Arrays.copyOf(buffer, length);
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.uri()).isEqualTo(path(2));
    assertThat(request.body()).isEqualTo(body);
    assertThat(request.contentMd5())
        .isEqualTo(
            Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body)));
  }

  @Test
  void aRefusedPartIsNotRetried() {
    answers.add(new Answer(403, true));

    assertThatThrownBy(() -> publisher.publish(1, new byte[10], 10))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("403")
        .hasMessageContaining("AccessDenied");
    assertThat(received).hasSize(1);
  }

  @Test
  void aServerErrorIsRetried() throws Exception {
    answers.add(new Answer(500, true));
    answers.add(OK);

    UploadedPart part = publisher.publish(1, new byte[] {1, 2, 3}, 3);

    assertThat(part.etag()).isEqualTo("\"etag-1\"");
    assertThat(received).hasSize(2);
    assertThat(received.get(1).body()).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void persistentServerErrorsFailAfterAFewAttempts() {
    for (int i = 0; i < 10; i++) {
      answers.add(new Answer(503, true));
    }

    assertThatThrownBy(() -> publisher.publish(1, new byte[3], 3))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("503");
    assertThat(received).hasSize(3);
  }

  @Test
  void anAnswerWithoutEtagFails() {
    answers.add(new Answer(200, false));

    assertThatThrownBy(() -> publisher.publish(1, new byte[3], 3))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ETag");
  }

  @Test
  void morePartsThanAuthorizedFailBeforeSendingAnything() {
    assertThatThrownBy(() -> publisher.publish(3, new byte[3], 3))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("2 parts");
    assertThat(received).isEmpty();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              exchange.getRequestHeaders().getFirst("Content-MD5"),
              body));
      Answer next = answers.poll();
      Answer answer = next == null ? OK : next;
      if (answer.withEtag()) {
        String part = exchange.getRequestURI().getQuery().replaceAll(".*partNumber=(\\d+).*", "$1");
        exchange.getResponseHeaders().set("ETag", "\"etag-" + part + "\"");
      }
      byte[] error =
          answer.status() == 200
              ? new byte[0]
              : "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), error.length == 0 ? -1 : error.length);
      exchange.getResponseBody().write(error);
    }
  }

  private static String path(int part) {
    return "/dumps/shop/hc-1.hprof.zst?partNumber=" + part + "&uploadId=u-1";
  }

  private String url(int part) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path(part);
  }
}
