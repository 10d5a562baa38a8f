package io.heapcapture.sidecar.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS layer's view of client certificates: any is welcome. The handshake still proves that the
 * client holds the certificate's key; whether that certificate may command the sidecar is decided
 * per request by {@link TrustedClients}, so that {@code /healthz} stays open to kubelet probes and
 * a stranger gets a 401 rather than a broken handshake.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
  private final X509Certificate[] authorities;

  AnyClientCertificate(X509Certificate[] authorities) {
    this.authorities = authorities.clone();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the sidecar never acts as a TLS client with this context");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  /** Our CAs: tells the operator's TLS client which of its certificates to present. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return authorities.clone();
  }
}
