package io.heapcapture.operator.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * A certificate with its private key, and the CA certificate that signed it.
 *
 * @param key the private key
 * @param certificate the certificate of its public key
 * @param issuer the CA certificate that signed it (the certificate itself when self-signed)
 */
public record IssuedCertificate(
    PrivateKey key, X509Certificate certificate, X509Certificate issuer) {
  /** The certificate as PEM text. */
  public String certificatePem() {
    return Pem.of(certificate);
  }

  /** The private key as PKCS#8 PEM text. */
  public String keyPem() {
    return Pem.of(key);
  }

  /**
   * True when less than {@code fraction} of the validity period is left at {@code now} (or it has
   * expired, or is not valid yet).
   */
  public boolean lessLeftThan(double fraction, Instant now) {
    return Lifetime.of(certificate).lessLeftThan(fraction, now);
  }

  /** A name for logs: subject, serial and expiry. */
  public String describe() {
    return certificate.getSubjectX500Principal().getName()
        + " #"
        + certificate.getSerialNumber().toString(16)
        + " until "
        + certificate.getNotAfter().toInstant();
  }

  /** How long the certificate is valid in all. */
  public Duration validity() {
    return Lifetime.of(certificate).total();
  }
}
