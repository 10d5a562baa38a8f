package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * GET into a file (streamed) and PUT of a small body, against plain or presigned URLs. Connection
 * errors and HTTP 5xx are retried; a 4xx is final. Failures become a {@link TransferException}
 * whose message never carries the URL's query string.
 */
final class HttpTransfer {
  static final int ATTEMPTS = 3;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  // Until the response headers arrive; the body of a large dump may take much longer.
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  private static final int BUFFER_SIZE = 1 << 16;

  private final HttpClient client;
  private final Duration backoff;

  HttpTransfer(Duration backoff) {
    this.client =
        HttpClient.newBuilder()
            // S3 speaks HTTP/1.1; no h2c upgrade dance on plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.backoff = backoff;
  }

  /** Downloads {@code url} into {@code target} (replaced), reporting progress by bytes. */
  void download(URI url, Path target, Progress progress) throws IOException {
    String phase = "downloading " + Location.fileName(url);
    HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
    withRetries(
        "GET",
        url,
        () -> {
          HttpResponse<InputStream> response =
              client.send(request, HttpResponse.BodyHandlers.ofInputStream());
          try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
              return response.statusCode();
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            copy(body, target, phase, total, progress);
            return response.statusCode();
          }
        });
  }

  /** PUTs {@code body} with exactly this {@code Content-Type}, as presigned URLs require. */
  void upload(URI url, byte[] body, String contentType) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(RESPONSE_TIMEOUT)
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    withRetries(
        "PUT",
        url,
        () -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  private static void copy(InputStream body, Path target, String phase, long total, Progress p)
      throws IOException {
    long done = 0;
    p.update(phase, 0, total);
    byte[] buffer = new byte[BUFFER_SIZE];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        out.write(buffer, 0, n);
        done += n;
        p.update(phase, done, total);
      }
    }
    if (total >= 0 && done != total) {
      throw new IOException("body ended after " + done + " of " + total + " bytes");
    }
    if (total < 0) {
      p.update(phase, done, done);
    }
  }

  private interface Exchange {
    /** The HTTP status; 2xx means the transfer is done. */
    int run() throws IOException, InterruptedException;
  }

  private void withRetries(String method, URI url, Exchange exchange) throws IOException {
    String what = method + " " + Location.redacted(url);
    String lastFailure = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (attempt > 1) {
        sleep(backoff.multipliedBy(1L << (attempt - 2)));
      }
      try {
        int status = exchange.run();
        if (status / 100 == 2) {
          return;
        }
        if (status / 100 != 5) {
          throw new TransferException(what + ": HTTP " + status);
        }
        lastFailure = "HTTP " + status;
      } catch (TransferException e) {
        throw e;
      } catch (IOException e) {
        lastFailure = describe(e, url);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransferException(what + ": interrupted");
      }
    }
    throw new TransferException(what + ": " + lastFailure + " (after " + ATTEMPTS + " attempts)");
  }

  /** The exception's message, with any trace of the query string taken out. */
  private static String describe(IOException e, URI url) {
    String message = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ');
    if (url.getRawQuery() != null && !url.getRawQuery().isEmpty()) {
      message = message.replace(url.getRawQuery(), "...");
    }
    return message.isEmpty()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  private static void sleep(Duration duration) throws TransferException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException("interrupted");
    }
  }
}
