package io.heapcapture.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every class of failure of {@code analyze} ends in exactly one line on stderr and its documented
 * exit code; the stack trace follows only with {@code --verbose}.
 */
class AnalyzeFailuresTest {
  private static final String STACK_FRAME = "\tat ";

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(AnalyzeCommand.Analysis analysis, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    AnalyzeCommand command =
        analysis == null
            ? new AnalyzeCommand(o, e, new HttpTransfer(Duration.ofMillis(10)))
            : new AnalyzeCommand(o, e, new HttpTransfer(Duration.ofMillis(10)), analysis);
    return AnalyzeCommand.run(args, command);
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** Exactly one line, {@code analyze: ...}, and no stack trace. */
  private String theOneLine() {
    List<String> lines = errLines();
    assertThat(lines).as("stderr").hasSize(1);
    assertThat(lines.get(0)).startsWith("analyze: ").doesNotContain(STACK_FRAME);
    return lines.get(0);
  }

  /** The line first, then the stack trace of the failure. */
  private void lineThenStackTrace(String line, String exceptionClass) {
    List<String> lines = errLines();
    assertThat(lines.get(0)).isEqualTo(line);
    assertThat(lines.size()).isGreaterThan(2);
    assertThat(lines.get(1)).startsWith(exceptionClass);
    assertThat(lines.get(2)).startsWith(STACK_FRAME);
  }

  private void verboseAgain(String line, String exceptionClass, int exit, Runnable rerun) {
    err.reset();
    rerun.run();
    lineThenStackTrace(line, exceptionClass);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void notAHeapDump(boolean verbose) throws IOException {
    Path png = Files.write(dir.resolve("dump.hprof"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13});
    int exit = run(null, args(verbose, "--quiet", png.toString()));

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    if (verbose) {
      lineThenStackTrace(
          errLines().get(0), "io.heapcapture.analyzer.input.UnsupportedDumpException");
      assertThat(errLines().get(0)).contains("is not a heap dump");
    } else {
      assertThat(theOneLine()).contains(png.toString()).contains("is not a heap dump");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void truncatedDump(boolean verbose) throws IOException {
    byte[] whole = SampleHprof.bytes(8, true);
    Path cut = Files.write(dir.resolve("cut.hprof"), Arrays.copyOf(whole, whole.length / 2));
    int exit = run(null, args(verbose, "--quiet", cut.toString()));

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    if (verbose) {
      lineThenStackTrace(errLines().get(0), "io.heapcapture.analyzer.input.MalformedDumpException");
    } else {
      assertThat(theOneLine()).contains("byte offset");
    }
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("nothing-here.hprof");
    assertThat(run(null, "--quiet", missing.toString())).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    assertThat(theOneLine()).isEqualTo("analyze: " + missing + ": no such file");
  }

  @Test
  void badArguments() {
    assertThat(run(null, "--no-such-option", "x.hprof")).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    assertThat(theOneLine()).contains("--no-such-option").contains("--help");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void internalErrorNamesTheExceptionAndWhereItHappened(boolean verbose) throws IOException {
    Path dump = Files.write(dir.resolve("ok.hprof"), SampleHprof.bytes(8, true));
    int exit = run((d, b, p) -> bug(new int[3]), args(verbose, dump.toString()));

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_INTERNAL_ERROR);
    int line = bugLine();
    String expected =
        "analyze: internal error: ArrayIndexOutOfBoundsException (Index 3 out of bounds for length"
            + " 3) at AnalyzeFailuresTest.java:"
            + line
            + "; rerun with --verbose for the stack trace";
    if (verbose) {
      lineThenStackTrace(expected, "java.lang.ArrayIndexOutOfBoundsException");
    } else {
      assertThat(theOneLine()).isEqualTo(expected);
    }
    assertThat(out.size()).isZero();
  }

  /** What HotSpot throws from hot compiled code: a preallocated exception with no stack trace. */
  @Test
  void internalErrorWithoutAStackTraceSaysHowToGetOne() throws IOException {
    Path dump = Files.write(dir.resolve("ok.hprof"), SampleHprof.bytes(8, true));
    ArrayIndexOutOfBoundsException fast = new ArrayIndexOutOfBoundsException();
    fast.setStackTrace(new StackTraceElement[0]);
    int exit =
        run(
            (d, b, p) -> {
              throw fast;
            },
            dump.toString());

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_INTERNAL_ERROR);
    assertThat(theOneLine())
        .isEqualTo(
            "analyze: internal error: ArrayIndexOutOfBoundsException (no stack trace: run java with"
                + " -XX:-OmitStackTraceInFastThrow); rerun with --verbose for the stack trace");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void outOfMemoryNamesTheDumpItsSizeAndTheHeap(boolean verbose) throws IOException {
    Path dump = Files.write(dir.resolve("big.hprof"), new byte[3 * 1024 * 1024]);
    int exit =
        run(
            (d, b, p) -> {
              throw new OutOfMemoryError("Java heap space");
            },
            args(verbose, dump.toString()));

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_OUT_OF_MEMORY);
    String line = errLines().get(0);
    assertThat(line)
        .startsWith("analyze: out of memory while analysing " + dump + " (3.0 MiB);")
        .contains("give the JVM more heap (-Xmx");
    if (verbose) {
      lineThenStackTrace(line, "java.lang.OutOfMemoryError");
    } else {
      theOneLine();
    }
  }

  /**
   * A real out-of-memory, in a JVM of its own with a small heap: the analysis of a dump of a
   * million objects cannot fit in 24 MiB. The process's stderr is one line and its exit code 4.
   */
  @Test
  void realOutOfMemoryInItsOwnJvm() throws Exception {
    Path dump = millionObjects(dir.resolve("million.hprof"));
    Path stderr = dir.resolve("stderr.txt");
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Xmx24m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                AnalyzeCommand.class.getName(),
                "--quiet",
                dump.toString())
            .redirectError(stderr.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    List<String> lines = Files.readAllLines(stderr);
    assertThat(lines).as("stderr").hasSize(1);
    assertThat(lines.get(0))
        .startsWith("analyze: out of memory while analysing " + dump + " (")
        .contains("-Xmx");
    assertThat(process.exitValue()).isEqualTo(AnalyzeCommand.EXIT_OUT_OF_MEMORY);
  }

  @Test
  void theExitCodesAreInTheHelp() {
    assertThat(run(null, "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Exit codes:")
        .contains("--verbose")
        .containsPattern("\\s1\\s+internal error")
        .containsPattern("\\s2\\s+bad input")
        .containsPattern("\\s3\\s+a download or upload failed")
        .containsPattern("\\s4\\s+out of memory");
  }

  private static String[] args(boolean verbose, String... args) {
    if (!verbose) {
      return args;
    }
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--verbose";
    return all;
  }

  private static io.heapcapture.analyzer.report.AnalysisReport bug(int[] values) {
    values[values.length] = 1; // the line bugLine() names
    return null;
  }

  private static int bugLine() {
    try {
      bug(new int[0]);
    } catch (ArrayIndexOutOfBoundsException e) {
      return e.getStackTrace()[0].getLineNumber();
    }
    throw new AssertionError();
  }

  /** An HPROF file of one object array class and a chain of a million one-element arrays. */
  private static Path millionObjects(Path file) throws IOException {
    int objects = 1_000_000;
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
      out.writeInt(8);
      out.writeLong(0);
      byte[] name = "[Ljava/lang/Object;".getBytes(StandardCharsets.US_ASCII);
      record(out, 0x01, 8 + name.length);
      out.writeLong(1);
      out.write(name);
      record(out, 0x02, 4 + 8 + 4 + 8);
      out.writeInt(1);
      out.writeLong(0x100);
      out.writeInt(0);
      out.writeLong(1);
      int classDump = 1 + 8 + 4 + 8 * 6 + 4 + 2 + 2 + 2; // super, loader, 4 more ids
      int array = 1 + 8 + 4 + 4 + 8 + 8;
      int root = 1 + 8;
      record(out, 0x1c, classDump + root + (long) objects * array);
      out.writeByte(0x20);
      out.writeLong(0x100);
      out.writeInt(0);
      for (int i = 0; i < 6; i++) {
        out.writeLong(0);
      }
      out.writeInt(0);
      out.writeShort(0);
      out.writeShort(0);
      out.writeShort(0);
      out.writeByte(0xff); // ROOT_UNKNOWN: the first array
      out.writeLong(0x1000);
      for (int i = 0; i < objects; i++) {
        out.writeByte(0x22);
        out.writeLong(0x1000 + 16L * i);
        out.writeInt(0);
        out.writeInt(1);
        out.writeLong(0x100);
        out.writeLong(i + 1 < objects ? 0x1000 + 16L * (i + 1) : 0);
      }
      record(out, 0x2c, 0);
    }
    return file;
  }

  private static void record(DataOutputStream out, int tag, long length) throws IOException {
    out.writeByte(tag);
    out.writeInt(0);
    out.writeInt((int) length);
  }
}
