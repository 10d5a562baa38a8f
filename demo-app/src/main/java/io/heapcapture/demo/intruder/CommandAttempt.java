package io.heapcapture.demo.intruder;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One try at commanding a sidecar: {@code POST /v1/captures} over HTTPS, presenting a given key and
 * certificate (or none). The outcome is the HTTP status, or -1 when TLS refused us.
 */
final class CommandAttempt {
  static final int TLS_REFUSED = -1;
  private static final String CAPTURE =
      "{\"id\":\"hc-intruder00000001\",\"container\":\"app\",\"kind\":\"HEAP_DUMP_LIVE\"}";

  private CommandAttempt() {}

  /** {@code key}/{@code certificate}: the identity to present; both null for none. */
  static int tryCapture(URI sidecar, PrivateKey key, X509Certificate certificate)
      throws InterruptedException {
    HttpClient client;
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(
          key == null ? new KeyManager[0] : new KeyManager[] {new Presenting(key, certificate)},
          new TrustManager[] {new AnyServer()},
          null);
      client =
          HttpClient.newBuilder()
              .sslContext(tls)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    } catch (Exception e) {
      throw new IllegalStateException("TLS is part of every JDK", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(sidecar.resolve("/v1/captures"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CAPTURE))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return TLS_REFUSED;
    }
  }

  /** Presents one identity whatever the server asks for. */
  private static final class Presenting extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate certificate;

    Presenting(PrivateKey key, X509Certificate certificate) {
      this.key = key;
      this.certificate = certificate;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "me";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return "me";
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {certificate};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"me"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  private static final class AnyServer extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
