package io.heapcapture.operator.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's certificate in cert-manager mode: {@code tls.crt} and {@code tls.key} in a mounted
 * directory, re-read when they change (at most every {@link #RECHECK}, at a handshake). The
 * operator patches nothing in this mode: cert-manager's CA injector owns the caBundle.
 */
public final class MountedWebhookCertificate implements WebhookTls {
  private static final Logger LOG = LoggerFactory.getLogger(MountedWebhookCertificate.class);
  static final Duration RECHECK = Duration.ofSeconds(10);

  private final Path dir;
  private final Clock clock;
  private final SSLContext context;
  private IssuedCertificate current;
  private byte[] currentFiles = new byte[0];
  private Instant checked = Instant.MIN;

  /** Reads the files once now: a missing or unreadable pair fails here, not at a handshake. */
  public MountedWebhookCertificate(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    if (!reload()) {
      throw new IllegalArgumentException("no usable tls.crt and tls.key in " + dir);
    }
    this.context = ServerContexts.following(this::certificate);
  }

  @Override
  public SSLContext sslContext() {
    return context;
  }

  /** The certificate to present: the files' current pair, or the last good one. */
  public synchronized IssuedCertificate certificate() {
    Instant now = clock.instant();
    if (!now.isBefore(checked.plus(RECHECK))) {
      checked = now;
      reload();
    }
    return current;
  }

  @Override
  public void start() {}

  @Override
  public void close() {}

  /** Takes the files' pair if it changed and is whole; false when nothing usable was read. */
  private synchronized boolean reload() {
    byte[] certificateFile;
    byte[] keyFile;
    try {
      certificateFile = Files.readAllBytes(dir.resolve("tls.crt"));
      keyFile = Files.readAllBytes(dir.resolve("tls.key"));
    } catch (IOException e) {
      LOG.warn("cannot read the webhook certificate in {}: {}", dir, e.toString());
      return current != null;
    }
    byte[] both = concat(certificateFile, keyFile);
    if (Arrays.equals(both, currentFiles)) {
      return true;
    }
    try {
      List<X509Certificate> chain = Pem.certificates(new String(certificateFile));
      var key = Pem.privateKey(new String(keyFile));
      // Mid-update, the new certificate may sit beside the old key: keep the old pair until both
      // files are new.
      if (chain.isEmpty()
          || !CertificateAuthority.KeyPairs.match(chain.get(0).getPublicKey(), key)) {
        return current != null;
      }
      current =
          new IssuedCertificate(key, chain.get(0), chain.size() > 1 ? chain.get(1) : chain.get(0));
      currentFiles = both;
      LOG.info("serving the webhook with {} from {}", current.describe(), dir);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("unusable webhook certificate in {}: {}", dir, e.getMessage());
      return current != null;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
