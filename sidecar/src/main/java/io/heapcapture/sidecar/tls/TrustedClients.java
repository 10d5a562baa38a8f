package io.heapcapture.sidecar.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Who may command this sidecar: holders of a client certificate that chains to one of the CA
 * certificates in {@code HEAPCAPTURE_CLIENT_CA}. The sidecar has only these public certificates;
 * the key that signs client certificates stays with the operator.
 */
public final class TrustedClients {
  private final List<X509Certificate> authorities;
  private final X509TrustManager pkix;

  private TrustedClients(List<X509Certificate> authorities, X509TrustManager pkix) {
    this.authorities = authorities;
    this.pkix = pkix;
  }

  /** The CA certificates of PEM text, one or several concatenated (during a rotation). */
  public static TrustedClients fromPem(String pem) {
    List<X509Certificate> authorities;
    try {
      authorities =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable CA certificate PEM: " + e.getMessage(), e);
    }
    if (authorities.isEmpty()) {
      throw new IllegalArgumentException("no CA certificate in the PEM text");
    }
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        anchors.setCertificateEntry("client-ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return new TrustedClients(authorities, x509);
        }
      }
      throw new IllegalStateException("the JDK's PKIX factory made no X509TrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("an in-memory trust store always works", e);
    }
  }

  /**
   * True when the TLS peer presented a client certificate (and proved it holds its key) that chains
   * to one of our CAs, is valid now and is meant for TLS clients.
   */
  public boolean admits(SSLSession session) {
    if (session == null) {
      return false;
    }
    try {
      Certificate[] peer = session.getPeerCertificates();
      X509Certificate[] chain = new X509Certificate[peer.length];
      for (int i = 0; i < peer.length; i++) {
        chain[i] = (X509Certificate) peer[i];
      }
      pkix.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
      return true;
    } catch (SSLPeerUnverifiedException | CertificateException | ClassCastException e) {
      return false;
    }
  }

  /** The CA certificates, as a TLS server names them to clients. */
  public X509Certificate[] authorities() {
    return authorities.toArray(new X509Certificate[0]);
  }
}
