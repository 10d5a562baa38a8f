package io.heapcapture.operator.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the webhook's TLS Secret should hold: a CA (5 years) and a serving certificate (1
 * year) for the webhook Service's names, each replaced when less than a third of its validity is
 * left. A new CA joins the bundle ({@code ca.crt}, newest first) and older ones stay until they
 * expire, so replicas still serving a certificate of the old CA stay trusted meanwhile.
 */
final class WebhookRotation {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRotation.class);
  static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
  static final Duration SERVING_VALIDITY = Duration.ofDays(365);
  static final double RENEW_WHEN_LEFT = 1.0 / 3;
  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String TLS_CERT = "tls.crt";
  static final String TLS_KEY = "tls.key";

  private final List<String> dnsNames;
  private final Clock clock;

  WebhookRotation(List<String> dnsNames, Clock clock) {
    this.dnsNames = List.copyOf(dnsNames);
    this.clock = clock;
  }

  /** The data the Secret should hold next, or empty when nothing is due. */
  Optional<Map<String, String>> next(Map<String, String> stored) {
    Instant now = clock.instant();
    List<X509Certificate> stale = certificates(stored.get(CA_CERT));
    List<X509Certificate> bundle =
        stale.stream().filter(c -> now.isBefore(c.getNotAfter().toInstant())).toList();
    Optional<CertificateAuthority> ca = authority(stored, bundle);
    if (ca.isEmpty() || ca.get().self().lessLeftThan(RENEW_WHEN_LEFT, now)) {
      CertificateAuthority fresh =
          CertificateAuthority.create("heapcapture-webhook-ca", CA_VALIDITY, clock);
      LOG.info("new webhook CA {}", fresh.self().describe());
      List<X509Certificate> newBundle = new ArrayList<>();
      newBundle.add(fresh.certificate());
      newBundle.addAll(bundle);
      return Optional.of(data(fresh, newBundle, issue(fresh)));
    }
    Optional<IssuedCertificate> serving = serving(stored, ca.get());
    boolean renew =
        serving.isEmpty()
            || serving.get().lessLeftThan(RENEW_WHEN_LEFT, now)
            || !names(serving.get().certificate()).equals(dnsNames);
    if (renew) {
      return Optional.of(data(ca.get(), bundle, issue(ca.get())));
    }
    if (bundle.size() < stale.size()) {
      Map<String, String> pruned = new LinkedHashMap<>(stored);
      pruned.put(CA_CERT, Pem.of(bundle));
      return Optional.of(pruned);
    }
    return Optional.empty();
  }

  /** The serving certificate the data holds, if it is readable. */
  static Optional<IssuedCertificate> servingIn(Map<String, String> data) {
    try {
      List<X509Certificate> chain = Pem.certificates(data.getOrDefault(TLS_CERT, ""));
      List<X509Certificate> cas = Pem.certificates(data.getOrDefault(CA_CERT, ""));
      if (chain.isEmpty() || cas.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new IssuedCertificate(Pem.privateKey(data.get(TLS_KEY)), chain.get(0), cas.get(0)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private IssuedCertificate issue(CertificateAuthority ca) {
    IssuedCertificate serving = ca.issueServer(dnsNames, SERVING_VALIDITY);
    LOG.info("new webhook serving certificate {}", serving.describe());
    return serving;
  }

  private Optional<IssuedCertificate> serving(Map<String, String> stored, CertificateAuthority ca) {
    Optional<IssuedCertificate> serving = servingIn(stored);
    if (serving.isEmpty()) {
      return serving;
    }
    IssuedCertificate s = serving.get();
    try {
      s.certificate().verify(ca.certificate().getPublicKey());
    } catch (Exception e) {
      return Optional.empty();
    }
    return CertificateAuthority.KeyPairs.match(s.certificate().getPublicKey(), s.key())
        ? serving
        : Optional.empty();
  }

  private Optional<CertificateAuthority> authority(
      Map<String, String> stored, List<X509Certificate> bundle) {
    if (bundle.isEmpty() || stored.get(CA_KEY) == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          CertificateAuthority.fromPem(Pem.of(bundle.get(0)), stored.get(CA_KEY), clock));
    } catch (RuntimeException e) {
      LOG.warn("the stored webhook CA is unusable ({}); making a new one", e.getMessage());
      return Optional.empty();
    }
  }

  private static List<X509Certificate> certificates(String pem) {
    if (pem == null) {
      return List.of();
    }
    try {
      return Pem.certificates(pem);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static List<String> names(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null
          ? List.of()
          : names.stream().map(n -> Objects.toString(n.get(1))).toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static Map<String, String> data(
      CertificateAuthority ca, List<X509Certificate> bundle, IssuedCertificate serving) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CA_CERT, Pem.of(bundle));
    data.put(CA_KEY, ca.keyPem());
    data.put(TLS_CERT, serving.certificatePem());
    data.put(TLS_KEY, serving.keyPem());
    return data;
  }
}
