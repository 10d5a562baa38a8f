package io.heapcapture.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final List<String> NAMES =
      List.of("heapcapture-webhook", "heapcapture-webhook.ops.svc");
  private final Clock clock = Clock.systemUTC();
  private final CertificateAuthority ca =
      CertificateAuthority.create("test-ca", Duration.ofDays(365), clock);

  @Test
  void aServerCertificateChainsToTheCaAndNamesItsHosts() throws Exception {
    IssuedCertificate server = ca.issueServer(NAMES, Duration.ofDays(30));

    JdkTrust.validatePath(server.certificate(), ca.certificate(), Instant.now());
    X509TrustManager tls = JdkTrust.trustManager(List.of(ca.certificate()));
    assertThatCode(
            () ->
                tls.checkServerTrusted(new X509Certificate[] {server.certificate()}, "ECDHE_ECDSA"))
        .doesNotThrowAnyException();
    assertThat(
            server.certificate().getSubjectAlternativeNames().stream()
                .map(name -> (String) name.get(1))
                .toList())
        .isEqualTo(NAMES);
    assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.certificate().getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void aClientCertificateIsGoodForTlsClientsOnly() throws Exception {
    IssuedCertificate client = ca.issueClient("heapcapture-operator", Duration.ofHours(24));
    X509Certificate[] chain = {client.certificate()};
    X509TrustManager tls = JdkTrust.trustManager(List.of(ca.certificate()));

    assertThatCode(() -> tls.checkClientTrusted(chain, "EC")).doesNotThrowAnyException();
    assertThatThrownBy(() -> tls.checkServerTrusted(chain, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThat(client.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=heapcapture-operator");
  }

  @Test
  void aServerCertificateIsNoClientCertificate() throws Exception {
    IssuedCertificate server = ca.issueServer(NAMES, Duration.ofDays(30));
    X509TrustManager tls = JdkTrust.trustManager(List.of(ca.certificate()));

    assertThatThrownBy(
            () -> tls.checkClientTrusted(new X509Certificate[] {server.certificate()}, "EC"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void anotherCasCertificatesDoNotChain() throws Exception {
    CertificateAuthority other =
        CertificateAuthority.create("test-ca", Duration.ofDays(365), clock);
    IssuedCertificate foreign = other.issueClient("heapcapture-operator", Duration.ofHours(24));

    assertThatThrownBy(
            () -> JdkTrust.validatePath(foreign.certificate(), ca.certificate(), Instant.now()))
        .isInstanceOf(CertPathValidatorException.class);
    X509TrustManager tls = JdkTrust.trustManager(List.of(ca.certificate()));
    assertThatThrownBy(
            () -> tls.checkClientTrusted(new X509Certificate[] {foreign.certificate()}, "EC"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void anIssuedCertificateExpiresAndNeverOutlivesItsCa() throws Exception {
    IssuedCertificate client = ca.issueClient("heapcapture-operator", Duration.ofHours(24));
    IssuedCertificate longer = ca.issueServer(NAMES, Duration.ofDays(5000));

    assertThatThrownBy(
            () ->
                JdkTrust.validatePath(
                    client.certificate(),
                    ca.certificate(),
                    Instant.now().plus(Duration.ofHours(25))))
        .isInstanceOf(CertPathValidatorException.class);
    assertThat(longer.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void theCaCertificateIsASelfSignedCa() throws Exception {
    X509Certificate certificate = ca.certificate();

    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
  }

  @Test
  void aCaReadBackFromPemIssuesCertificatesThatChainToTheOriginal() throws Exception {
    CertificateAuthority restored =
        CertificateAuthority.fromPem(ca.certificatePem(), ca.keyPem(), clock);

    IssuedCertificate client = restored.issueClient("heapcapture-operator", Duration.ofHours(1));

    JdkTrust.validatePath(client.certificate(), ca.certificate(), Instant.now());
    assertThat(Pem.certificates(client.certificatePem())).containsExactly(client.certificate());
    assertThat(Pem.privateKey(client.keyPem())).isEqualTo(client.key());
    assertThat(client.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void aKeyOfAnotherCaIsRefused() {
    CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(1), clock);

    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(ca.certificatePem(), other.keyPem(), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void renewalLooksAtTheShareOfValidityLeft() {
    SettableClock at = new SettableClock(Instant.now());
    IssuedCertificate client =
        CertificateAuthority.create("ca", Duration.ofDays(10), at)
            .issueClient("c", Duration.ofHours(24));

    assertThat(client.lessLeftThan(0.5, at.instant())).isFalse();
    at.advance(Duration.ofHours(11));
    assertThat(client.lessLeftThan(0.5, at.instant())).isFalse();
    at.advance(Duration.ofHours(2));
    assertThat(client.lessLeftThan(0.5, at.instant())).isTrue();
  }
}
