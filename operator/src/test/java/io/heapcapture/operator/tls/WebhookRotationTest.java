package io.heapcapture.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRotationTest {
  private static final List<String> NAMES =
      WebhookCertificates.dnsNames("heapcapture-webhook", "heapcapture-system");
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final WebhookRotation rotation = new WebhookRotation(NAMES, clock);

  @Test
  void anEmptySecretGetsACaAndAServingCertificateForTheServiceNames() throws Exception {
    Map<String, String> data = rotation.next(Map.of()).orElseThrow();

    List<X509Certificate> bundle = Pem.certificates(data.get("ca.crt"));
    IssuedCertificate serving = WebhookRotation.servingIn(data).orElseThrow();
    assertThat(bundle).hasSize(1);
    assertThat(
            serving.certificate().getSubjectAlternativeNames().stream()
                .map(n -> (String) n.get(1))
                .toList())
        .containsExactly(
            "heapcapture-webhook",
            "heapcapture-webhook.heapcapture-system",
            "heapcapture-webhook.heapcapture-system.svc",
            "heapcapture-webhook.heapcapture-system.svc.cluster.local");
    JdkTrust.trustManager(bundle)
        .checkServerTrusted(new X509Certificate[] {serving.certificate()}, "ECDHE_ECDSA");
    assertThat(Duration.between(clock.instant(), serving.certificate().getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(365));
    assertThat(Duration.between(clock.instant(), bundle.get(0).getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(5 * 365));
  }

  @Test
  void nothingIsDueWhileTwoThirdsAreLeft() {
    Map<String, String> data = rotation.next(Map.of()).orElseThrow();

    clock.advance(Duration.ofDays(120));

    assertThat(rotation.next(data)).isEmpty();
  }

  @Test
  void theServingCertificateIsRenewedFromTheSameCaWhenLessThanAThirdIsLeft() throws Exception {
    Map<String, String> data = rotation.next(Map.of()).orElseThrow();
    IssuedCertificate first = WebhookRotation.servingIn(data).orElseThrow();

    clock.advance(Duration.ofDays(245));
    Map<String, String> next = rotation.next(data).orElseThrow();

    IssuedCertificate renewed = WebhookRotation.servingIn(next).orElseThrow();
    assertThat(renewed.certificate()).isNotEqualTo(first.certificate());
    assertThat(next.get("ca.crt")).isEqualTo(data.get("ca.crt"));
    renewed.certificate().verify(first.issuer().getPublicKey());
  }

  @Test
  void aNewCaJoinsTheBundleBesideTheOldOneUntilTheOldExpires() throws Exception {
    Map<String, String> data = rotation.next(Map.of()).orElseThrow();
    X509Certificate oldCa = Pem.certificates(data.get("ca.crt")).get(0);

    clock.advance(Duration.ofDays(1220));
    Map<String, String> rotated = rotation.next(data).orElseThrow();

    List<X509Certificate> bundle = Pem.certificates(rotated.get("ca.crt"));
    assertThat(bundle).hasSize(2).element(1).isEqualTo(oldCa);
    IssuedCertificate serving = WebhookRotation.servingIn(rotated).orElseThrow();
    serving.certificate().verify(bundle.get(0).getPublicKey());

    clock.advance(Duration.ofDays(5 * 365 - 1220 + 1));
    Map<String, String> pruned = rotation.next(rotated).orElseThrow();
    assertThat(Pem.certificates(pruned.get("ca.crt"))).containsExactly(bundle.get(0));
  }

  @Test
  void aServiceRenamedGetsANewServingCertificate() {
    Map<String, String> data = rotation.next(Map.of()).orElseThrow();

    WebhookRotation renamed =
        new WebhookRotation(WebhookCertificates.dnsNames("other", "heapcapture-system"), clock);

    assertThat(renamed.next(data)).isPresent();
  }

  @Test
  void aBrokenSecretIsReplacedWhole() {
    Map<String, String> data =
        rotation.next(Map.of("ca.crt", "garbage", "tls.key", "x")).orElseThrow();

    assertThat(WebhookRotation.servingIn(data)).isPresent();
  }
}
