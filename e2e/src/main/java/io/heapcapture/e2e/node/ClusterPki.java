package io.heapcapture.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's certificates, made with the openssl command: one CA, the API server's serving
 * certificate, a client certificate per component (its user and group are what RBAC and the Node
 * authorizer see), and the service-account signing key that the API server and the
 * controller-manager share. EC P-256 keys: quick to make. Valid for two days: a test run's life.
 */
final class ClusterPki {
  private static final String DAYS = "2";
  private static final SecureRandom SERIALS = new SecureRandom();

  private final Path dir;

  private ClusterPki(Path dir) {
    this.dir = dir;
  }

  /** A client certificate and its key, as files. */
  record Credentials(Path certificate, Path key) {}

  /** Makes the CA and the service-account key pair in {@code dir}. */
  static ClusterPki create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ClusterPki pki = new ClusterPki(dir);
    openssl(
        "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "
            + DAYS
            + " -subj /CN=heapcapture-node-ca -addext basicConstraints=critical,CA:TRUE"
            + " -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
        "-keyout",
        pki.caKey(),
        "-out",
        pki.caCertificate());
    openssl(
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256", "-out", pki.serviceAccountKey());
    openssl("pkey -pubout", "-in", pki.serviceAccountKey(), "-out", pki.serviceAccountPublicKey());
    return pki;
  }

  Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  private Path caKey() {
    return dir.resolve("ca.key");
  }

  /** The private key that signs service-account tokens (API server and controller-manager). */
  Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  Path serviceAccountPublicKey() {
    return dir.resolve("sa.pub");
  }

  /** A serving certificate for the names and IP addresses in {@code sans} (e.g. "IP:10.96.0.1"). */
  Credentials server(String name, List<String> sans) {
    return issue(
        name, "/CN=" + name, "serverAuth", "subjectAltName=" + String.join(",", sans) + "\n");
  }

  /** A client certificate for user {@code user} in group {@code group} (or none when null). */
  Credentials client(String name, String user, String group) {
    String subject = (group == null ? "" : "/O=" + group) + "/CN=" + user;
    return issue(name, subject, "clientAuth", "");
  }

  private Credentials issue(String name, String subject, String usage, String extra) {
    Path key = dir.resolve(name + ".key");
    Path request = dir.resolve(name + ".csr");
    Path certificate = dir.resolve(name + ".crt");
    Path extensions = dir.resolve(name + ".ext");
    try {
      Files.writeString(
          extensions,
          "basicConstraints=CA:FALSE\n"
              + "keyUsage=critical,digitalSignature,keyEncipherment\n"
              + "extendedKeyUsage="
              + usage
              + "\n"
              + extra);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // SEC1 ("EC PRIVATE KEY") PEM: the fabric8 client reads EC keys only in that form.
    openssl("ecparam -name prime256v1 -genkey -noout", "-out", key);
    openssl("req -new", "-key", key, "-out", request, "-subj", subject);
    openssl(
        "x509 -req -days " + DAYS + " -set_serial " + (SERIALS.nextLong() & Long.MAX_VALUE),
        "-in",
        request,
        "-CA",
        caCertificate(),
        "-CAkey",
        caKey(),
        "-extfile",
        extensions,
        "-out",
        certificate);
    return new Credentials(certificate, key);
  }

  /**
   * Runs openssl with {@code options} (split at spaces) and then {@code args} (paths or values that
   * may hold spaces, passed as they are).
   */
  private static void openssl(String options, Object... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(options.split(" ")));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    HostCommand.run(null, command).orThrow();
  }
}
