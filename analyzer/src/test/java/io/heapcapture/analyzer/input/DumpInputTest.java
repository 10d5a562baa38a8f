package io.heapcapture.analyzer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpInputTest {
  private static final byte[] HPROF = SampleHprof.bytes(8, true);
  private static final byte[] V8 =
      "{\"snapshot\":{\"meta\":{\"node_fields\":[]},\"node_count\":0},\"nodes\":[]}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void plainHprof() throws IOException {
    assertOpens(write("dump.bin", HPROF), DumpFormat.HPROF, Compression.NONE, HPROF);
  }

  @Test
  void gzipHprofOfOneOrManyMembers() throws IOException {
    assertOpens(write("a", gzip(HPROF)), DumpFormat.HPROF, Compression.GZIP, HPROF);
    // the JVM's -gz writes many gzip members, one after the other
    byte[] members =
        concat(gzip(Arrays.copyOf(HPROF, 100)), gzip(Arrays.copyOfRange(HPROF, 100, 250)));
    members = concat(members, gzip(Arrays.copyOfRange(HPROF, 250, HPROF.length)));
    assertOpens(write("b", members), DumpFormat.HPROF, Compression.GZIP, HPROF);
  }

  @Test
  void zstdHprof() throws IOException {
    assertOpens(write("c", Zstd.compress(HPROF)), DumpFormat.HPROF, Compression.ZSTD, HPROF);
  }

  @Test
  void v8SnapshotsPlainOrCompressed() throws IOException {
    assertOpens(write("d", V8), DumpFormat.V8_HEAP_SNAPSHOT, Compression.NONE, V8);
    byte[] spaced = ("\uFEFF \n {\n  \"snapshot\" : {}}").getBytes(StandardCharsets.UTF_8);
    assertOpens(write("e", spaced), DumpFormat.V8_HEAP_SNAPSHOT, Compression.NONE, spaced);
    assertOpens(write("f", gzip(V8)), DumpFormat.V8_HEAP_SNAPSHOT, Compression.GZIP, V8);
    assertOpens(write("g", Zstd.compress(V8)), DumpFormat.V8_HEAP_SNAPSHOT, Compression.ZSTD, V8);
  }

  @Test
  void theFileNameIsIgnored() throws IOException {
    assertOpens(
        write("dump.hprof.gz", Zstd.compress(V8)),
        DumpFormat.V8_HEAP_SNAPSHOT,
        Compression.ZSTD,
        V8);
    assertOpens(write("Heap.1.heapsnapshot", HPROF), DumpFormat.HPROF, Compression.NONE, HPROF);
  }

  @Test
  void foreignContentIsNamedInTheError() throws IOException {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    assertUnsupported(png, "found a PNG image");
    assertUnsupported(gzip(png), "found a PNG image (gzip-compressed)");
    byte[] random = new byte[1000];
    new Random(7).nextBytes(random);
    random[0] = 0x03;
    random[1] = 0x01;
    assertUnsupported(random, "found binary data starting with 03 01");
    assertUnsupported(
        "{\"nodes\": [1, 2], \"snapshot\": {}}".getBytes(StandardCharsets.UTF_8),
        "a JSON object whose first key is \"nodes\"");
    assertUnsupported("[1,2,3]".getBytes(StandardCharsets.UTF_8), "text starting with \"[1,2,3]\"");
    assertUnsupported(new byte[0], "found an empty file");
    assertUnsupported(new byte[] {'P', 'K', 3, 4, 20, 0}, "a ZIP archive");
    assertUnsupported(
        "JAVA PROFILE 6.0.1\0".getBytes(StandardCharsets.US_ASCII),
        "an HPROF file of an unsupported version");
    assertUnsupported(
        new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0},
        "xz-compressed data (only gzip and zstd");
  }

  @Test
  void truncatedOrCorruptCompressedStreamsAreMalformed() throws IOException {
    byte[] gz = gzip(HPROF);
    Path truncated = write("t.gz", Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(
            () -> {
              try (DumpInput input = DumpInput.open(truncated)) {
                input.stream().readAllBytes();
              }
            })
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining("the gzip stream is truncated or corrupt");
    byte[] zst = Zstd.compress(HPROF);
    Path truncatedZstd = write("t.zst", Arrays.copyOf(zst, zst.length - 10));
    assertThatThrownBy(
            () -> {
              try (DumpInput input = DumpInput.open(truncatedZstd)) {
                input.stream().readAllBytes();
              }
            })
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining("the zstd stream is truncated or corrupt");
    byte[] garbage = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 1, 2, 3, 4, 5, 6, 7, 8};
    assertThatThrownBy(() -> DumpInput.open(write("z", garbage)).close())
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining("zstd");
    assertThatThrownBy(() -> DumpInput.open(write("h", new byte[] {0x1f, (byte) 0x8b})).close())
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining("gzip");
  }

  @Test
  void reportsFileBytesReadForProgress() throws IOException {
    byte[] gz = gzip(HPROF);
    try (DumpInput input = DumpInput.open(write("p.gz", gz))) {
      input.stream().readAllBytes();
      assertThat(input.fileSize()).isEqualTo(gz.length);
      assertThat(input.fileBytesRead()).isEqualTo(gz.length);
    }
  }

  private void assertOpens(Path file, DumpFormat format, Compression compression, byte[] content)
      throws IOException {
    try (DumpInput input = DumpInput.open(file)) {
      assertThat(input.format()).isEqualTo(format);
      assertThat(input.compression()).isEqualTo(compression);
      try (InputStream in = input.stream()) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
  }

  private void assertUnsupported(byte[] content, String message) throws IOException {
    Path file = write("foreign", content);
    assertThatThrownBy(() -> DumpInput.open(file).close())
        .isInstanceOf(UnsupportedDumpException.class)
        .hasMessageContaining("is not a heap dump (HPROF or V8 heap snapshot)")
        .hasMessageContaining(message);
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
