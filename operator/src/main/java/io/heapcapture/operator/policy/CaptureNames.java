package io.heapcapture.operator.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Names of the HeapCaptures a policy creates, derived from what fired rather than drawn at random:
 * a pass retried after a lost status write computes the same name, and the API server refuses the
 * second create. At most 63 characters, because the name ends up in Job names and label values.
 */
public final class CaptureNames {
  static final int MAX = 63;

  private CaptureNames() {}

  /** {@code <policy>-<trigger>-<scheduled time in unix seconds>}. */
  public static String scheduled(String policy, String trigger, Instant scheduled) {
    return fit(policy + "-" + trigger, Long.toString(scheduled.getEpochSecond()));
  }

  /** {@code <policy>-<trigger>-<hash of pod uid and the sidecar's capture id>}. */
  public static String adopted(String policy, String trigger, String podUid, String captureId) {
    return fit(policy + "-" + trigger, hash(podUid + "/" + captureId));
  }

  /** Keeps the suffix whole; a stem too long is cut and told apart by a hash of all of it. */
  private static String fit(String stem, String suffix) {
    String name = stem + "-" + suffix;
    if (name.length() <= MAX) {
      return name;
    }
    String hash = hash(stem).substring(0, 8);
    int room = MAX - suffix.length() - hash.length() - 2;
    String cut = stem.substring(0, room).replaceAll("[-.]+$", "");
    return cut + "-" + hash + "-" + suffix;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
