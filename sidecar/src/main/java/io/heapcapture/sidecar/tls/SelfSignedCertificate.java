package io.heapcapture.sidecar.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The sidecar's server identity: a fresh P-256 key and a self-signed X.509 v1 certificate, made in
 * memory at start and never written anywhere. Nobody verifies it (the operator cannot tell the
 * sidecar from the application it shares a network namespace with); it only lets TLS run.
 */
public record SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A new key and certificate for {@code commonName}, valid from an hour ago for 10 years. */
  public static SelfSignedCertificate generate(String commonName, Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
      byte[] name =
          Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
      byte[] tbs =
          Der.sequence(
              Der.integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)),
              algorithm,
              name,
              Der.sequence(
                  Der.utcTime(UTC_TIME.format(now.minus(Duration.ofHours(1)))),
                  Der.utcTime(UTC_TIME.format(now.plus(Duration.ofDays(3650))))),
              name,
              keys.getPublic().getEncoded());
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(tbs);
      byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
      X509Certificate parsed =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(certificate));
      return new SelfSignedCertificate(keys, parsed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 and SHA256withECDSA are part of every JDK", e);
    }
  }
}
