package io.heapcapture.analyzer.hprof;

import io.heapcapture.analyzer.graph.LongIntMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The UTF8 records of a dump, kept as bytes in one array (a dump holds every symbol of the JVM:
 * names of classes, fields, methods, signatures) and decoded on lookup.
 */
final class SymbolTable {
  private final LongIntMap indexOfId = new LongIntMap(1 << 14);
  private byte[] bytes = new byte[1 << 16];
  private int used;
  private int[] starts = new int[1 << 12];
  private int count;

  void add(long id, int length, HprofData text) throws IOException {
    if (count + 1 >= starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    int start = used;
    int done = 0;
    while (done < length) { // grow with the data read, never from the length field alone
      int n = Math.min(length - done, 1 << 16);
      if (used + n > bytes.length) {
        long grown = Math.max((long) used + n, 2L * bytes.length);
        if (grown > Integer.MAX_VALUE - 8) {
          throw text.malformed("more than 2 GiB of UTF8 records");
        }
        bytes = Arrays.copyOf(bytes, (int) grown);
      }
      text.readFully(bytes, used, n);
      used += n;
      done += n;
    }
    starts[count] = start;
    starts[count + 1] = used;
    indexOfId.put(id, count++);
  }

  /** The string with this id, or null if the dump has none. */
  String get(long id) {
    int i = indexOfId.get(id);
    return i < 0 ? null : decode(bytes, starts[i], starts[i + 1] - starts[i]);
  }

  /**
   * Decodes the JVM's "modified UTF-8" (NUL as two bytes, supplementary characters as surrogate
   * pairs of three bytes each), which {@link StandardCharsets#UTF_8} does not accept.
   */
  static String decode(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && b[i] >= 0) {
      i++;
    }
    if (i == end) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    StringBuilder s = new StringBuilder(len);
    s.append(new String(b, off, i - off, StandardCharsets.ISO_8859_1));
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        s.append((char) c);
        i++;
      } else if ((c & 0xe0) == 0xc0 && i + 1 < end && (b[i + 1] & 0xc0) == 0x80) {
        s.append((char) (((c & 0x1f) << 6) | (b[i + 1] & 0x3f)));
        i += 2;
      } else if ((c & 0xf0) == 0xe0
          && i + 2 < end
          && (b[i + 1] & 0xc0) == 0x80
          && (b[i + 2] & 0xc0) == 0x80) {
        s.append((char) (((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f)));
        i += 3;
      } else {
        s.append('\uFFFD');
        i++;
      }
    }
    return s.toString();
  }
}
