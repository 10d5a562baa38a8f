package io.heapcapture.operator.sidecar;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.Failure;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.SidecarApi;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Calls one sidecar's HTTPS API with the operator's client certificate. Every call is short: the
 * sidecar works in the background and the operator polls, so a reconcile never waits for a dump.
 */
public class SidecarClient {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient http;
  private final ObjectMapper json = WireJson.mapper();

  /** {@code tls}: from {@link SidecarTrust#sslContext()}. */
  public SidecarClient(SSLContext tls) {
    this(
        HttpClient.newBuilder()
            .sslContext(tls)
            // The sidecar's JDK server speaks HTTP/1.1 only.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build());
  }

  SidecarClient(HttpClient http) {
    this.http = http;
  }

  /** Starts a capture, or returns the one already started under the same id. */
  public CaptureState startCapture(SidecarEndpoint sidecar, CaptureRequest request)
      throws SidecarException {
    return send(post(sidecar.uri(SidecarApi.CAPTURES), request));
  }

  public CaptureState captureState(SidecarEndpoint sidecar, String id) throws SidecarException {
    return send(request(sidecar.uri(SidecarApi.capturePath(id))).GET().build());
  }

  /** Hands over the upload authorization; the sidecar starts streaming the dump. */
  public CaptureState startUpload(SidecarEndpoint sidecar, String id, UploadInstruction instruction)
      throws SidecarException {
    return send(post(sidecar.uri(SidecarApi.uploadPath(id)), instruction));
  }

  /** Tells the sidecar the capture is settled: it deletes the local dump and forgets the id. */
  public void discardCapture(SidecarEndpoint sidecar, String id) throws SidecarException {
    HttpRequest request = request(sidecar.uri(SidecarApi.capturePath(id))).DELETE().build();
    try {
      exchange(request);
    } catch (SidecarException e) {
      if (e.kind() != SidecarException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  /** Every capture the sidecar tracks, including the ones it took by itself. */
  public List<CaptureState> listCaptures(SidecarEndpoint sidecar) throws SidecarException {
    return read(
        exchange(request(sidecar.uri(SidecarApi.CAPTURE_LIST)).GET().build()),
        new TypeReference<List<CaptureState>>() {});
  }

  /** Arms the sidecar with one policy's rules, replacing what that policy armed before. */
  public ArmedPolicy armRules(SidecarEndpoint sidecar, RuleSet rules) throws SidecarException {
    HttpRequest request =
        request(sidecar.uri(SidecarApi.RULES))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(rules)))
            .build();
    return read(exchange(request), new TypeReference<ArmedPolicy>() {});
  }

  /** What the sidecar holds armed, for every policy. */
  public ArmedRules armedRules(SidecarEndpoint sidecar) throws SidecarException {
    return read(
        exchange(request(sidecar.uri(SidecarApi.RULES)).GET().build()),
        new TypeReference<ArmedRules>() {});
  }

  /** Disarms one policy's rules; a sidecar that holds none for it is already disarmed. */
  public void disarm(SidecarEndpoint sidecar, String policy) throws SidecarException {
    try {
      exchange(request(sidecar.uri(SidecarApi.rulesPath(policy))).DELETE().build());
    } catch (SidecarException e) {
      if (e.kind() != SidecarException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  private <T> T read(String body, TypeReference<T> type) throws SidecarException {
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw new SidecarException(
          SidecarException.Kind.REJECTED, "the sidecar answered with an unreadable body", e);
    }
  }

  private byte[] bytes(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("wire messages always serialize", e);
    }
  }

  private HttpRequest post(URI uri, Object body) throws SidecarException {
    try {
      return request(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("wire messages always serialize", e);
    }
  }

  private static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT);
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
    Failure failure = failureIn(response.body());
    SidecarException.Kind kind =
        switch (status) {
          case 401 -> SidecarException.Kind.UNAUTHORIZED;
          // A 403 with the sidecar's own reason refuses the request, not us (a pinned endpoint).
          case 403 ->
              failure == null ? SidecarException.Kind.UNAUTHORIZED : SidecarException.Kind.REJECTED;
          case 404 -> SidecarException.Kind.NOT_FOUND;
          case 502, 503, 504 -> SidecarException.Kind.UNREACHABLE;
          default -> SidecarException.Kind.REJECTED;
        };
    String detail =
        failure != null && failure.message() != null
            ? failure.message()
            : response.body() == null ? "" : response.body().strip();
    if (detail.length() > 200) {
      detail = detail.substring(0, 200);
    }
    throw new SidecarException(
        kind,
        "the sidecar answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail),
        failure == null ? null : failure.reason(),
        null);
  }

  /** The sidecar's failure in an error body, or null when the body carries none. */
  private Failure failureIn(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      Failure failure = json.readValue(body, Failure.class);
      return failure.reason() == null ? null : failure;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
