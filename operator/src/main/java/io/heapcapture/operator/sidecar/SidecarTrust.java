package io.heapcapture.operator.sidecar;

import io.heapcapture.operator.tls.CertificateAuthority;
import io.heapcapture.operator.tls.CurrentKeyManager;
import io.heapcapture.operator.tls.IssuedCertificate;
import io.heapcapture.operator.tls.OwnedSecrets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes the operator the only one a sidecar obeys: the sidecar CA (Secret {@value
 * #SECRET_NAME} in the operator's namespace) and, signed by it, the operator's client certificate,
 * which exists in this process's memory only. Sidecars get the CA's certificate ({@link
 * #clientCaPem}) and nothing else.
 */
public final class SidecarTrust {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarTrust.class);

  /** The Secret with the sidecar CA, keys {@code ca.crt} and {@code ca.key}. */
  public static final String SECRET_NAME = "heapcapture-sidecar-ca";

  /** The common name of the operator's client certificate. */
  public static final String CLIENT_NAME = "heapcapture-operator";

  static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  static final Duration CLIENT_VALIDITY = Duration.ofHours(24);
  // Renewed when half used: a renewal that fails leaves 12 hours to retry.
  private static final double RENEW_WHEN_LEFT = 0.5;
  // Resumed TLS sessions keep the certificate of their first handshake: keep them much shorter
  // than the half a client certificate has left when it is renewed.
  private static final int SESSION_TIMEOUT_SECONDS = 3600;

  private final CertificateAuthority ca;
  private final Clock clock;
  private final SSLContext context;
  private IssuedCertificate client;

  /** The trust of a CA at hand (tests; the operator uses {@link #load}). */
  public SidecarTrust(CertificateAuthority ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
    this.client = issue();
    this.context = context(new CurrentKeyManager(this::clientCertificate));
  }

  /**
   * Reads the sidecar CA from its Secret in the operator's namespace, creating the Secret if it is
   * missing (when another replica created it first, that one is read).
   */
  public static SidecarTrust load(OwnedSecrets secrets, Clock clock) {
    String namespace = secrets.namespace();
    Map<String, String> data =
        secrets
            .getOrCreate(
                SECRET_NAME,
                "Opaque",
                () -> {
                  CertificateAuthority fresh =
                      CertificateAuthority.create("heapcapture-sidecar-ca", CA_VALIDITY, clock);
                  LOG.info("created the sidecar CA in Secret {}/{}", namespace, SECRET_NAME);
                  return Map.of("ca.crt", fresh.certificatePem(), "ca.key", fresh.keyPem());
                })
            .data();
    String certificate = data.get("ca.crt");
    String key = data.get("ca.key");
    if (certificate == null || key == null) {
      throw new IllegalStateException(
          "Secret " + namespace + "/" + SECRET_NAME + " lacks ca.crt or ca.key");
    }
    return new SidecarTrust(CertificateAuthority.fromPem(certificate, key, clock), clock);
  }

  /** TLS for calls to sidecars: presents the current client certificate, accepts any server. */
  public SSLContext sslContext() {
    return context;
  }

  /** PEM of the CA certificate, for the sidecar's {@code HEAPCAPTURE_CLIENT_CA}. */
  public String clientCaPem() {
    return ca.certificatePem();
  }

  /** The client certificate to present now; a new one when the current one is half used. */
  public synchronized IssuedCertificate clientCertificate() {
    if (client.lessLeftThan(RENEW_WHEN_LEFT, clock.instant())) {
      client = issue();
    }
    return client;
  }

  private IssuedCertificate issue() {
    IssuedCertificate issued = ca.issueClient(CLIENT_NAME, CLIENT_VALIDITY);
    LOG.info("issued the operator's client certificate {}", issued.describe());
    return issued;
  }

  private static SSLContext context(KeyManager keys) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, new TrustManager[] {new AnySidecarServer()}, null);
      context.getClientSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is part of every JDK", e);
    }
  }
}
