package io.heapcapture.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedWebhookCertificateTest {
  private final SettableClock clock = new SettableClock(Instant.now());
  private final CertificateAuthority ca =
      CertificateAuthority.create("cert-manager-ca", Duration.ofDays(90), clock);
  @TempDir Path dir;

  @Test
  void servesTheMountedPairAndFollowsAChange() throws Exception {
    IssuedCertificate first =
        write(ca.issueServer(List.of("heapcapture-webhook"), Duration.ofDays(30)));
    MountedWebhookCertificate mounted = new MountedWebhookCertificate(dir, clock);

    assertThat(presented(mounted.sslContext())).isEqualTo(first.certificate());

    IssuedCertificate second =
        write(ca.issueServer(List.of("heapcapture-webhook"), Duration.ofDays(30)));
    assertThat(mounted.certificate().certificate())
        .as("not re-read before the recheck period")
        .isEqualTo(first.certificate());
    clock.advance(MountedWebhookCertificate.RECHECK);
    assertThat(presented(mounted.sslContext())).isEqualTo(second.certificate());
  }

  @Test
  void aHalfWrittenPairKeepsTheOldOne() throws Exception {
    IssuedCertificate first = write(ca.issueServer(List.of("a"), Duration.ofDays(30)));
    MountedWebhookCertificate mounted = new MountedWebhookCertificate(dir, clock);

    Files.writeString(
        dir.resolve("tls.crt"), ca.issueServer(List.of("a"), Duration.ofDays(30)).certificatePem());
    clock.advance(MountedWebhookCertificate.RECHECK);

    assertThat(mounted.certificate().certificate()).isEqualTo(first.certificate());
  }

  @Test
  void noFilesIsAConfigurationError() {
    assertThatThrownBy(() -> new MountedWebhookCertificate(dir, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private IssuedCertificate write(IssuedCertificate issued) throws Exception {
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem() + Pem.of(ca.certificate()));
    Files.writeString(dir.resolve("tls.key"), issued.keyPem());
    return issued;
  }

  /** The certificate a real TLS handshake against this context shows, checked against the CA. */
  private Certificate presented(SSLContext serverTls) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext("/", exchange -> exchange.close());
    server.start();
    try {
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(
          null,
          new javax.net.ssl.TrustManager[] {JdkTrust.trustManager(List.of(ca.certificate()))},
          null);
      try (Socket plain = new Socket("127.0.0.1", server.getAddress().getPort());
          SSLSocket tls =
              (SSLSocket)
                  client
                      .getSocketFactory()
                      .createSocket(plain, "127.0.0.1", server.getAddress().getPort(), true)) {
        tls.startHandshake();
        return tls.getSession().getPeerCertificates()[0];
      }
    } finally {
      server.stop(0);
    }
  }
}
