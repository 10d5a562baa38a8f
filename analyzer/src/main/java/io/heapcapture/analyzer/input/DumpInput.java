package io.heapcapture.analyzer.input;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * An opened heap dump: its compression and format detected from the content (never from the file
 * name), and a buffered stream of the decompressed content from its first byte.
 *
 * <pre>{@code
 * try (DumpInput dump = DumpInput.open(path)) {
 *   if (dump.format() == DumpFormat.HPROF) { ... dump.stream() ... }
 * }
 * }</pre>
 */
public final class DumpInput implements Closeable {
  static final int BUFFER_SIZE = 1 << 16;
  private static final int SNIFF_LENGTH = 4096;

  private final Path path;
  private final Compression compression;
  private final DumpFormat format;
  private final InputStream stream;
  private final CountingInputStream file;
  private final long fileSize;

  private DumpInput(
      Path path,
      Compression compression,
      DumpFormat format,
      InputStream stream,
      CountingInputStream file,
      long fileSize) {
    this.path = path;
    this.compression = compression;
    this.format = format;
    this.stream = stream;
    this.file = file;
    this.fileSize = fileSize;
  }

  /**
   * Opens a dump file and detects its compression and format.
   *
   * @throws UnsupportedDumpException if the content is not a heap dump this analyzer reads; the
   *     message names what was found
   * @throws MalformedDumpException if the compressed stream is corrupt before its first bytes
   */
  public static DumpInput open(Path path) throws IOException {
    long size = Files.size(path);
    CountingInputStream file = new CountingInputStream(Files.newInputStream(path));
    try {
      BufferedInputStream raw = new BufferedInputStream(file, BUFFER_SIZE);
      byte[] magic = peek(raw, 4);
      Compression compression = Compression.detect(magic, magic.length);
      InputStream content;
      byte[] head;
      try {
        content =
            switch (compression) {
              case NONE -> raw;
              case GZIP ->
                  new BufferedInputStream(
                      new Decompressed(new GzipMembersInputStream(raw, BUFFER_SIZE), compression),
                      BUFFER_SIZE);
              case ZSTD ->
                  new BufferedInputStream(
                      new Decompressed(new ZstdInputStream(raw), compression), BUFFER_SIZE);
            };
        head = peek(content, SNIFF_LENGTH);
      } catch (EOFException | ZipException e) { // from the gzip header, read on construction
        throw corrupt(compression, 0, e);
      }
      DumpFormat format = FormatDetector.format(head);
      if (format == null) {
        String what = FormatDetector.describe(head);
        throw new UnsupportedDumpException(
            path
                + " is not a heap dump (HPROF or V8 heap snapshot): found "
                + what
                + (compression == Compression.NONE
                    ? ""
                    : " (" + compression.name().toLowerCase() + "-compressed)"));
      }
      return new DumpInput(path, compression, format, content, file, size);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static MalformedDumpException corrupt(
      Compression compression, long offset, IOException e) {
    return new MalformedDumpException(
        "the " + compression.name().toLowerCase() + " stream is truncated or corrupt: " + e,
        offset,
        e);
  }

  public Path path() {
    return path;
  }

  public Compression compression() {
    return compression;
  }

  public DumpFormat format() {
    return format;
  }

  /** The decompressed content, buffered, from its first byte. Closing it closes the file. */
  public InputStream stream() {
    return stream;
  }

  /** Size of the file on disk (compressed size, if compressed). */
  public long fileSize() {
    return fileSize;
  }

  /** How many bytes of the file have been read so far; with {@link #fileSize()}, a progress. */
  public long fileBytesRead() {
    return file.count;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  /** Up to {@code n} bytes from the start of {@code in}, leaving the stream where it was. */
  private static byte[] peek(InputStream in, int n) throws IOException {
    in.mark(n);
    byte[] head = in.readNBytes(n);
    in.reset();
    return head;
  }

  /**
   * A decompressing stream whose failures are reported as a malformed dump, with the offset in the
   * decompressed content: a truncated or corrupt compressed file is bad input, not an I/O failure.
   */
  private static final class Decompressed extends FilterInputStream {
    private final Compression compression;
    private long offset;
    private byte[] scratch;

    Decompressed(InputStream in, Compression compression) {
      super(in);
      this.compression = compression;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (IOException e) {
        throw corrupt(compression, offset, e);
      }
      if (n > 0) {
        offset += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      if (scratch == null) {
        scratch = new byte[BUFFER_SIZE];
      }
      long skipped = 0;
      while (skipped < n) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }
  }

  /** Counts the bytes read from the file, for progress reporting. */
  private static final class CountingInputStream extends FilterInputStream {
    private volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
