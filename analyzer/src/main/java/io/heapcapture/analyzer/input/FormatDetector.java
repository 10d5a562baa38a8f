package io.heapcapture.analyzer.input;

import java.nio.charset.StandardCharsets;

/**
 * Tells the format of a dump from its first bytes (decompressed), and describes foreign content in
 * a few words for an error message.
 */
final class FormatDetector {
  private static final byte[] HPROF_MAGIC = "JAVA PROFILE 1.0.".getBytes(StandardCharsets.US_ASCII);

  private FormatDetector() {}

  /** The format of a dump that starts with {@code head}, or null if it is none we read. */
  static DumpFormat format(byte[] head) {
    if (startsWith(head, HPROF_MAGIC)) {
      return DumpFormat.HPROF;
    }
    if ("snapshot".equals(firstJsonKey(head))) {
      return DumpFormat.V8_HEAP_SNAPSHOT;
    }
    return null;
  }

  /** A short, human description of foreign content, for the error message. */
  static String describe(byte[] head) {
    if (head.length == 0) {
      return "an empty file";
    }
    if (startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G'})) {
      return "a PNG image";
    }
    if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
      return "a ZIP archive";
    }
    if (startsWith(head, new byte[] {'B', 'Z', 'h'})) {
      return "bzip2-compressed data (only gzip and zstd are supported)";
    }
    if (startsWith(head, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
      return "xz-compressed data (only gzip and zstd are supported)";
    }
    if (startsWith(head, new byte[] {0x04, 0x22, 0x4d, 0x18})) {
      return "lz4-compressed data (only gzip and zstd are supported)";
    }
    if (startsWith(head, "JAVA PROFILE ".getBytes(StandardCharsets.US_ASCII))) {
      return "an HPROF file of an unsupported version: \"" + printablePrefix(head, 20) + "\"";
    }
    String key = firstJsonKey(head);
    if (key != null) {
      return "a JSON object whose first key is \""
          + key
          + "\" (a V8 heap snapshot starts with \"snapshot\")";
    }
    if (isText(head)) {
      return "text starting with \"" + printablePrefix(head, 40) + "\"";
    }
    StringBuilder hex = new StringBuilder("binary data starting with");
    for (int i = 0; i < Math.min(16, head.length); i++) {
      hex.append(String.format(" %02x", head[i] & 0xff));
    }
    return hex.toString();
  }

  /** The first key of a JSON object at the start of {@code head}, or null if there is none. */
  static String firstJsonKey(byte[] head) {
    int i = 0;
    if (startsWith(head, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf})) {
      i = 3;
    }
    i = skipWhitespace(head, i);
    if (i >= head.length || head[i] != '{') {
      return null;
    }
    i = skipWhitespace(head, i + 1);
    if (i >= head.length || head[i] != '"') {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (i++; i < head.length && head[i] != '"'; i++) {
      if (head[i] == '\\' || key.length() > 64) {
        return key.toString(); // escapes or a long key: certainly not "snapshot"
      }
      key.append((char) (head[i] & 0xff));
    }
    return i < head.length ? key.toString() : null;
  }

  private static int skipWhitespace(byte[] b, int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean startsWith(byte[] head, byte[] prefix) {
    if (head.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (head[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isText(byte[] head) {
    int n = Math.min(head.length, 256);
    for (int i = 0; i < n; i++) {
      int c = head[i] & 0xff;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String printablePrefix(byte[] head, int max) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(head.length, max); i++) {
      int c = head[i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
    }
    return s.toString();
  }
}
