package io.heapcapture.analyzer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipMembersInputStreamTest {
  private static final byte[] CONTENT = content(3_000_000);

  @TempDir Path dir;

  /**
   * Members split at odd places, some empty, one with a file name and comment, read from a source
   * that hands out a few bytes at a time and never says more are available (a pipe or socket).
   */
  @Test
  void readsEveryMemberToTheEndOfTheFile() throws IOException {
    byte[] members = manyMembers(CONTENT, 997);

    assertThat(readAll(new GzipMembersInputStream(new Trickle(members, 13), 64)))
        .isEqualTo(CONTENT);
    assertThat(readAll(new GzipMembersInputStream(new Trickle(members, 1 << 16), 1 << 16)))
        .isEqualTo(CONTENT);
    // The JDK's GZIPInputStream stops at the first member boundary it reaches while the source
    // reports nothing available: what this class exists for.
    assertThat(readAll(new GZIPInputStream(new Trickle(members, 13), 64)).length)
        .isLessThan(CONTENT.length);
  }

  @Test
  void headerWithNameCommentExtraAndHeaderCrc() throws IOException {
    byte[] member = gzip(Arrays.copyOf(CONTENT, 1000));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    out.write(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA
    out.write(new byte[] {'d', '.', 'h', 0}); // FNAME
    out.write(new byte[] {'h', 'i', 0}); // FCOMMENT
    out.write(new byte[] {0, 0}); // FHCRC (not checked)
    out.write(member, 10, member.length - 10);
    out.write(gzip(Arrays.copyOfRange(CONTENT, 1000, 2000)));
    assertThat(readAll(new GzipMembersInputStream(new Trickle(out.toByteArray(), 5), 16)))
        .isEqualTo(Arrays.copyOf(CONTENT, 2000));
  }

  @Test
  void garbageAfterAMemberIsAnErrorNotTheEnd() {
    byte[] bad = concat(gzip(Arrays.copyOf(CONTENT, 5000)), new byte[] {1, 2, 3, 4, 5, 6});
    assertThatThrownBy(() -> readAll(new GzipMembersInputStream(new Trickle(bad, 100), 64)))
        .isInstanceOf(ZipException.class)
        .hasMessageContaining("garbage after gzip member 1");
  }

  @Test
  void aFileThatEndsInsideAMemberIsTruncated() {
    byte[] members = manyMembers(Arrays.copyOf(CONTENT, 100_000), 7);
    for (int cut : new int[] {members.length - 1, members.length - 5, members.length / 2, 12}) {
      byte[] truncated = Arrays.copyOf(members, cut);
      assertThatThrownBy(() -> readAll(new GzipMembersInputStream(new Trickle(truncated, 99), 64)))
          .as("cut at %d of %d", cut, members.length)
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void aWrongChecksumIsCorrupt() {
    byte[] member = gzip(Arrays.copyOf(CONTENT, 5000));
    member[member.length - 8] ^= 1;
    assertThatThrownBy(() -> readAll(new GzipMembersInputStream(new Trickle(member, 100), 64)))
        .isInstanceOf(ZipException.class)
        .hasMessageContaining("CRC");
  }

  @Test
  void dumpInputReadsAllMembersAndReportsACutOneAsMalformed() throws IOException {
    byte[] members = manyMembers(hprofLike(), 50);
    Path file = Files.write(dir.resolve("dump.hprof.gz"), members);
    try (DumpInput input = DumpInput.open(file)) {
      assertThat(input.compression()).isEqualTo(Compression.GZIP);
      assertThat(input.stream().readAllBytes()).isEqualTo(hprofLike());
    }
    Path cut = Files.write(dir.resolve("cut.hprof.gz"), Arrays.copyOf(members, members.length - 3));
    try (DumpInput input = DumpInput.open(cut)) {
      assertThatThrownBy(() -> input.stream().readAllBytes())
          .isInstanceOf(MalformedDumpException.class)
          .hasMessageContaining("truncated or corrupt");
    }
  }

  private static byte[] hprofLike() {
    return concat("JAVA PROFILE 1.0.2\0".getBytes(), Arrays.copyOf(CONTENT, 200_000));
  }

  /**
   * {@code content} in members of random sizes (mean {@code content.length / count}), some empty.
   */
  private static byte[] manyMembers(byte[] content, int count) {
    Random random = new Random(count);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    for (int i = 0; i < count - 1 && at < content.length; i++) {
      int n = i % 10 == 3 ? 0 : random.nextInt(2 * content.length / count + 1);
      n = Math.min(n, content.length - at);
      out.writeBytes(gzip(Arrays.copyOfRange(content, at, at + n)));
      at += n;
    }
    out.writeBytes(gzip(Arrays.copyOfRange(content, at, content.length)));
    return out.toByteArray();
  }

  private static byte[] content(int length) {
    Random random = new Random(42);
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : i / 64); // compressible
    }
    return b;
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** At most {@code chunk} bytes per read, and never anything "available". */
  private static final class Trickle extends ByteArrayInputStream {
    private final int chunk;

    Trickle(byte[] bytes, int chunk) {
      super(bytes);
      this.chunk = chunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, chunk));
    }

    @Override
    public synchronized int available() {
      return 0;
    }
  }
}
