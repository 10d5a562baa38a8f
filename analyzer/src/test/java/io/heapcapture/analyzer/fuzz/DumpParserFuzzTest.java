package io.heapcapture.analyzer.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heapcapture.analyzer.histogram.ClassHistogram;
import io.heapcapture.analyzer.hprof.HprofGraphLoader;
import io.heapcapture.analyzer.hprof.HprofReader;
import io.heapcapture.analyzer.hprof.HprofVisitor;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.v8.V8Histogram;
import io.heapcapture.analyzer.v8.V8SnapshotLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * Jazzer fuzz targets for both dump parsers: any input ends in a result or a clear error
 * (Malformed/UnsupportedDumpException); any other exception, an OutOfMemoryError, a
 * StackOverflowError or a run longer than {@link #LIMIT} is a finding.
 *
 * <p>In {@code ./mvnw verify} (no JAZZER_FUZZ) Jazzer runs in regression mode: no mutation, so
 * {@code maxDuration} does not apply; each target runs once on the empty input and once per file in
 * {@code src/test/resources/io/heapcapture/analyzer/fuzz/DumpParserFuzzTestInputs/<method>/}: the
 * sample HPROF of {@code SampleHprof} at id size 8 (segments) and 4 (one HEAP_DUMP), and {@code
 * TinySnapshot.sample()}. The cases take about a second; loading Jazzer's agent adds a few more.
 * The HPROF seeds have no {@code .hprof} suffix because the root .gitignore ignores that suffix.
 *
 * <p>The build then fuzzes each target for real, briefly: the analyzer's pom has two more surefire
 * executions, {@code fuzz-hprof} and {@code fuzz-v8}, with JAZZER_FUZZ=1 and one target each
 * (Jazzer fuzzes one per JVM run), for {@code heapcapture.fuzzDuration} (10 s). To fuzz longer:
 *
 * <pre>
 * ./mvnw -o -pl analyzer test -Dheapcapture.fuzzDuration=10m
 * </pre>
 *
 * A crashing input is written next to the seeds as {@code crash-<sha1>}, so the next plain run
 * replays it; once the parser is fixed, keep it there under a telling name. The corpus grown while
 * fuzzing goes to {@code analyzer/.cifuzz-corpus/}; do not commit it.
 */
class DumpParserFuzzTest {
  /** Inputs beyond this are cut: findings should stay small enough to read, and runs fast. */
  private static final int MAX_INPUT = 64 * 1024;

  private static final Duration LIMIT = Duration.ofSeconds(5);

  @FuzzTest(maxDuration = "60s")
  void hprof(byte[] input) {
    byte[] dump = bounded(input);
    parse(
        () -> {
          HprofReader.open(stream(dump)).accept(new HprofVisitor() {});
          ClassHistogram.read(stream(dump), null);
          HprofGraphLoader.load(() -> stream(dump));
        });
  }

  @FuzzTest(maxDuration = "60s")
  void v8(byte[] input) {
    byte[] snapshot = bounded(input);
    parse(
        () -> {
          V8SnapshotLoader.load(stream(snapshot));
          V8Histogram.read(stream(snapshot));
        });
  }

  private interface Parse {
    void run() throws Exception;
  }

  /** Runs the parsers under a time limit; the two dump exceptions are the accepted failures. */
  private static void parse(Parse parse) {
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try {
            parse.run();
          } catch (MalformedDumpException | UnsupportedDumpException expected) {
            // a clear error for a bad dump
          }
        });
  }

  private static byte[] bounded(byte[] input) {
    return input.length <= MAX_INPUT ? input : Arrays.copyOf(input, MAX_INPUT);
  }

  private static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
