package io.heapcapture.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.heapcapture.operator.tls.CertificateAuthority;
import io.heapcapture.operator.tls.CurrentKeyManager;
import io.heapcapture.operator.tls.IssuedCertificate;
import io.heapcapture.operator.tls.SettableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class SidecarTrustTest {
  private final SettableClock clock = new SettableClock(Instant.now());
  private final CertificateAuthority ca =
      CertificateAuthority.create("heapcapture-sidecar-ca", Duration.ofDays(3650), clock);

  @Test
  void theClientCertificateIsTheOperatorsForADayAndRenewedWhenHalfUsed() {
    SidecarTrust trust = new SidecarTrust(ca, clock);
    IssuedCertificate first = trust.clientCertificate();

    clock.advance(Duration.ofHours(11));
    IssuedCertificate later = trust.clientCertificate();
    clock.advance(Duration.ofHours(2));
    IssuedCertificate renewed = trust.clientCertificate();

    assertThat(first.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=heapcapture-operator");
    assertThat(first.validity()).isBetween(Duration.ofHours(24), Duration.ofHours(25));
    assertThat(later).isSameAs(first);
    assertThat(renewed).isNotSameAs(first);
    assertThat(renewed.issuer()).isEqualTo(ca.certificate());
  }

  @Test
  void theCaPemHoldsOnlyTheCertificate() {
    SidecarTrust trust = new SidecarTrust(ca, clock);

    assertThat(trust.clientCaPem())
        .startsWith("-----BEGIN CERTIFICATE-----")
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void theSslContextPresentsTheClientCertificateToAServerThatNeedsOne() throws Exception {
    SidecarTrust trust =
        new SidecarTrust(
            CertificateAuthority.fromPem(ca.certificatePem(), ca.keyPem(), Clock.systemUTC()),
            Clock.systemUTC());
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SSLContext serverTls = serverNeedingClientsOf(ca);
    server.setHttpsConfigurator(
        new HttpsConfigurator(serverTls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters ssl = serverTls.getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            params.setSSLParameters(ssl);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              ((X509Certificate)
                      ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
                  .getSubjectX500Principal()
                  .getName()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      HttpClient client = HttpClient.newBuilder().sslContext(trust.sslContext()).build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("CN=heapcapture-operator");
    } finally {
      server.stop(0);
    }
  }

  /** A server with a certificate of a CA of its own, trusting client certificates of {@code ca}. */
  private static SSLContext serverNeedingClientsOf(CertificateAuthority ca) throws Exception {
    CertificateAuthority serverCa =
        CertificateAuthority.create("server-ca", Duration.ofDays(1), Clock.systemUTC());
    IssuedCertificate identity = serverCa.issueServer(List.of("localhost"), Duration.ofDays(1));
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    anchors.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(anchors);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        new KeyManager[] {new CurrentKeyManager(() -> identity)}, trust.getTrustManagers(), null);
    return context;
  }
}
