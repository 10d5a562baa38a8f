package io.heapcapture.sidecar.upload;

import io.heapcapture.sidecar.api.UploadedPart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * PUTs parts to presigned URLs. Each part carries its MD5 in {@code Content-MD5}, so the store
 * refuses a part that was corrupted on the way. Transient failures are retried a few times.
 */
public final class PresignedPartPublisher implements PartPublisher {
  private static final int ATTEMPTS = 3;
  private final HttpClient http;
  private final List<String> partUrls;
  private final Duration partTimeout;

  public PresignedPartPublisher(HttpClient http, List<String> partUrls, Duration partTimeout) {
    this.http = http;
    this.partUrls = List.copyOf(partUrls);
    this.partTimeout = partTimeout;
  }

  @Override
  public UploadedPart publish(int partNumber, byte[] data, int length) throws IOException {
    if (partNumber > partUrls.size()) {
      throw new IOException(
          "the dump needs more than the " + partUrls.size() + " parts the operator authorized");
    }
    String md5 = Base64.getEncoder().encodeToString(md5(data, length));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(partUrls.get(partNumber - 1)))
            .timeout(partTimeout)
            .header("Content-MD5", md5)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data, 0, length))
            .build();
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while uploading part " + partNumber, e);
      } catch (IOException e) {
        last = e;
        sleep(attempt);
        continue;
      }
      int status = response.statusCode();
      if (status == 200) {
        String etag =
            response
                .headers()
                .firstValue("ETag")
                .orElseThrow(
                    () -> new IOException("the store returned no ETag for part " + partNumber));
        return new UploadedPart(partNumber, etag, length);
      }
      last =
          new IOException(
              "the store answered HTTP "
                  + status
                  + " to part "
                  + partNumber
                  + errorCode(response.body()));
      if (status < 500) {
        throw last; // refused: an expired or wrong URL does not get better by retrying
      }
      sleep(attempt);
    }
    throw last;
  }

  /** The S3 error code from an XML error body, e.g. " (SignatureDoesNotMatch)". */
  private static String errorCode(String body) {
    if (body == null) {
      return "";
    }
    int start = body.indexOf("<Code>");
    int end = body.indexOf("</Code>");
    return start >= 0 && end > start ? " (" + body.substring(start + 6, end) + ")" : "";
  }

  private static void sleep(int attempt) throws IOException {
    try {
      Thread.sleep(200L * attempt * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static byte[] md5(byte[] data, int length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(data, 0, length);
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }
}
