package io.heapcapture.analyzer.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.hprof.HprofGraphLoader;
import io.heapcapture.analyzer.input.Compression;
import io.heapcapture.analyzer.input.DumpInput;
import io.heapcapture.analyzer.testing.ChildJvm;
import io.heapcapture.analyzer.testing.Payload;
import io.heapcapture.analyzer.testing.SyntheticHeap;
import io.heapcapture.analyzer.testing.SyntheticHeap.Shape;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The histogram of a real heap dump against the JVM's own count ({@code jcmd GC.class_histogram}),
 * taken right after the dump from a JVM that does nothing. Class data sharing is off in the child:
 * with it, the heap holds archived mirrors of classes not yet loaded, which the class histogram
 * counts as {@code java.lang.Class} and a heap dump leaves out (see {@link
 * #withClassDataSharingOnlyArchivedClassMirrorsDiffer}).
 */
class JvmHistogramTest {
  private static final List<String> NO_CDS = List.of("-Xshare:off", "-Xmx256m");
  private static final String TESTING = "io.heapcapture.analyzer.testing.";

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Shape.class)
  void instanceCountsEqualTheJvmsOwnForEveryClass(Shape shape) throws Exception {
    try (ChildJvm jvm = ChildJvm.start(SyntheticHeap.class, NO_CDS, shape.name())) {
      jvm.jcmd("VM.version"); // starts the attach listener thread before anything is counted
      Path dump = jvm.heapDump(dir.resolve(shape + ".hprof"));
      JcmdHistogram theirs = JcmdHistogram.parse(jvm.jcmd("GC.class_histogram"));
      ClassHistogram ours = ClassHistogram.read(dump);

      assertThat(JcmdHistogram.countsOf(ours)).isEqualTo(theirs.counts());
      assertThat(theirs.counts()).hasSizeGreaterThan(150);
      report(shape, ours, theirs);
      switch (shape) {
        case RECORDS -> {
          assertThat(count(ours, TESTING + "SyntheticHeap$Point")).isEqualTo(1234 + 150);
          assertThat(count(ours, TESTING + "SyntheticHeap$ColoredPoint")).isEqualTo(567);
          assertThat(count(ours, TESTING + "SyntheticHeap$Node")).isEqualTo(5000);
        }
        case LOADERS -> {
          String app = "jdk.internal.loader.ClassLoaders$AppClassLoader";
          assertThat(
                  ours.entry(new HeapClass(Payload.class.getName(), app)).orElseThrow().instances())
              .isEqualTo(100);
          assertThat(
                  ours.entry(new HeapClass(Payload.class.getName(), TESTING + "IsolatingLoader"))
                      .orElseThrow()
                      .instances())
              .isEqualTo(200);
          assertThat(
                  ours.entry(
                          new HeapClass(Payload.class.getName(), TESTING + "IsolatingLoader$Other"))
                      .orElseThrow()
                      .instances())
              .isEqualTo(300);
          assertThat(ours.entries())
              .anySatisfy(
                  e ->
                      assertThat(e.heapClass().name())
                          .matches(".*\\$\\$Lambda\\$\\d+/0x[0-9a-f]+"));
        }
        case COLLECTIONS ->
            assertThat(count(ours, TESTING + "SyntheticHeap$LeakyEntry")).isEqualTo(1000);
      }
    }
  }

  @Test
  void withClassDataSharingOnlyArchivedClassMirrorsDiffer() throws Exception {
    try (ChildJvm jvm = ChildJvm.start(SyntheticHeap.class, List.of("-Xmx256m"), "RECORDS")) {
      jvm.jcmd("VM.version");
      Path dump = jvm.heapDump(dir.resolve("cds.hprof"));
      JcmdHistogram theirs = JcmdHistogram.parse(jvm.jcmd("GC.class_histogram"));
      Map<String, List<Long>> ours = JcmdHistogram.countsOf(ClassHistogram.read(dump));

      List<Long> theirClasses = theirs.counts().remove("java.lang.Class");
      List<Long> ourClasses = ours.remove("java.lang.Class");
      assertThat(ours).isEqualTo(theirs.counts());
      assertThat(ourClasses.get(0)).isLessThan(theirClasses.get(0));
      System.out.printf(
          "with CDS: java.lang.Class %d in the dump, %d in jcmd's histogram%n",
          ourClasses.get(0), theirClasses.get(0));
    }
  }

  @Test
  void gzipFromTheJvmZstdAndPlainDumpsGiveTheSameHistogram() throws Exception {
    try (ChildJvm jvm = ChildJvm.start(SyntheticHeap.class, NO_CDS, "COLLECTIONS")) {
      jvm.jcmd("VM.version");
      Path plain = jvm.heapDump(dir.resolve("plain.hprof"));
      Path gzip = jvm.heapDump(dir.resolve("jvm.hprof.gz"), "-gz=1");
      Path zstd = dir.resolve("plain.hprof.zst");
      try (InputStream in = Files.newInputStream(plain);
          OutputStream out = new ZstdOutputStream(Files.newOutputStream(zstd), 3)) {
        in.transferTo(out);
      }
      assertThat(gzipMembers(gzip)).isGreaterThan(1); // the JVM writes many concatenated members
      try (DumpInput input = DumpInput.open(gzip)) {
        assertThat(input.compression()).isEqualTo(Compression.GZIP);
      }

      ClassHistogram fromPlain = ClassHistogram.read(plain);
      assertThat(ClassHistogram.read(gzip).entries()).isEqualTo(fromPlain.entries());
      assertThat(ClassHistogram.read(zstd).entries()).isEqualTo(fromPlain.entries());
      assertThat(JcmdHistogram.countsOf(fromPlain))
          .isEqualTo(JcmdHistogram.parse(jvm.jcmd("GC.class_histogram")).counts());
    }
  }

  @Test
  void theGraphOfARealDumpHasEveryObjectAndTheFieldsThatHoldThem() throws Exception {
    try (ChildJvm jvm = ChildJvm.start(SyntheticHeap.class, NO_CDS, "COLLECTIONS")) {
      Path dump = jvm.heapDump(dir.resolve("graph.hprof"));
      HeapGraph graph = HprofGraphLoader.load(dump);
      ClassHistogram histogram = ClassHistogram.read(dump);
      assertThat((long) graph.nodeCount()).isEqualTo(histogram.totalInstances());

      // static ENTRIES -> ArrayList -> elementData -> Object[] -> [0] -> LeakyEntry
      int holder = classObject(graph, TESTING + "SyntheticHeap");
      int list = target(graph, holder, "static ENTRIES");
      assertThat(graph.heapClass(graph.classOf(list)).name()).isEqualTo("java.util.ArrayList");
      int elements = target(graph, list, "elementData");
      assertThat(graph.heapClass(graph.classOf(elements)).name()).isEqualTo("java.lang.Object[]");
      int entry = target(graph, elements, "[0]");
      assertThat(graph.heapClass(graph.classOf(entry)).name())
          .isEqualTo(TESTING + "SyntheticHeap$LeakyEntry");
      int payload = target(graph, entry, "payload");
      assertThat(graph.heapClass(graph.classOf(payload)).name()).isEqualTo("byte[]");
      assertThat(graph.shallowSize(payload)).isEqualTo(16 + 104); // byte[100], aligned to 8
      assertThat(reachableFromRoots(graph)[entry]).isTrue();
    }
  }

  private static void report(Shape shape, ClassHistogram ours, JcmdHistogram theirs) {
    Map<String, Long> ourBytes = JcmdHistogram.bytesOf(ours);
    long sameBytes =
        ourBytes.entrySet().stream()
            .filter(e -> e.getValue().equals(theirs.bytes().get(e.getKey())))
            .count();
    System.out.printf(
        "%s: %d classes, %d instances equal; bytes: ours %d, jcmd %d (%.1f%%), equal for %d classes%n",
        shape,
        theirs.counts().size(),
        ours.totalInstances(),
        ours.totalBytes(),
        theirs.totalBytes(),
        100.0 * (ours.totalBytes() - theirs.totalBytes()) / theirs.totalBytes(),
        sameBytes);
  }

  private static long count(ClassHistogram histogram, String name) {
    return histogram.entries().stream()
        .filter(e -> e.heapClass().name().equals(name))
        .mapToLong(ClassHistogram.Entry::instances)
        .sum();
  }

  private static int classObject(HeapGraph graph, String name) {
    for (int n = 0; n < graph.nodeCount(); n++) {
      if (graph.isClassObject(n) && graph.heapClass(graph.classOf(n)).name().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no class object " + name);
  }

  private static int target(HeapGraph graph, int node, String edgeName) {
    for (int e = graph.firstEdge(node); e < graph.endEdge(node); e++) {
      if (graph.edgeName(e).equals(edgeName)) {
        return graph.edgeTarget(e);
      }
    }
    return -1;
  }

  private static boolean[] reachableFromRoots(HeapGraph graph) {
    boolean[] seen = new boolean[graph.nodeCount()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int r : graph.roots()) {
      seen[r] = true;
      queue.add(r);
    }
    while (!queue.isEmpty()) {
      int n = queue.poll();
      for (int e = graph.firstEdge(n); e < graph.endEdge(n); e++) {
        int t = graph.edgeTarget(e);
        if (!seen[t]) {
          seen[t] = true;
          queue.add(t);
        }
      }
    }
    return seen;
  }

  /** Counts the gzip members of a file, inflating each one to find where the next starts. */
  private static int gzipMembers(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int members = 0;
    int at = 0;
    byte[] sink = new byte[1 << 16];
    while (at < bytes.length) {
      assertThat(bytes[at] & 0xff).isEqualTo(0x1f);
      assertThat(bytes[at + 1] & 0xff).isEqualTo(0x8b);
      int flags = bytes[at + 3];
      int header = 10;
      if ((flags & 4) != 0) { // FEXTRA
        header += 2 + ((bytes[at + 10] & 0xff) | (bytes[at + 11] & 0xff) << 8);
      }
      if ((flags & 8) != 0) { // FNAME
        while (bytes[at + header++] != 0) {}
      }
      if ((flags & 16) != 0) { // FCOMMENT
        while (bytes[at + header++] != 0) {}
      }
      if ((flags & 2) != 0) { // FHCRC
        header += 2;
      }
      Inflater inflater = new Inflater(true);
      inflater.setInput(bytes, at + header, bytes.length - at - header);
      while (!inflater.finished()) {
        inflater.inflate(sink);
      }
      at = bytes.length - inflater.getRemaining() + 8; // the CRC32 and size trailer
      inflater.end();
      members++;
    }
    return members;
  }
}
