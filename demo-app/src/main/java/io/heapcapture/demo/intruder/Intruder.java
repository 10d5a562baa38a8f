package io.heapcapture.demo.intruder;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A compromised application in a pod with a heapcapture sidecar: it reads everything it can reach
 * under {@code /proc} (and the directories it is given), collects every certificate and private key
 * in it, and tries to command sidecars with each, and with none. Depends on the JDK only, so that a
 * test can run it in any pod's application container.
 *
 * <pre>
 * java -cp &lt;demo-app classes&gt; io.heapcapture.demo.intruder.Intruder [--proc /proc] [--roots]
 *     [--scan DIR]... https://SIDECAR:8086...
 * </pre>
 *
 * <p>Prints one line per finding and per attempt, then {@code RESULT refused} and exits 0 when no
 * attempt got a capture, or {@code RESULT captured} and exits 1 when one did. {@code --roots} also
 * walks every process's root file system (on a real node: the containers' images and volumes).
 */
public final class Intruder {
  private Intruder() {}

  public static void main(String[] args) throws Exception {
    Path proc = Path.of("/proc");
    boolean roots = false;
    List<Path> scans = new ArrayList<>();
    List<URI> sidecars = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--proc" -> proc = Path.of(args[++i]);
        case "--roots" -> roots = true;
        case "--scan" -> scans.add(Path.of(args[++i]));
        default -> sidecars.add(URI.create(args[i]));
      }
    }
    ReachableFiles files = new ReachableFiles(proc).readProcesses(roots);
    scans.forEach(files::readTree);
    PemBlocks found = new PemBlocks();
    files.contents().values().forEach(found::scan);
    System.out.printf(
        "FOUND files=%d certificates=%d private-keys=%d readable-private-keys=%d%n",
        files.contents().size(),
        found.certificates.size(),
        found.keyBlocks.size(),
        found.keys.size());
    for (X509Certificate c : found.certificates) {
      System.out.println("FOUND certificate " + c.getSubjectX500Principal().getName());
    }
    boolean captured = false;
    for (URI sidecar : sidecars) {
      captured |= attempt(sidecar, "no certificate", null, null);
      PrivateKey ownKey = ownKey();
      for (X509Certificate certificate : found.certificates) {
        // Without the certificate's key: the TLS handshake asks for proof of possession.
        captured |=
            attempt(
                sidecar,
                "found certificate "
                    + certificate.getSubjectX500Principal().getName()
                    + " with an own key",
                ownKey,
                certificate);
        for (PrivateKey key : found.keys) {
          captured |=
              attempt(
                  sidecar,
                  "found certificate "
                      + certificate.getSubjectX500Principal().getName()
                      + " with a found key",
                  key,
                  certificate);
        }
      }
    }
    System.out.println(captured ? "RESULT captured" : "RESULT refused");
    System.exit(captured ? 1 : 0);
  }

  private static boolean attempt(
      URI sidecar, String how, PrivateKey key, X509Certificate certificate) throws Exception {
    int status = CommandAttempt.tryCapture(sidecar, key, certificate);
    boolean refused = status == CommandAttempt.TLS_REFUSED || status == 401 || status == 403;
    System.out.printf(
        "ATTEMPT %s %s -> %s%n",
        sidecar, how, status == CommandAttempt.TLS_REFUSED ? "TLS refused" : "HTTP " + status);
    return !refused;
  }

  private static PrivateKey ownKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair().getPrivate();
  }
}
