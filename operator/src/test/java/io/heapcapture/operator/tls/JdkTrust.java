package io.heapcapture.operator.tls;

import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The JDK's own verdict on our certificates: its PKIX validator and its TLS trust manager. */
final class JdkTrust {
  private JdkTrust() {}

  /** Validates {@code leaf} against {@code anchor} with the JDK's PKIX CertPathValidator. */
  static void validatePath(X509Certificate leaf, X509Certificate anchor, Instant at)
      throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  /** The JDK's TLS trust manager over these CA certificates. */
  static X509TrustManager trustManager(List<X509Certificate> authorities) throws Exception {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    for (int i = 0; i < authorities.size(); i++) {
      anchors.setCertificateEntry("ca-" + i, authorities.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }
}
