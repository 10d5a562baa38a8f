package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.HeapAnalyzer;
import io.heapcapture.analyzer.Progress;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.ReportJson;
import io.heapcapture.analyzer.report.ReportMarkdown;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code analyze <dump> [--baseline <earlier dump>] [--json report.json] [--markdown report.md]}:
 * prints a short summary, writes the reports, and shows progress on large dumps.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description =
        "Analyse a heap dump (HPROF, plain/gzip/zstd, or a V8 .heapsnapshot): top retainers,"
            + " classes, and with --baseline what grew and the leak suspects.")
public final class AnalyzeCommand implements Callable<Integer> {
  static final int EXIT_BAD_INPUT = 2;

  @Parameters(index = "0", description = "The dump to analyse.")
  Path dump;

  @Option(names = "--baseline", description = "An earlier dump of the same workload.")
  Path baseline;

  @Option(names = "--json", description = "Write the JSON report here.")
  Path json;

  @Option(names = "--markdown", description = "Write the Markdown report here.")
  Path markdown;

  @Option(names = "--quiet", description = "No progress output.")
  boolean quiet;

  private final PrintStream out;
  private final PrintStream err;

  public AnalyzeCommand() {
    this(System.out, System.err);
  }

  AnalyzeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return new CommandLine(new AnalyzeCommand(out, err))
        .setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(err, true))
        .execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Progress progress = quiet ? Progress.NONE : new TerminalProgress(err);
    AnalysisReport report;
    try {
      report = new HeapAnalyzer().analyze(dump, baseline, progress);
    } catch (UnsupportedDumpException | MalformedDumpException e) {
      err.println("analyze: " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    if (json != null) {
      try (OutputStream file = Files.newOutputStream(json)) {
        ReportJson.write(report, file);
      }
    }
    if (markdown != null) {
      Files.writeString(markdown, ReportMarkdown.render(report), StandardCharsets.UTF_8);
    }
    out.print(TerminalSummary.render(report));
    out.flush();
    return 0;
  }
}
