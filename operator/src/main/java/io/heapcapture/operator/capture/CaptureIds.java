package io.heapcapture.operator.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Capture ids derived from what they capture, not drawn at random: if the operator dies between
 * asking a sidecar and recording that in status, the next attempt computes the same id and the
 * sidecar recognises the capture instead of taking a second dump.
 */
public final class CaptureIds {
  private CaptureIds() {}

  /** The id of the on-demand capture of one pod (by UID) for one HeapCapture (by UID). */
  public static String onDemand(String captureUid, String podUid) {
    return "hc-" + shortHash(captureUid + "/" + podUid + "/on-demand");
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
