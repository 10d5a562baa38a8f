package io.heapcapture.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.heapcapture.operator.tls.CertificateAuthority;
import io.heapcapture.operator.tls.CurrentKeyManager;
import io.heapcapture.operator.tls.IssuedCertificate;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.UploadInstruction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the client reads a sidecar's refusals, over a real HTTPS connection. */
class SidecarClientTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private final SidecarTrust trust =
      new SidecarTrust(CertificateAuthority.create("ca", Duration.ofDays(1), CLOCK), CLOCK);
  private HttpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aRefusedEndpointIsARejectionWithTheSidecarsReason() throws Exception {
    SidecarEndpoint sidecar =
        answering(
            403,
            "{\"reason\":\"EndpointNotAllowed\",\"message\":\"upload to https://x:443 refused\"}");

    assertThatThrownBy(
            () ->
                new SidecarClient(trust.sslContext())
                    .startUpload(sidecar, "hc-1", new UploadInstruction(5 << 20, List.of("u"))))
        .isInstanceOfSatisfying(
            SidecarException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SidecarException.Kind.REJECTED);
              assertThat(e.sidecarReason()).contains(FailureReason.ENDPOINT_NOT_ALLOWED);
              assertThat(e.getMessage()).endsWith("upload to https://x:443 refused");
            });
  }

  @Test
  void a401IsUnauthorized() throws Exception {
    SidecarEndpoint sidecar = answering(401, "{\"message\":\"no client certificate\"}");

    assertThatThrownBy(() -> new SidecarClient(trust.sslContext()).captureState(sidecar, "hc-1"))
        .isInstanceOfSatisfying(
            SidecarException.class,
            e -> assertThat(e.kind()).isEqualTo(SidecarException.Kind.UNAUTHORIZED));
  }

  @Test
  void listsCapturesAndArmsRulesOverTheSameClient() throws Exception {
    SidecarEndpoint sidecar =
        answering(
            200,
            "[{\"id\":\"r-k3-heap\",\"phase\":\"DUMPED\",\"origin\":\"RULE\","
                + "\"policy\":\"leak\",\"rule\":\"heap\",\"kind\":\"HEAP_DUMP_ALL\"}]");

    List<io.heapcapture.sidecar.api.CaptureState> held =
        new SidecarClient(trust.sslContext()).listCaptures(sidecar);

    assertThat(held)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.isLocal()).isTrue();
              assertThat(c.policy()).isEqualTo("leak");
            });
  }

  @Test
  void disarmingAPolicyTheSidecarDoesNotKnowIsDone() throws Exception {
    SidecarEndpoint sidecar = answering(404, "{\"message\":\"no such policy\"}");

    new SidecarClient(trust.sslContext()).disarm(sidecar, "leak");
  }

  private SidecarEndpoint answering(int status, String body) throws Exception {
    IssuedCertificate identity =
        CertificateAuthority.create("sidecar", Duration.ofDays(1), CLOCK)
            .issueServer(List.of("sidecar"), Duration.ofDays(1));
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(new KeyManager[] {new CurrentKeyManager(() -> identity)}, null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return new SidecarEndpoint("127.0.0.1", server.getAddress().getPort());
  }
}
