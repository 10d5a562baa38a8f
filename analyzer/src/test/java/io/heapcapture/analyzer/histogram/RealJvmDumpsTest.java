package io.heapcapture.analyzer.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.input.Compression;
import io.heapcapture.analyzer.input.DumpInput;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.Retainer;
import io.heapcapture.analyzer.testing.ChildJvm;
import io.heapcapture.analyzer.testing.RealisticApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real dumps of a realistic program ({@link RealisticApp}: HTTP server and client, XML, XSLT,
 * crypto, thread pools; about 4,000 classes) on each JDK the analyzer must read, with the default
 * collector (G1) and class data sharing, as a production JVM runs: plain {@code GC.heap_dump},
 * {@code -gz=1}, {@code -parallel=2} (JDK 22+) and {@code HeapDumpOnOutOfMemoryError}. Each dump
 * opens and its class counts equal {@code jcmd GC.class_histogram} of the idle JVM; the analysis
 * completes and names the orders as what fills the heap.
 *
 * <p>JDK 17 is the JDK running the tests unless {@code heapcapture.jdk17.home} is set; JDK 21 is
 * installed from PyPI by {@code dev/install-jdk21.sh} before the tests ({@code
 * heapcapture.jdk21.home}); JDK 25 is {@code heapcapture.jdk25.home}. A missing JDK fails the test.
 */
class RealJvmDumpsTest {
  private static final int ORDERS = 20_000;
  private static final String ORDER = RealisticApp.Order.class.getName();
  private static final String APP_LOADER = "jdk.internal.loader.ClassLoaders$AppClassLoader";
  private static final String JAVA_LANG_CLASS = "java.lang.Class";
  private static final String FILLER_ARRAY = "jdk.internal.vm.FillerElement[]";

  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 21, 25})
  void everyKindOfDumpOfARunningJvmOpensWithJcmdsCounts(int jdk) throws Exception {
    Path java = java(jdk);
    List<Path> dumps = new ArrayList<>();
    JcmdHistogram theirs;
    try (ChildJvm jvm =
        ChildJvm.start(java, RealisticApp.class, List.of("-Xmx256m"), "serve", "" + ORDERS)) {
      assertThat(jvm.jcmd("VM.version")).contains("JDK " + jdk + ".");
      assertThat(jvm.log()).contains("collectors: G1 Young Generation"); // the default collector
      dumps.add(jvm.heapDump(dir.resolve("plain.hprof")));
      theirs = JcmdHistogram.parse(jvm.jcmd("GC.class_histogram"));
      dumps.add(jvm.heapDump(dir.resolve("gz.hprof.gz"), "-gz=1"));
      if (jdk >= 22) { // -parallel=N came with JDK 22; jcmd fails on an unknown option
        dumps.add(jvm.heapDump(dir.resolve("parallel.hprof"), "-parallel=2"));
      }
    }
    try (DumpInput gz = DumpInput.open(dumps.get(1))) {
      assertThat(gz.compression()).isEqualTo(Compression.GZIP);
    }

    Map<String, List<Long>> jcmd = theirs.counts();
    long theirClassObjects = jcmd.remove(JAVA_LANG_CLASS).get(0);
    // Since JDK 21 G1 fills the gaps in its regions with int arrays of the class
    // jdk.internal.vm.FillerElement[] (JDK-8284435); jcmd counts them by that name, while a dump
    // writes them as what they are, primitive int arrays, which name no class.
    List<Long> fillers = jcmd.remove(FILLER_ARRAY);
    if (fillers != null) {
      jcmd.put("int[]", List.of(jcmd.getOrDefault("int[]", List.of(0L)).get(0) + fillers.get(0)));
    }
    ClassHistogram plain = null;
    for (Path dump : dumps) {
      ClassHistogram histogram = ClassHistogram.read(dump);
      Map<String, List<Long>> ours = JcmdHistogram.countsOf(histogram);
      long ourClassObjects = ours.remove(JAVA_LANG_CLASS).get(0);
      // With CDS the heap holds archived mirrors of classes never loaded: jcmd counts them as
      // java.lang.Class, a dump leaves them out. Every other class is equal.
      assertThat(JcmdHistogram.differences(ours, jcmd)).as(dump.toString()).isEmpty();
      assertThat(ourClassObjects).isBetween(3_000L, theirClassObjects);
      assertThat(histogram.entry(new HeapClass(ORDER, APP_LOADER)).orElseThrow().instances())
          .isEqualTo(ORDERS);
      if (plain == null) {
        plain = histogram;
      } else {
        assertThat(histogram.entries()).as(dump.toString()).isEqualTo(plain.entries());
      }
      System.out.printf(
          "JDK %d, %s: %d classes (jcmd: %d java.lang.Class), %d objects, %d bytes in the file%n",
          jdk,
          dump.getFileName(),
          ourClassObjects,
          theirClassObjects,
          histogram.totalInstances(),
          Files.size(dump));
    }

    AnalysisReport report = new HeapAnalyzer().analyze(dumps.get(0), null, Progress.NONE);
    assertThat(report.heap().objects()).isEqualTo(plain.totalInstances());
    assertOrdersFillTheHeap(report, true);
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 21, 25})
  void theDumpOfAnOutOfMemoryErrorOpens(int jdk) throws Exception {
    Path dumps = Files.createDirectories(dir.resolve("oom"));
    List<String> command =
        ChildJvm.command(
            java(jdk),
            RealisticApp.class,
            List.of(
                "-Xmx32m",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + dumps,
                "-XX:+ExitOnOutOfMemoryError"),
            "oom");
    Path log = dir.resolve("oom.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the JVM did not run out of memory: " + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(output).contains("java.lang.OutOfMemoryError", "Heap dump file created");
    assertThat(process.exitValue()).as(output).isEqualTo(3); // ExitOnOutOfMemoryError
    Path dump = dumps.resolve("java_pid" + process.pid() + ".hprof");
    assertThat(dump).exists();

    ClassHistogram histogram = ClassHistogram.read(dump);
    long orders = histogram.entry(new HeapClass(ORDER, APP_LOADER)).orElseThrow().instances();
    assertThat(orders).isGreaterThan(50_000); // most of 32 MiB
    AnalysisReport report = new HeapAnalyzer().analyze(dump, null, Progress.NONE);
    assertThat(report.heap().objects()).isEqualTo(histogram.totalInstances());
    assertOrdersFillTheHeap(report, false);
    System.out.printf(
        "JDK %d, OutOfMemoryError: %d orders, %d objects, %d bytes in the file%n",
        jdk, orders, histogram.totalInstances(), Files.size(dump));
  }

  /**
   * The largest retainer is the orders' list, and what it holds are the orders. (In an
   * OutOfMemoryError dump the shortest path to it may start at the frame of {@code ArrayList.add}
   * that was growing it, not at the static field.)
   */
  private static void assertOrdersFillTheHeap(AnalysisReport report, boolean byTheStaticField) {
    Retainer top = report.heap().topRetainers().get(0);
    assertThat(top.heldClass()).isEqualTo(ORDER);
    assertThat(top.pathText()).contains("ArrayList.elementData");
    if (byTheStaticField) {
      assertThat(top.pathText()).contains("OrderBook.ORDERS");
    }
    assertThat(top.retainedBytes()).isGreaterThan(report.heap().reachableBytes() / 2);
  }

  private static Path java(int jdk) throws IOException {
    String home =
        switch (jdk) {
          case 17 -> System.getProperty("heapcapture.jdk17.home", "");
          case 21 -> System.getProperty("heapcapture.jdk21.home", "");
          case 25 -> System.getProperty("heapcapture.jdk25.home", "");
          default -> throw new IllegalArgumentException("JDK " + jdk);
        };
    Path java = home.isEmpty() && jdk == 17 ? ChildJvm.JAVA : ChildJvm.javaOf(Path.of(home));
    if (home.isEmpty() && jdk != 17 || !Files.isExecutable(java)) {
      throw new IOException(
          "no JDK "
              + jdk
              + " at '"
              + home
              + "': set -Dheapcapture.jdk"
              + jdk
              + ".home (JDK 21: dev/install-jdk21.sh installs it, the build runs it)");
    }
    return java;
  }
}
