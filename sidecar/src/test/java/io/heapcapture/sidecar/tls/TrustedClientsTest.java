package io.heapcapture.sidecar.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrustedClientsTest {
  @Test
  void concatenatedPemTrustsEveryCaInIt() {
    TestAuthority old = TestAuthority.create("old");
    TestAuthority current = TestAuthority.create("current");

    TrustedClients clients = TrustedClients.fromPem(old.pem() + current.pem());

    assertThat(clients.authorities())
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=old", "CN=current");
  }

  @Test
  void textWithoutCertificateIsRefused() {
    assertThatThrownBy(() -> TrustedClients.fromPem("not a certificate"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSelfSignedServerCertificateIsAValidCertificate() throws Exception {
    SelfSignedCertificate identity =
        SelfSignedCertificate.generate("heapcapture-sidecar", Instant.now());
    X509Certificate certificate = identity.certificate();

    certificate.checkValidity();
    certificate.verify(identity.keys().getPublic());
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=heapcapture-sidecar");
    assertThat(certificate.getPublicKey()).isEqualTo(identity.keys().getPublic());
  }
}
