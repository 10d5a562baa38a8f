package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.ReportJson;
import io.heapcapture.analyzer.report.ReportMarkdown;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
      "1:unexpected error",
      "2:bad input: not a heap dump, a corrupt one, or bad arguments",
      "3:a download or upload failed"
    },
    description =
        "Analyse a heap dump (HPROF, plain/gzip/zstd, or a V8 .heapsnapshot): top retainers,"
            + " classes, and with --baseline what grew and the leak suspects. Dumps and reports"
            + " may be http(s) URLs (for example presigned S3 URLs).")
public final class AnalyzeCommand implements Callable<Integer> {
  /** Exit code for input that is not a readable heap dump (and for bad arguments). */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for a download or upload that failed: HTTP 4xx, or 5xx/no connection 3 times. */
  public static final int EXIT_TRANSFER_FAILED = 3;

  /** The Content-Type of the JSON report's PUT; presign the URL with exactly this. */
  public static final String JSON_CONTENT_TYPE = "application/json";

  /** The Content-Type of the Markdown report's PUT; presign the URL with exactly this. */
  public static final String MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";

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

  private final PrintStream out;
  private final PrintStream err;
  private final HttpTransfer transfer;

  public AnalyzeCommand() {
    this(System.out, System.err, new HttpTransfer(RETRY_BACKOFF));
  }

  AnalyzeCommand(PrintStream out, PrintStream err, HttpTransfer transfer) {
    this.out = out;
    this.err = err;
    this.transfer = transfer;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, new HttpTransfer(RETRY_BACKOFF));
  }

  static int run(String[] args, PrintStream out, PrintStream err, HttpTransfer transfer) {
    return new CommandLine(new AnalyzeCommand(out, err, transfer))
        .setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(err, true))
        .execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Progress progress = quiet ? Progress.NONE : new TerminalProgress(err);
    Location dumpAt;
    Location baselineAt;
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
      AnalysisReport report;
      try {
        Path dumpFile = downloads.local(dumpAt);
        Path baselineFile = baselineAt == null ? null : downloads.local(baselineAt);
        report = new HeapAnalyzer().analyze(dumpFile, baselineFile, progress);
      } catch (UnsupportedDumpException | MalformedDumpException e) {
        err.println("analyze: " + downloads.inTermsOfUrls(e.getMessage()));
        return EXIT_BAD_INPUT;
      }
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
    } catch (TransferException e) {
      err.println("analyze: " + e.getMessage());
      return EXIT_TRANSFER_FAILED;
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
