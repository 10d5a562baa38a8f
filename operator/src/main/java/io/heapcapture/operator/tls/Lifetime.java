package io.heapcapture.operator.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** A certificate's validity period, and how much of it is left: what renewal decides on. */
record Lifetime(Instant notBefore, Instant notAfter) {
  static Lifetime of(X509Certificate certificate) {
    return new Lifetime(
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
  }

  Duration total() {
    return Duration.between(notBefore, notAfter);
  }

  boolean lessLeftThan(double fraction, Instant now) {
    if (now.isBefore(notBefore) || !now.isBefore(notAfter)) {
      return true;
    }
    long left = Duration.between(now, notAfter).toMillis();
    return left < fraction * total().toMillis();
  }
}
