package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.Bytes;
import io.heapcapture.analyzer.report.ReportJson;
import io.heapcapture.analyzer.report.ReportMarkdown;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code analyze <dump> [--baseline <earlier dump>] [--json report.json] [--markdown report.md]}:
 * prints a short summary, writes the reports, and shows progress on large dumps.
 *
 * <p>Every input and output may also be an {@code http(s)://} URL, such as a presigned S3 URL:
 * dumps are downloaded into {@code --work-dir} and deleted when the command ends; reports are sent
 * with {@code PUT} and the Content-Type {@link #JSON_CONTENT_TYPE} or {@link
 * #MARKDOWN_CONTENT_TYPE}, exactly, so that URLs presigned with that content type accept them.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the reports are written",
      "1:internal error (a bug; --verbose prints the stack trace) or an I/O error",
      "2:bad input: not a heap dump, a corrupt one, a missing file, or bad arguments",
      "3:a download or upload failed",
      "4:out of memory: give the JVM more heap (-Xmx)"
    },
    description =
        "Analyse a heap dump (HPROF, plain/gzip/zstd, or a V8 .heapsnapshot): top retainers,"
            + " classes, and with --baseline what grew and the leak suspects. Dumps and reports"
            + " may be http(s) URLs (for example presigned S3 URLs).")
public final class AnalyzeCommand implements Callable<Integer> {
  /** Exit code for an internal error (a bug) or an I/O error reading or writing local files. */
  public static final int EXIT_INTERNAL_ERROR = 1;

  /** Exit code for input that is not a readable heap dump (and for bad arguments). */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for a download or upload that failed: HTTP 4xx, or 5xx/no connection 3 times. */
  public static final int EXIT_TRANSFER_FAILED = 3;

  /** The Content-Type of the JSON report's PUT; presign the URL with exactly this. */
  public static final String JSON_CONTENT_TYPE = "application/json";

  /** The Content-Type of the Markdown report's PUT; presign the URL with exactly this. */
  public static final String MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";

  /** Exit code for an analysis that ran out of heap. */
  public static final int EXIT_OUT_OF_MEMORY = 4;

  private static final String OUT_OF_MEMORY_LINE =
      "analyze: out of memory; give the JVM more heap (-Xmx)";

  private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

  @Parameters(index = "0", description = "The dump to analyse: a path or an http(s) URL.")
  String dump;

  @Option(
      names = "--baseline",
      description = "An earlier dump of the same workload: a path or an http(s) URL.")
  String baseline;

  @Option(names = "--json", description = "Write the JSON report here: a path, or a URL to PUT.")
  String json;

  @Option(
      names = "--markdown",
      description = "Write the Markdown report here: a path, or a URL to PUT.")
  String markdown;

  @Option(
      names = "--work-dir",
      description = "Where dumps given as URLs are downloaded to (default: java.io.tmpdir).")
  Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  @Option(
      names = "--verbose",
      description = "On failure, print the stack trace after the one-line message.")
  boolean verbose;

  /** Runs the analysis; tests put failures in here. */
  @FunctionalInterface
  interface Analysis {
    AnalysisReport analyze(Path dump, Path baseline, Progress progress) throws IOException;
  }

  private final PrintStream out;
  private final PrintStream err;
  private final HttpTransfer transfer;
  private final Analysis analysis;

  /** The dumps of this run, their local files, and whether the analysis is under way. */
  private Location dumpAt;

  private Location baselineAt;
  private Path dumpFile;
  private Path baselineFile;

  public AnalyzeCommand() {
    this(System.out, System.err, new HttpTransfer(RETRY_BACKOFF));
  }

  AnalyzeCommand(PrintStream out, PrintStream err, HttpTransfer transfer) {
    this(out, err, transfer, (d, b, p) -> new HeapAnalyzer().analyze(d, b, p));
  }

  AnalyzeCommand(PrintStream out, PrintStream err, HttpTransfer transfer, Analysis analysis) {
    this.out = out;
    this.err = err;
    this.transfer = transfer;
    this.analysis = analysis;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, new HttpTransfer(RETRY_BACKOFF));
  }

  static int run(String[] args, PrintStream out, PrintStream err, HttpTransfer transfer) {
    return run(args, new AnalyzeCommand(out, err, transfer));
  }

  static int run(String[] args, AnalyzeCommand command) {
    PrintStream err = command.err;
    return new CommandLine(command)
        .setOut(new java.io.PrintWriter(command.out, true))
        .setErr(new java.io.PrintWriter(err, true))
        .setParameterExceptionHandler(
            (e, a) -> {
              err.println("analyze: " + oneLine(e.getMessage()) + " (see --help)");
              return EXIT_BAD_INPUT;
            })
        .setExecutionExceptionHandler( // call() handles everything; this is a safety net
            (e, cl, parsed) -> command.fail(e))
        .execute(args);
  }

  /**
   * Runs the command. Every failure ends in exactly one line on stderr, {@code analyze: ...}, and
   * an exit code of the {@code exitCodeList}; the stack trace follows only with {@code --verbose}.
   */
  @Override
  public Integer call() {
    try {
      return analyzeAndReport();
    } catch (Throwable e) { // OutOfMemoryError and StackOverflowError included: one clear line
      try {
        return fail(e);
      } catch (OutOfMemoryError stillNoMemory) { // too little left even for the message
        err.println(OUT_OF_MEMORY_LINE);
        return EXIT_OUT_OF_MEMORY;
      }
    }
  }

  private int fail(Throwable e) {
    String dumpName = dumpAt != null ? dumpAt.toString() : dump;
    int exit;
    String message;
    if (e instanceof OutOfMemoryError) {
      message =
          "out of memory while analysing "
              + dumpName
              + sizeOf(dumpFile)
              + (baselineAt == null ? "" : " against " + baselineAt + sizeOf(baselineFile))
              + "; give the JVM more heap (-Xmx, now "
              + Bytes.human(Runtime.getRuntime().maxMemory())
              + ")";
      exit = EXIT_OUT_OF_MEMORY;
    } else if (e instanceof UnsupportedDumpException || e instanceof MalformedDumpException) {
      message = e.getMessage();
      exit = EXIT_BAD_INPUT;
    } else if (e instanceof TransferException) {
      message = e.getMessage();
      exit = EXIT_TRANSFER_FAILED;
    } else if (e instanceof NoSuchFileException) {
      message = e.getMessage() + ": no such file";
      exit = EXIT_BAD_INPUT;
    } else if (e instanceof AccessDeniedException) {
      message = e.getMessage() + ": permission denied";
      exit = EXIT_BAD_INPUT;
    } else if (e instanceof IOException) {
      message = "I/O error: " + (e.getMessage() == null ? describe(e) : e.getMessage());
      exit = EXIT_INTERNAL_ERROR;
    } else {
      message = "internal error: " + describe(e) + "; rerun with --verbose for the stack trace";
      exit = EXIT_INTERNAL_ERROR;
    }
    String line = "analyze: " + oneLine(message);
    err.println(downloads == null ? line : downloads.inTermsOfUrls(line));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return exit;
  }

  private static String sizeOf(Path file) {
    try {
      return file == null ? "" : " (" + Bytes.human(Files.size(file)) + ")";
    } catch (IOException | RuntimeException e) {
      return ""; // the size is a detail of the message
    }
  }

  /** {@code ArrayIndexOutOfBoundsException (Index 5 ...) at HprofClassTable.java:57}. */
  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
    String message = e.getMessage();
    if (message != null && !message.isBlank()) {
      s.append(" (").append(message.length() > 200 ? message.substring(0, 200) + "..." : message);
      s.append(')');
    }
    StackTraceElement at = where(e);
    if (at != null) {
      s.append(" at ")
          .append(at.getFileName() != null ? at.getFileName() : at.getClassName())
          .append(':')
          .append(at.getLineNumber());
    } else { // HotSpot throws a preallocated exception from hot compiled code
      s.append(" (no stack trace: run java with -XX:-OmitStackTraceInFastThrow)");
    }
    return s.toString();
  }

  /** The first frame in our code, else the first frame. */
  private static StackTraceElement where(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    for (StackTraceElement frame : trace) {
      if (frame.getClassName().startsWith("io.heapcapture.")) {
        return frame;
      }
    }
    return trace.length == 0 ? null : trace[0];
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** The downloads of this run (closed, but still mapping local copies to their URLs). */
  private Downloads downloads;

  private int analyzeAndReport() throws IOException {
    Progress progress = quiet ? Progress.NONE : new TerminalProgress(err);
    Location jsonAt;
    Location markdownAt;
    try {
      dumpAt = Location.parse(dump);
      baselineAt = baseline == null ? null : Location.parse(baseline);
      jsonAt = json == null ? null : Location.parse(json);
      markdownAt = markdown == null ? null : Location.parse(markdown);
    } catch (IllegalArgumentException e) {
      err.println("analyze: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    try (Downloads downloads = new Downloads(workDir, transfer, progress, err)) {
      this.downloads = downloads;
      dumpFile = downloads.local(dumpAt);
      baselineFile = baselineAt == null ? null : downloads.local(baselineAt);
      AnalysisReport report = analysis.analyze(dumpFile, baselineFile, progress);
      if (jsonAt != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportJson.write(report, bytes);
        write(jsonAt, bytes.toByteArray(), JSON_CONTENT_TYPE);
      }
      if (markdownAt != null) {
        byte[] bytes = ReportMarkdown.render(report).getBytes(StandardCharsets.UTF_8);
        write(markdownAt, bytes, MARKDOWN_CONTENT_TYPE);
      }
      out.print(TerminalSummary.render(report));
      out.flush();
      return 0;
    }
  }

  private void write(Location location, byte[] bytes, String contentType) throws IOException {
    if (location.isUrl()) {
      transfer.upload(location.url(), bytes, contentType);
    } else {
      Files.write(location.path(), bytes);
    }
  }
}
