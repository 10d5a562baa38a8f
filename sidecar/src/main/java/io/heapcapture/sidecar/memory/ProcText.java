package io.heapcapture.sidecar.memory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small text files of {@code /proc} and cgroupfs, read into a reused buffer and scanned in place
 * for {@code key value} fields, so a sample allocates next to nothing.
 */
final class ProcText {
  /** A value no field of ours takes: the field is absent. */
  static final long ABSENT = Long.MIN_VALUE;

  private byte[] buffer = new byte[8 * 1024];
  private int length;

  /** Reads the whole file; throws {@link java.nio.file.NoSuchFileException} when it is absent. */
  ProcText load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      length = 0;
      int n;
      while ((n = in.read(buffer, length, buffer.length - length)) >= 0) {
        length += n;
        if (length == buffer.length) {
          byte[] larger = new byte[buffer.length * 2];
          System.arraycopy(buffer, 0, larger, 0, length);
          buffer = larger;
        }
      }
    }
    return this;
  }

  /**
   * The first number after {@code key} at the start of a line ({@code "VmRSS:"}, {@code
   * "inactive_file "}), or {@link #ABSENT}.
   */
  long field(String key) {
    int line = 0;
    while (line < length) {
      if (startsWith(line, key)) {
        return number(line + key.length());
      }
      while (line < length && buffer[line] != '\n') {
        line++;
      }
      line++;
    }
    return ABSENT;
  }

  /** The file's only value: a number, or {@link #ABSENT} for anything else ({@code "max"}). */
  long single() {
    return number(0);
  }

  /** The whole file as a string. Allocates: for rarely read files. */
  String text() {
    return new String(buffer, 0, length, StandardCharsets.UTF_8);
  }

  private boolean startsWith(int at, String key) {
    if (at + key.length() > length) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (buffer[at + i] != key.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private long number(int at) {
    while (at < length && (buffer[at] == ' ' || buffer[at] == '\t')) {
      at++;
    }
    if (at >= length || buffer[at] < '0' || buffer[at] > '9') {
      return ABSENT;
    }
    long value = 0;
    while (at < length && buffer[at] >= '0' && buffer[at] <= '9') {
      int digit = buffer[at++] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return Long.MAX_VALUE; // cgroup v1 "unlimited" is close to 2^63; saturate
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
