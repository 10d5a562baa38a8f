package io.heapcapture.operator.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small CA of our own: a self-signed P-256 certificate and its key, issuing server certificates
 * (with DNS names) and client certificates. The JDK does the cryptography; BouncyCastle only builds
 * the certificates, and is never registered as a security provider.
 */
public final class CertificateAuthority {
  // Certificates start a little in the past: clocks of the API server, nodes and replicas differ.
  static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IssuedCertificate self;
  private final Clock clock;

  private CertificateAuthority(IssuedCertificate self, Clock clock) {
    this.self = self;
    this.clock = clock;
  }

  /** A new CA named {@code commonName}, valid for {@code validity} from now. */
  public static CertificateAuthority create(String commonName, Duration validity, Clock clock) {
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    X500Name name = name(commonName);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            serial(),
            Date.from(now.minus(BACKDATE)),
            Date.from(now.plus(validity)),
            name,
            keys.getPublic());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions().createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException("the CA's extensions always encode", e);
    }
    X509Certificate certificate = sign(builder, keys.getPrivate());
    return new CertificateAuthority(
        new IssuedCertificate(keys.getPrivate(), certificate, certificate), clock);
  }

  /** The CA of a stored certificate and key (PEM); the key must belong to the certificate. */
  public static CertificateAuthority fromPem(String certificatePem, String keyPem, Clock clock) {
    List<X509Certificate> certificates = Pem.certificates(certificatePem);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no CA certificate in the PEM text");
    }
    X509Certificate certificate = certificates.get(0);
    PrivateKey key = Pem.privateKey(keyPem);
    if (!KeyPairs.match(certificate.getPublicKey(), key)) {
      throw new IllegalArgumentException("the CA key does not belong to the CA certificate");
    }
    return new CertificateAuthority(new IssuedCertificate(key, certificate, certificate), clock);
  }

  /** A TLS server certificate for {@code dnsNames} (the first is also the common name). */
  public IssuedCertificate issueServer(List<String> dnsNames, Duration validity) {
    GeneralName[] names =
        dnsNames.stream()
            .map(n -> new GeneralName(GeneralName.dNSName, n))
            .toArray(GeneralName[]::new);
    return issue(
        dnsNames.get(0),
        validity,
        KeyPurposeId.id_kp_serverAuth,
        builder ->
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names)));
  }

  /** A TLS client certificate for {@code commonName}. */
  public IssuedCertificate issueClient(String commonName, Duration validity) {
    return issue(commonName, validity, KeyPurposeId.id_kp_clientAuth, builder -> {});
  }

  /** The CA's own certificate and key. */
  public IssuedCertificate self() {
    return self;
  }

  public X509Certificate certificate() {
    return self.certificate();
  }

  public String certificatePem() {
    return self.certificatePem();
  }

  public String keyPem() {
    return self.keyPem();
  }

  private IssuedCertificate issue(
      String commonName, Duration validity, KeyPurposeId purpose, Extra extra) {
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(self.certificate().getNotAfter().toInstant())) {
      // A certificate must not outlive its CA: verifiers would refuse it once the CA expires.
      notAfter = self.certificate().getNotAfter().toInstant();
    }
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            self.certificate(),
            serial(),
            Date.from(now.minus(BACKDATE)),
            Date.from(notAfter),
            name(commonName),
            keys.getPublic());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              extensions().createAuthorityKeyIdentifier(self.certificate()))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions().createSubjectKeyIdentifier(keys.getPublic()));
      extra.add(builder);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("certificate extensions always encode", e);
    }
    return new IssuedCertificate(keys.getPrivate(), sign(builder, self.key()), self.certificate());
  }

  private interface Extra {
    void add(X509v3CertificateBuilder builder) throws CertIOException;
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial() {
    // Positive, 127 bits of randomness: no two certificates of a CA share a serial.
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("SHA256withECDSA signing is part of every JDK", e);
    }
  }

  private static JcaX509ExtensionUtils extensions() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 key identifiers are part of every JDK", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 keys are part of every JDK", e);
    }
  }

  /** Whether a private key belongs to a public key: sign and verify a test message. */
  static final class KeyPairs {
    private KeyPairs() {}

    static boolean match(PublicKey publicKey, PrivateKey privateKey) {
      try {
        byte[] probe = "heapcapture".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(SIGNATURE);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(SIGNATURE);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
  }
}
