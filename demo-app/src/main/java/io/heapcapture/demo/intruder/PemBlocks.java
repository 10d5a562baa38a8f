package io.heapcapture.demo.intruder;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The certificates and private keys in PEM form anywhere in a set of bytes. */
final class PemBlocks {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

  final Set<X509Certificate> certificates = new LinkedHashSet<>();

  /** Keys the JDK could read (PKCS#8). */
  final List<PrivateKey> keys = new ArrayList<>();

  /** Every private key block found, readable or not (e.g. SEC1 {@code EC PRIVATE KEY}). */
  final Set<String> keyBlocks = new LinkedHashSet<>();

  void scan(byte[] bytes) {
    Matcher m = BLOCK.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (type.equals("CERTIFICATE")) {
        certificate(der);
      } else if (type.endsWith("PRIVATE KEY")) {
        if (keyBlocks.add(Base64.getEncoder().encodeToString(der)) && type.equals("PRIVATE KEY")) {
          privateKey(der);
        }
      }
    }
  }

  private void certificate(byte[] der) {
    try {
      certificates.add(
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der)));
    } catch (Exception e) {
      // Not a certificate after all.
    }
  }

  private void privateKey(byte[] der) {
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        keys.add(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
        return;
      } catch (Exception e) {
        // Try the next algorithm.
      }
    }
  }
}
