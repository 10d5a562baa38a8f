package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.report.AnalysisReport;
import io.heapcapture.analyzer.report.Bytes;
import io.heapcapture.analyzer.report.ClassGrowth;
import io.heapcapture.analyzer.report.ClassStats;
import io.heapcapture.analyzer.report.LeakSuspect;
import io.heapcapture.analyzer.report.ReportMarkdown;
import java.util.Locale;

/** The few lines the terminal gets: totals, suspects, and the top classes or growth. */
final class TerminalSummary {
  private static final int ROWS = 5;

  private TerminalSummary() {}

  static String render(AnalysisReport report) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%s: %d objects, %s reachable of %s%n",
            report.dump(),
            report.heap().objects(),
            Bytes.human(report.heap().reachableBytes()),
            Bytes.human(report.heap().shallowBytes())));
    if (report.suspects().isEmpty()) {
      s.append(ReportMarkdown.noSuspect(report.baseline() != null)).append('\n');
    }
    for (LeakSuspect suspect : report.suspects()) {
      s.append("Suspect ").append(suspect.rank());
      if (report.baseline() != null && suspect.confidence().equals(LeakSuspect.LOW)) {
        s.append(" (low confidence)");
      }
      s.append(": ").append(suspect.sentence()).append('\n');
    }
    if (report.diff() != null) {
      s.append("Grew most since ").append(report.baseline()).append(":\n");
      report.diff().classes().stream()
          .filter(g -> g.bytesDelta() > 0)
          .limit(ROWS)
          .forEach(g -> s.append(growth(g)));
    } else {
      s.append("Largest classes (retained):\n");
      report.heap().classes().stream().limit(ROWS).forEach(c -> s.append(classLine(c)));
    }
    return s.toString();
  }

  private static String growth(ClassGrowth g) {
    return String.format(
        Locale.ROOT,
        "  %+d instances, %s  %s%n",
        g.instancesDelta(),
        "+" + Bytes.human(g.bytesDelta()),
        g.className());
  }

  private static String classLine(ClassStats c) {
    return String.format(
        Locale.ROOT,
        "  %10s  %8d  %s%n",
        Bytes.human(c.retainedBytes()),
        c.instances(),
        c.className());
  }
}
