package io.heapcapture.operator.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents whatever certificate is current, as client or as server, so a renewed certificate takes
 * effect at the next handshake without a new {@code SSLContext}. The alias names the certificate's
 * serial: a renewal between the JDK's calls for the chain and for the key cannot pair one
 * certificate with another's key.
 */
public final class CurrentKeyManager extends X509ExtendedKeyManager {
  private final Supplier<IssuedCertificate> current;
  // The last two certificates handed out: handshakes in flight across a renewal find theirs.
  private volatile IssuedCertificate lastPresented;
  private volatile IssuedCertificate presentedBefore;

  /** {@code current}: asked at every handshake; may renew on the way; null while there is none. */
  public CurrentKeyManager(Supplier<IssuedCertificate> current) {
    this.current = current;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    // Issuers are ignored on purpose: the peer's list decides nothing, our CA does.
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(new String[] {keyType});
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(new String[] {keyType});
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(new String[] {keyType});
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    IssuedCertificate issued = byAlias(alias);
    if (issued == null) {
      return null;
    }
    // The issuer too when it is another certificate: verifiers that know only a root still chain.
    return issued.issuer().equals(issued.certificate())
        ? new X509Certificate[] {issued.certificate()}
        : new X509Certificate[] {issued.certificate(), issued.issuer()};
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    IssuedCertificate issued = byAlias(alias);
    return issued == null ? null : issued.key();
  }

  private String aliasFor(String[] keyTypes) {
    IssuedCertificate issued = current.get();
    if (issued == null) {
      return null;
    }
    String algorithm = issued.key().getAlgorithm();
    boolean fits =
        keyTypes == null
            || Arrays.stream(keyTypes)
                .anyMatch(t -> t != null && (t.equals(algorithm) || t.startsWith(algorithm + "_")));
    if (!fits) {
      return null;
    }
    remember(issued);
    return alias(issued);
  }

  private synchronized void remember(IssuedCertificate issued) {
    if (lastPresented != issued) {
      presentedBefore = lastPresented;
      lastPresented = issued;
    }
  }

  private IssuedCertificate byAlias(String alias) {
    for (IssuedCertificate candidate : new IssuedCertificate[] {lastPresented, presentedBefore}) {
      if (candidate != null && alias(candidate).equals(alias)) {
        return candidate;
      }
    }
    IssuedCertificate now = current.get();
    return now != null && alias(now).equals(alias) ? now : null;
  }

  private static String alias(IssuedCertificate issued) {
    return "current-" + issued.certificate().getSerialNumber().toString(16);
  }
}
