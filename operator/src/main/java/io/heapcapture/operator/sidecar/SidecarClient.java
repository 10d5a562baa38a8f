package io.heapcapture.operator.sidecar;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.SidecarApi;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls one sidecar's HTTP API. Every call is short: the sidecar works in the background and the
 * operator polls, so a reconcile never waits for a dump.
 */
public class SidecarClient {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http;
  private final ObjectMapper json = WireJson.mapper();

  public SidecarClient() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
  }

  SidecarClient(HttpClient http) {
    this.http = http;
  }

  /** Starts a capture, or returns the one already started under the same id. */
  public CaptureState startCapture(SidecarEndpoint sidecar, String token, CaptureRequest request)
      throws SidecarException {
    return send(post(sidecar.uri(SidecarApi.CAPTURES), token, request));
  }

  public CaptureState captureState(SidecarEndpoint sidecar, String token, String id)
      throws SidecarException {
    return send(authorized(sidecar.uri(SidecarApi.capturePath(id)), token).GET().build());
  }

  /** Hands over the upload authorization; the sidecar starts streaming the dump. */
  public CaptureState startUpload(
      SidecarEndpoint sidecar, String token, String id, UploadInstruction instruction)
      throws SidecarException {
    return send(post(sidecar.uri(SidecarApi.uploadPath(id)), token, instruction));
  }

  /** Tells the sidecar the capture is settled: it deletes the local dump and forgets the id. */
  public void discardCapture(SidecarEndpoint sidecar, String token, String id)
      throws SidecarException {
    HttpRequest request =
        authorized(sidecar.uri(SidecarApi.capturePath(id)), token).DELETE().build();
    try {
      exchange(request);
    } catch (SidecarException e) {
      if (e.kind() != SidecarException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  private HttpRequest post(URI uri, String token, Object body) throws SidecarException {
    try {
      return authorized(uri, token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("wire messages always serialize", e);
    }
  }

  private static HttpRequest.Builder authorized(URI uri, String token) {
    return HttpRequest.newBuilder(uri)
        .timeout(CALL_TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private CaptureState send(HttpRequest request) throws SidecarException {
    String body = exchange(request);
    try {
      return json.readValue(body, CaptureState.class);
    } catch (IOException e) {
      throw new SidecarException(
          SidecarException.Kind.REJECTED, "the sidecar answered with an unreadable body", e);
    }
  }

  private String exchange(HttpRequest request) throws SidecarException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SidecarException(
          SidecarException.Kind.UNREACHABLE,
          "the sidecar at "
              + request.uri().getAuthority()
              + " did not answer ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SidecarException(SidecarException.Kind.UNREACHABLE, "interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    SidecarException.Kind kind =
        switch (status) {
          case 401, 403 -> SidecarException.Kind.UNAUTHORIZED;
          case 404 -> SidecarException.Kind.NOT_FOUND;
          case 502, 503, 504 -> SidecarException.Kind.UNREACHABLE;
          default -> SidecarException.Kind.REJECTED;
        };
    String detail = response.body() == null ? "" : response.body().strip();
    if (detail.length() > 200) {
      detail = detail.substring(0, 200);
    }
    throw new SidecarException(
        kind,
        "the sidecar answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail),
        null);
  }
}
