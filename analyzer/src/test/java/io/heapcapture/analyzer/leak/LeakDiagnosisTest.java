package io.heapcapture.analyzer.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.ClassGrowth;
import io.heapcapture.analyzer.report.LeakSuspect;
import io.heapcapture.analyzer.testing.ChocolateFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnosis end to end on a real JVM: two dumps of a leaking process, taken by the JVM itself,
 * analysed against each other; the report must name the leaking class, the static field that holds
 * it, and the growth.
 */
class LeakDiagnosisTest {
  private static final String CHOCOLATE = ChocolateFactory.class.getName() + "$Chocolate";
  private Process jvm;

  @AfterEach
  void stop() throws InterruptedException {
    if (jvm != null) {
      jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void namesTheGrowingChocolateBoxAndItsStaticField(@TempDir Path dir) throws Exception {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    jvm =
        new ProcessBuilder(
                java.toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ChocolateFactory.class.getName())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter in = new PrintWriter(jvm.getOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(out.readLine()).isEqualTo("ready");

    in.println(2_000);
    assertThat(out.readLine()).isEqualTo("box 2000");
    Path first = dump(java, dir.resolve("first.hprof"));
    in.println(8_000);
    assertThat(out.readLine()).isEqualTo("box 10000");
    Path second = dump(java, dir.resolve("second.hprof"));

    AnalysisReport report = new HeapAnalyzer().analyze(second, first, Progress.NONE);

    ClassGrowth chocolates =
        report.diff().classes().stream()
            .filter(g -> g.className().equals(CHOCOLATE))
            .findFirst()
            .orElseThrow();
    assertThat(chocolates.instancesBefore()).isEqualTo(2_000);
    assertThat(chocolates.instancesAfter()).isEqualTo(10_000);
    assertThat(report.diff().classes().get(0).className()).as("grew most").isIn("int[]", CHOCOLATE);

    List<LeakSuspect> suspects = report.suspects();
    assertThat(suspects).isNotEmpty();
    LeakSuspect first1 = suspects.get(0);
    assertThat(first1.confidence()).isEqualTo(LeakSuspect.HIGH);
    assertThat(first1.heapShare()).isGreaterThan(0.5);
    assertThat(first1.growthBytes()).isGreaterThan(6_000L * 256 * 4);
    assertThat(first1.className()).isEqualTo(CHOCOLATE);
    assertThat(first1.instances()).isEqualTo(10_000);
    assertThat(first1.instancesGrowth()).isEqualTo(8_000);
    assertThat(first1.holder()).isEqualTo("static " + ChocolateFactory.class.getName() + ".BOX");
    assertThat(first1.path())
        .contains(
            "static "
                + ChocolateFactory.class.getName()
                + ".BOX → java.util.ArrayList.elementData");
    assertThat(first1.sentence())
        .startsWith("10000 " + CHOCOLATE + " objects (+8000 since the baseline) accumulate in one")
        .contains("held by static " + ChocolateFactory.class.getName() + ".BOX");
    System.out.println(first1.sentence());
  }

  private Path dump(Path java, Path file) throws Exception {
    Process jcmd =
        new ProcessBuilder(
                java.resolveSibling("jcmd").toString(),
                Long.toString(jvm.pid()),
                "GC.heap_dump",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("Heap dump file created");
    return file;
  }
}
