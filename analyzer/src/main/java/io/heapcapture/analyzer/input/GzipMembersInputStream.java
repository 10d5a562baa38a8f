package io.heapcapture.analyzer.input;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The content of a gzip file of one or more members (RFC 1952), read to the end of the file. The
 * JVM writes a {@code GC.heap_dump -gz=N} dump as many concatenated members ("HPROF segmented
 * gzip"). The JDK's {@link java.util.zip.GZIPInputStream} goes on to the next member only while
 * {@code available()} says more bytes are ready, and it takes anything after a member that is not a
 * valid gzip header as the end: either way a dump could end early at a member boundary, silently.
 * Here a member is followed either by the end of the file or by the next member's header; anything
 * else, a bad checksum or length, or a file that ends inside a member is a {@link ZipException} or
 * {@link EOFException}.
 */
final class GzipMembersInputStream extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream in;
  private final byte[] buf;
  private int bufPos;
  private int bufEnd;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private long memberBytes;
  private int members;
  private boolean eof;
  private boolean closed;

  /** Reads the first member's header now, so that a bad header fails on construction. */
  GzipMembersInputStream(InputStream in, int bufferSize) throws IOException {
    this.in = in;
    this.buf = new byte[bufferSize];
    readHeader();
  }

  /** How many members have been started so far. */
  int members() {
    return members;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!eof) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException("invalid deflate data in gzip member " + members + ": " + e);
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        return n;
      }
      if (inflater.finished()) {
        bufPos = bufEnd - inflater.getRemaining();
        readTrailer();
        if (!fill()) {
          eof = true; // the end of the file, right after a whole member
        } else {
          readHeader();
        }
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new EOFException("the gzip stream ends inside member " + members);
        }
        inflater.setInput(buf, bufPos, bufEnd - bufPos);
        bufPos = bufEnd;
      } else if (inflater.needsDictionary()) {
        throw new ZipException("gzip member " + members + " needs a preset dictionary");
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      inflater.end();
      in.close();
    }
  }

  /** Makes at least one unread byte available in buf; false at the end of the file. */
  private boolean fill() throws IOException {
    if (bufPos < bufEnd) {
      return true;
    }
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      bufPos = bufEnd = 0;
      return false;
    }
    bufPos = 0;
    bufEnd = n;
    return true;
  }

  private int u1() throws IOException {
    if (!fill()) {
      throw new EOFException(
          "the gzip stream ends inside the header or trailer of member " + members);
    }
    return buf[bufPos++] & 0xff;
  }

  private int u2() throws IOException {
    return u1() | u1() << 8;
  }

  private long u4() throws IOException {
    return (u2() | (long) u2() << 16) & 0xffffffffL;
  }

  private void readHeader() throws IOException {
    members++;
    if (u1() != 0x1f || u1() != 0x8b) {
      throw new ZipException(
          members == 1 ? "not in gzip format" : "garbage after gzip member " + (members - 1));
    }
    if (u1() != 8) {
      throw new ZipException("unsupported compression method in gzip member " + members);
    }
    int flags = u1();
    for (int i = 0; i < 6; i++) { // mtime, xfl, os
      u1();
    }
    if ((flags & FEXTRA) != 0) {
      for (int n = u2(); n > 0; n--) {
        u1();
      }
    }
    if ((flags & FNAME) != 0) {
      while (u1() != 0) {}
    }
    if ((flags & FCOMMENT) != 0) {
      while (u1() != 0) {}
    }
    if ((flags & FHCRC) != 0) {
      u2();
    }
    inflater.reset();
    crc.reset();
    memberBytes = 0;
    if (bufPos < bufEnd) {
      inflater.setInput(buf, bufPos, bufEnd - bufPos);
      bufPos = bufEnd;
    }
  }

  private void readTrailer() throws IOException {
    long expectedCrc = u4();
    long expectedSize = u4();
    if (expectedCrc != crc.getValue()) {
      throw new ZipException("CRC mismatch in gzip member " + members);
    }
    if (expectedSize != (memberBytes & 0xffffffffL)) {
      throw new ZipException("size mismatch in gzip member " + members);
    }
  }
}
