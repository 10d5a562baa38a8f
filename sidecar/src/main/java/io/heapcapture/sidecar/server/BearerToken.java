package io.heapcapture.sidecar.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The operator's credential for this sidecar's namespace, read from a mounted file on every check
 * so that a rotated Secret takes effect without a restart.
 */
public final class BearerToken {
  private final Path file;

  public BearerToken(Path file) {
    this.file = file;
  }

  /** True when the {@code Authorization} header carries the current token. */
  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
      return false;
    }
    byte[] expected;
    try {
      expected =
          Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return false;
    }
    if (expected.length == 0) {
      return false;
    }
    byte[] presented = authorizationHeader.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, presented);
  }
}
