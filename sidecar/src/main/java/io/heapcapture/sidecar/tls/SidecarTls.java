package io.heapcapture.sidecar.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The TLS server side of the sidecar's API: its in-memory identity and who it asks to log in. */
public final class SidecarTls {
  private static final char[] IN_MEMORY = new char[0];

  private SidecarTls() {}

  /**
   * A server context with a key and self-signed certificate made now, in memory only, that asks
   * every client for a certificate issued by one of {@code clients}' CAs.
   */
  public static SSLContext serverContext(TrustedClients clients, Instant now) {
    SelfSignedCertificate identity = SelfSignedCertificate.generate("heapcapture-sidecar", now);
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "sidecar",
          identity.keys().getPrivate(),
          IN_MEMORY,
          new Certificate[] {identity.certificate()});
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(keys, IN_MEMORY);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          factory.getKeyManagers(),
          new TrustManager[] {new AnyClientCertificate(clients.authorities())},
          null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("an in-memory key store always works", e);
    }
  }
}
