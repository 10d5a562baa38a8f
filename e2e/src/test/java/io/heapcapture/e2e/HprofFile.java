package io.heapcapture.e2e;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Checks that bytes are a well-formed HPROF file: the header, then records that each fit exactly,
 * up to the last byte. Independent of the project's own code on purpose.
 */
final class HprofFile {
  static final int HEAP_DUMP = 0x0C;
  static final int HEAP_DUMP_SEGMENT = 0x1C;

  record Summary(String version, int idSize, long records, long heapDumpRecords) {}

  private HprofFile() {}

  static Summary walk(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    StringBuilder version = new StringBuilder();
    for (int b = in.read(); b != 0; b = in.read()) {
      if (b < 0 || version.length() > 32) {
        throw new IOException("no HPROF header");
      }
      version.append((char) b);
    }
    int idSize = in.readInt();
    in.readLong(); // timestamp
    long records = 0;
    long heapDumps = 0;
    while (true) {
      int tag = in.read();
      if (tag < 0) {
        break;
      }
      try {
        in.readInt(); // microseconds since the header's timestamp
        long length = Integer.toUnsignedLong(in.readInt());
        in.skipNBytes(length);
      } catch (EOFException e) {
        throw new IOException(
            "record " + records + " (tag 0x" + Integer.toHexString(tag) + ") is cut off", e);
      }
      records++;
      if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
        heapDumps++;
      }
    }
    return new Summary(version.toString(), idSize, records, heapDumps);
  }

  static boolean startsLikeHprof(byte[] head) {
    return new String(head, 0, Math.min(head.length, 18), StandardCharsets.US_ASCII)
        .startsWith("JAVA PROFILE 1.0.");
  }
}
