package io.heapcapture.sidecar.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA for tests, standing in for the operator's: issues client certificates. */
public final class TestAuthority {
  private static final AtomicLong SERIAL = new AtomicLong(1);
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestAuthority(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  public static TestAuthority create(String name) {
    KeyPair keys = keyPair();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=" + name),
            BigInteger.valueOf(SERIAL.getAndIncrement()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(30))),
            new X500Name("CN=" + name),
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new TestAuthority(keys, sign(builder, keys.getPrivate()));
  }

  /** A client certificate valid from {@code notBefore} to {@code notAfter}. */
  public ClientIdentity issueClient(String commonName, Instant notBefore, Instant notAfter) {
    KeyPair client = keyPair();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            certificate,
            BigInteger.valueOf(SERIAL.getAndIncrement()),
            Date.from(notBefore),
            Date.from(notAfter),
            new X500Name("CN=" + commonName),
            client.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new ClientIdentity(client.getPrivate(), sign(builder, keys.getPrivate()), certificate);
  }

  /** A client certificate valid now for a day. */
  public ClientIdentity issueClient(String commonName) {
    Instant now = Instant.now();
    return issueClient(commonName, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)));
  }

  public String pem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client's key and certificate chain. */
  public record ClientIdentity(PrivateKey key, X509Certificate certificate, X509Certificate ca) {}
}
