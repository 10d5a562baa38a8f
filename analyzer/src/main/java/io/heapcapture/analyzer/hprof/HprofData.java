package io.heapcapture.analyzer.hprof;

import io.heapcapture.analyzer.input.MalformedDumpException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Big-endian reads from an HPROF stream, with the absolute byte offset and a limit: the end of the
 * record or sub-record being read. A read past the limit or past the end of the stream fails with a
 * {@link MalformedDumpException} that names the offset. A visitor gets this to read the body of a
 * sub-record it cares about; whatever it leaves unread is skipped.
 */
public final class HprofData {
  private static final int CHUNK = 1 << 16;

  private final InputStream in;
  private final byte[] buf = new byte[CHUNK];
  private int pos;
  private int end;
  private long bufStart;
  private int idSize = 8;
  private long limit = Long.MAX_VALUE;
  private String limitName = "the file";
  private long limitStart;

  HprofData(InputStream in) {
    this.in = in;
  }

  /** Offset of the next byte in the (decompressed) dump. */
  public long position() {
    return bufStart + pos;
  }

  /** Bytes left before the end of what is being read (the current sub-record or record). */
  public long remaining() {
    return limit - position();
  }

  /** Size of object ids in this dump: 4 or 8. */
  public int idSize() {
    return idSize;
  }

  public long readId() throws IOException {
    return idSize == 8 ? readLong() : Integer.toUnsignedLong(readInt());
  }

  public int readU1() throws IOException {
    require(1);
    return buf[pos++] & 0xff;
  }

  public int readU2() throws IOException {
    require(2);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public int readInt() throws IOException {
    require(4);
    int v =
        ((buf[pos] & 0xff) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** An unsigned 4-byte value (lengths and counts). */
  public long readU4() throws IOException {
    return Integer.toUnsignedLong(readInt());
  }

  public long readLong() throws IOException {
    return ((long) readInt() << 32) | Integer.toUnsignedLong(readInt());
  }

  /** A value of the given type: an id for objects, the raw (sign-extended) bits otherwise. */
  public long readValue(BasicType type) throws IOException {
    return switch (type) {
      case OBJECT -> readId();
      case BOOLEAN, BYTE -> (byte) readU1();
      case CHAR -> readU2();
      case SHORT -> (short) readU2();
      case INT, FLOAT -> readInt();
      case LONG, DOUBLE -> readLong();
    };
  }

  public void skip(long n) throws IOException {
    if (n < 0 || n > remaining()) {
      throw pastLimit(n);
    }
    long buffered = end - pos;
    if (n <= buffered) {
      pos += (int) n;
      return;
    }
    long left = n - buffered;
    bufStart += end;
    pos = 0;
    end = 0;
    while (left > 1) {
      long s = in.skip(left - 1);
      if (s <= 0) { // skip may stop early without meaning end of stream: read to find out
        int r = in.read(buf, 0, (int) Math.min(buf.length, left - 1));
        if (r < 0) {
          throw truncated();
        }
        s = r;
      }
      bufStart += s;
      left -= s;
    }
    // Read the last skipped byte rather than skip it: a FileInputStream skips past the end of its
    // file without complaint, so only a read shows that the bytes were there.
    while (end == 0) {
      if (!fillSome()) {
        throw truncated();
      }
    }
    pos = 1;
  }

  public void readFully(byte[] b, int off, int len) throws IOException {
    if (len > remaining()) {
      throw pastLimit(len);
    }
    int done = 0;
    while (done < len) {
      if (pos == end) {
        fill(1);
      }
      int n = Math.min(len - done, end - pos);
      System.arraycopy(buf, pos, b, off + done, n);
      pos += n;
      done += n;
    }
  }

  /**
   * Reads {@code len} bytes into {@code reuse} (or a larger copy of it, returned). The array grows
   * only as data actually arrives, so a corrupted length cannot make it allocate more than about
   * twice what the stream really holds.
   */
  public byte[] readBytes(byte[] reuse, int len) throws IOException {
    if (len < 0 || len > remaining()) {
      throw pastLimit(len);
    }
    byte[] b = reuse;
    int done = 0;
    while (done < len) {
      int n = Math.min(len - done, CHUNK);
      if (b.length < done + n) {
        b = Arrays.copyOf(b, (int) Math.min(len, Math.max(done + n, 2L * b.length)));
      }
      readFully(b, done, n);
      done += n;
    }
    return b;
  }

  void idSize(int idSize) {
    this.idSize = idSize;
  }

  long limit() {
    return limit;
  }

  /** Sets the end of what is being read, and what it is and where it started (for messages). */
  void limit(long limit, String limitName, long limitStart) {
    this.limit = limit;
    this.limitName = limitName;
    this.limitStart = limitStart;
  }

  private String limitDescription() {
    return limit == Long.MAX_VALUE ? limitName : limitName + " that starts at offset " + limitStart;
  }

  /** Whether the stream has ended at the current position (only checked between records). */
  boolean atEnd() throws IOException {
    return pos == end && !fillSome();
  }

  MalformedDumpException malformed(String message) {
    return new MalformedDumpException(message, position());
  }

  MalformedDumpException truncated() {
    return new MalformedDumpException(
        "unexpected end of the dump inside " + limitDescription() + ": the file is truncated",
        position());
  }

  private MalformedDumpException pastLimit(long n) {
    return new MalformedDumpException(
        "a read of "
            + n
            + " bytes runs past the end of "
            + limitDescription()
            + ": the dump is corrupt",
        position());
  }

  private void require(int n) throws IOException {
    if (end - pos < n || limit - bufStart - pos < n) {
      if (n > remaining()) {
        throw pastLimit(n);
      }
      fill(n);
    }
  }

  /** Makes at least {@code n} bytes available in the buffer. */
  private void fill(int n) throws IOException {
    while (end - pos < n) {
      if (!fillSome()) {
        throw truncated();
      }
    }
  }

  private boolean fillSome() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, end - pos);
      bufStart += pos;
      end -= pos;
      pos = 0;
    }
    int r = in.read(buf, end, buf.length - end);
    if (r < 0) {
      return false;
    }
    end += r;
    return true;
  }
}
