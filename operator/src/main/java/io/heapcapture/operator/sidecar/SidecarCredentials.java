package io.heapcapture.operator.sidecar;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's credential for sidecars, one per namespace: an HMAC of the namespace name under
 * the operator's key. A sidecar holds only its namespace's token, so a token that leaks from one
 * namespace is refused in every other.
 */
public final class SidecarCredentials {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public SidecarCredentials(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the sidecar signing key must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** The bearer token that sidecars in {@code namespace} accept. */
  public String tokenFor(String namespace) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] tag =
          mac.doFinal(("heapcapture/v1/namespace/" + namespace).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
