package io.heapcapture.operator.tls;

import java.security.GeneralSecurityException;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/** Server-side TLS contexts over a certificate that may change. */
final class ServerContexts {
  private ServerContexts() {}

  static SSLContext following(Supplier<IssuedCertificate> current) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new CurrentKeyManager(current)}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is part of every JDK", e);
    }
  }
}
