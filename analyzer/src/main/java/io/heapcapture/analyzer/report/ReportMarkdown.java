package io.heapcapture.analyzer.report;

import java.util.List;

/** Renders the report's top tables as Markdown, for people and for pull requests. */
public final class ReportMarkdown {
  private static final int ROWS = 15;

  private ReportMarkdown() {}

  public static String render(AnalysisReport report) {
    StringBuilder md = new StringBuilder();
    HeapSummary heap = report.heap();
    md.append("# Heap analysis\n\n");
    md.append("- Dump: `").append(report.dump()).append("` (").append(heap.format()).append(")\n");
    if (report.baseline() != null) {
      md.append("- Baseline: `").append(report.baseline()).append("`\n");
    }
    md.append("- Objects: ")
        .append(heap.objects())
        .append(", shallow ")
        .append(human(heap.shallowBytes()));
    md.append(", reachable ").append(human(heap.reachableBytes())).append("\n\n");

    md.append("## Leak suspects\n\n");
    if (report.suspects().isEmpty()) {
      md.append(noSuspect(report.baseline() != null)).append("\n\n");
    }
    for (LeakSuspect s : report.suspects()) {
      md.append(s.rank()).append(". ");
      if (report.baseline() != null && s.confidence().equals(LeakSuspect.LOW)) {
        md.append("(low confidence) ");
      }
      md.append(s.sentence()).append("\n   Path: ").append(s.path()).append("\n");
    }
    md.append('\n');

    if (report.diff() != null) {
      md.append("## Growth since the baseline\n\n");
      md.append("| class | instances | Δ instances | shallow | Δ shallow | Δ retained |\n");
      md.append("|---|---:|---:|---:|---:|---:|\n");
      for (ClassGrowth g : first(report.diff().classes())) {
        md.append("| `")
            .append(g.className())
            .append("` | ")
            .append(g.instancesAfter())
            .append(" | ")
            .append(signed(g.instancesDelta()))
            .append(" | ")
            .append(human(g.bytesAfter()))
            .append(" | ")
            .append(signedHuman(g.bytesDelta()))
            .append(" | ")
            .append(signedHuman(g.retainedDelta()))
            .append(" |\n");
      }
      md.append('\n');
    }

    md.append("## Top retainers\n\n| retained | class | path from a GC root |\n|---:|---|---|\n");
    for (Retainer r : first(heap.topRetainers())) {
      md.append("| ")
          .append(human(r.retainedBytes()))
          .append(" | `")
          .append(r.className())
          .append("` | ")
          .append(r.pathText().replace("|", "\\|"))
          .append(" |\n");
    }
    md.append("\n## Classes\n\n| class | instances | shallow | retained |\n|---|---:|---:|---:|\n");
    for (ClassStats c : first(heap.classes())) {
      md.append("| `")
          .append(c.className())
          .append("` | ")
          .append(c.instances())
          .append(" | ")
          .append(human(c.shallowBytes()))
          .append(" | ")
          .append(c.retainedBytes() < 0 ? "" : human(c.retainedBytes()))
          .append(" |\n");
    }
    return md.toString();
  }

  /** Why a report lists no suspect. */
  public static String noSuspect(boolean withBaseline) {
    return withBaseline
        ? "No leak suspect: nothing grew by 0.5% of the reachable heap or more since the baseline."
        : "No leak suspect: nothing retains 5% of the reachable heap or more.";
  }

  private static <T> List<T> first(List<T> rows) {
    return rows.subList(0, Math.min(ROWS, rows.size()));
  }

  private static String signed(long n) {
    return n > 0 ? "+" + n : Long.toString(n);
  }

  private static String signedHuman(long n) {
    return n > 0 ? "+" + human(n) : human(n);
  }

  static String human(long bytes) {
    return Bytes.human(bytes);
  }
}
