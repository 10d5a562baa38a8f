package io.heapcapture.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHealthTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyOnlyWhenEveryCheckPasses() throws Exception {
    AtomicBoolean webhook = new AtomicBoolean(false);
    try (OperatorHealth health =
        new OperatorHealth(0)
            .readyWhen("webhook", webhook::get)
            .readyWhen(
                "broken",
                () -> {
                  throw new IllegalStateException("a check that throws fails");
                })) {
      health.start();
      assertThat(get(health, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(health, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("webhook", "broken");
      webhook.set(true);
      assertThat(health.failing()).containsExactly("broken");
    }
  }

  @Test
  void readyWithoutChecks() throws Exception {
    try (OperatorHealth health = new OperatorHealth(0)) {
      health.start();
      assertThat(get(health, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> get(OperatorHealth health, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
