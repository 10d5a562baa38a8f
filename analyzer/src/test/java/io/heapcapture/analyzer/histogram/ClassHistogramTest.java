package io.heapcapture.analyzer.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.histogram.ClassHistogram.Entry;
import io.heapcapture.analyzer.hprof.HprofGraphLoader;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.testing.HprofBytes;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassHistogramTest {
  private static final String MY_LOADER = "com.example.MyLoader";

  @TempDir Path dir;

  @Test
  void countsAndSizesTheSampleHeapAt64Bit() throws IOException {
    ClassHistogram histogram = read(SampleHprof.bytes(8, true));
    // 64-bit, compressed oops: 12-byte header, 4-byte references, arrays 16 + elements, align 8
    assertThat(histogram.entries())
        .containsExactlyInAnyOrder(
            entry("com.example.Node", MY_LOADER, 3, 3 * 24),
            entry("com.example.Special", MY_LOADER, 1, 32),
            entry("com.example.Node", "", 1, 16),
            entry("com.example.MyLoader", "", 1, 16),
            entry("com.example.Node[]", MY_LOADER, 1, 32),
            entry("int[][]", "", 1, 24),
            entry("int[]", "", 1, 32),
            entry("byte[]", "", 1, 32),
            entry("long[]", "", 1, 32),
            // class objects: java.lang.Class's own field, plus Special's static field
            entry("java.lang.Class", "", SampleHprof.CLASSES, 8 * 16 + 24));
    assertThat(histogram.totalInstances()).isEqualTo(SampleHprof.OBJECTS);
    assertThat(histogram.entries().get(0).heapClass().name()).isEqualTo("java.lang.Class");
  }

  @Test
  void countsAndSizesTheSampleHeapAt32Bit() throws IOException {
    ClassHistogram histogram = read(SampleHprof.bytes(4, false));
    // 32-bit: 8-byte header, arrays 12 + elements, align 8
    assertThat(histogram.entries())
        .containsExactlyInAnyOrder(
            entry("com.example.Node", MY_LOADER, 3, 3 * 16),
            entry("com.example.Special", MY_LOADER, 1, 32),
            entry("com.example.Node", "", 1, 16),
            entry("com.example.MyLoader", "", 1, 16),
            entry("com.example.Node[]", MY_LOADER, 1, 24),
            entry("int[][]", "", 1, 16),
            entry("int[]", "", 1, 24),
            entry("byte[]", "", 1, 24),
            entry("long[]", "", 1, 32),
            entry("java.lang.Class", "", SampleHprof.CLASSES, 9 * 16));
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8})
  void plainGzipAndZstdFilesGiveTheSameHistogram(int idSize) throws IOException {
    byte[] dump = SampleHprof.bytes(idSize, true);
    ClassHistogram plain = ClassHistogram.read(Files.write(dir.resolve("plain"), dump));
    ClassHistogram gzip = ClassHistogram.read(Files.write(dir.resolve("gz"), gzip(dump)));
    ClassHistogram zstd = ClassHistogram.read(Files.write(dir.resolve("zst"), Zstd.compress(dump)));
    assertThat(gzip.entries()).isEqualTo(plain.entries());
    assertThat(zstd.entries()).isEqualTo(plain.entries());
    assertThat(plain.entries()).isEqualTo(read(dump).entries());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8})
  void theGraphHasTheSameObjectsAsTheHistogram(int idSize) throws IOException {
    byte[] dump = SampleHprof.bytes(idSize, true);
    ClassHistogram streamed = read(dump);
    ClassHistogram ofGraph =
        ClassHistogram.of(HprofGraphLoader.load(() -> new ByteArrayInputStream(dump)));
    assertThat(ofGraph.entries()).isEqualTo(streamed.entries());
  }

  @Test
  void aFileTruncatedInsideALargeArrayIsMalformed() throws IOException {
    // A file skips forward past its end without complaint: the reader must notice anyway.
    HprofBytes h = new HprofBytes(8);
    h.primitiveArray(1, HprofBytes.BYTE, 1 << 20).heapDump(0x0c);
    byte[] dump = h.toByteArray();
    for (int cut : new int[] {dump.length - 1, dump.length - 70_000, dump.length / 2}) {
      Path file = Files.write(dir.resolve("cut" + cut), Arrays.copyOf(dump, cut));
      assertThatThrownBy(() -> ClassHistogram.read(file))
          .isInstanceOf(MalformedDumpException.class)
          .hasMessageContaining("truncated");
      assertThatThrownBy(
              () -> {
                try (InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()))) {
                  ClassHistogram.read(in, null);
                }
              })
          .isInstanceOf(MalformedDumpException.class)
          .hasMessageContaining("truncated");
    }
    assertThat(ClassHistogram.read(Files.write(dir.resolve("whole"), dump)).totalInstances())
        .isEqualTo(1);
  }

  @Test
  void aV8SnapshotIsNotReadAsHprof() throws IOException {
    Path v8 = Files.write(dir.resolve("v8"), "{\"snapshot\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ClassHistogram.read(v8))
        .isInstanceOf(UnsupportedDumpException.class)
        .hasMessageContaining("V8_HEAP_SNAPSHOT");
  }

  @Test
  void entriesOfTheSameClassAreAddedUp() {
    ClassHistogram h =
        new ClassHistogram(
            java.util.List.of(
                entry("a.B", "", 1, 16), entry("a.B", "", 2, 32), entry("a.B", "L", 1, 8)));
    assertThat(h.entries()).containsExactly(entry("a.B", "", 3, 48), entry("a.B", "L", 1, 8));
    assertThat(h.entry(new HeapClass("a.B", "L"))).contains(entry("a.B", "L", 1, 8));
  }

  static ClassHistogram read(byte[] dump) throws IOException {
    return ClassHistogram.read(new ByteArrayInputStream(dump), null);
  }

  static Entry entry(String name, String loader, long instances, long bytes) {
    return new Entry(new HeapClass(name, loader), instances, bytes);
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }
}
